import LMDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("LMDB environment")
struct EnvironmentTests {
    func makeEnvironment(_ directory: TemporaryDirectory, mapSize: Int = 1 << 20) throws -> Environment {
        var options = Environment.Options()
        options.createIfMissing = true
        options.mapSize = mapSize
        options.isDurable = false
        return try Environment(path: directory.appending("env"), options: options)
    }

    @Test("opening a directory without an environment fails with ENOENT and creates nothing")
    func missingEnvironment() {
        let directory = TemporaryDirectory()
        #expect(throws: LMDBError.self) { try Environment(path: directory.appending("none")) }
        do {
            _ = try Environment(path: directory.appending("none"))
        } catch {
            #expect(error.code == .system(ENOENT))
            #expect(error.description.contains(directory.appending("none")))
        }
        #expect(permissions(of: directory.appending("none")) == nil)
    }

    @Test("a created environment is readable by its owner only")
    func ownerOnly() throws {
        let directory = TemporaryDirectory()
        _ = try makeEnvironment(directory)
        #expect(permissions(of: directory.appending("env")) == 0o700)
        #expect(permissions(of: directory.appending("env/data.mdb")) == 0o600)
        #expect(permissions(of: directory.appending("env/lock.mdb")) == 0o600)
    }

    @Test("a value written and committed is read back, and a missing key reads as nil")
    func putAndGet() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in try txn.put(Array("value".utf8), for: "key", in: db) }
        let value = try env.read { txn in try txn.value(for: "key", in: db).map { Array($0) } }
        #expect(value == Array("value".utf8))
        let missing = try env.read { txn in try txn.value(for: "other", in: db).map { Array($0) } }
        #expect(missing == nil)
    }

    @Test("appends through a kept write cursor land in order, one out of order is refused, and dropping the cursor after its transaction does not crash")
    func keptWriteCursor() throws {
        struct Refused: Error {}
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "log", create: true)
        final class Kept { var cursor: WriteCursor? }
        let committed = Kept()
        let aborted = Kept()
        try env.write { txn in
            let cursor = try txn.openWriteCursor(on: db)
            for n in UInt8(1)...200 {
                _ = try cursor.reserve(64, for: [0, n], flags: .append) { $0.initializeMemory(as: UInt8.self, repeating: n) }
            }
            // An append whose key is not after the last one is refused, not misplaced.
            #expect(throws: LMDBError.self) { try cursor.put([1], for: [0, 5], flags: .append) }
            committed.cursor = consume cursor
        }
        #expect(throws: Refused.self) {
            try env.write { txn in
                aborted.cursor = try txn.openWriteCursor(on: db)
                throw Refused()
            }
        }
        // LMDB freed both cursors with their transactions: these must not close them again.
        committed.cursor = nil
        aborted.cursor = nil
        let values = try env.read { txn in
            try txn.withCursor(on: db) { cursor in
                var values: [UInt8] = []
                var entry = try cursor.first()
                while let (_, value) = entry {
                    values.append(value[0])
                    entry = try cursor.next()
                }
                return values
            }
        }
        #expect(values == Array(UInt8(1)...200))
    }

    @Test("a write whose closure throws leaves nothing behind")
    func abortedWrite() throws {
        struct Refused: Error {}
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        #expect(throws: Refused.self) {
            try env.write { txn in
                try txn.put([1], for: "a", in: db)
                throw Refused()
            }
        }
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
    }

    @Test("insert returns what is there and does not overwrite it")
    func insertIfAbsent() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        let first = try env.write { txn in try txn.insert([1], for: "k", in: db).map { Array($0) } }
        let second = try env.write { txn in try txn.insert([2], for: "k", in: db).map { Array($0) } }
        #expect(first == nil)
        #expect(second == [1])
        #expect(try env.read { try $0.value(for: "k", in: db).map { Array($0) } } == [1])
    }

    @Test("appending a key smaller than the last fails with keyExists")
    func appendOrder() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "log", create: true)
        try env.write { txn in
            try txn.put([1], for: BigEndianKey(1), in: db, flags: .append)
            try txn.put([2], for: BigEndianKey(2), in: db, flags: .append)
        }
        do {
            try env.write { txn in try txn.put([0], for: BigEndianKey(1), in: db, flags: .append) }
            Issue.record("append of a smaller key succeeded")
        } catch let error as LMDBError {
            #expect(error.code == .keyExists)
        }
    }

    @Test("a cursor walks keys in big-endian numeric order and seeks to the first key at least the one given")
    func cursorOrder() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "log", create: true)
        try env.write { txn in
            for key in [300, 2, 70_000, 1] as [UInt64] { try txn.put([UInt8(key % 251)], for: BigEndianKey(key), in: db) }
        }
        let (walked, sought, last): ([UInt64], UInt64?, UInt64?) = try env.read { txn in
            try txn.withCursor(on: db) { cursor in
                var keys: [UInt64] = []
                var entry = try cursor.first()
                while let (key, _) = entry {
                    keys.append(BigEndianKey.decode(key)!)
                    entry = try cursor.next()
                }
                let sought = try cursor.seek(atLeast: BigEndianKey(3)).flatMap { BigEndianKey.decode($0.key) }
                let last = try cursor.last().flatMap { BigEndianKey.decode($0.key) }
                return (keys, sought, last)
            }
        }
        #expect(walked == [1, 2, 300, 70_000])
        #expect(sought == 300)
        #expect(last == 70_000)
    }

    @Test("a reserved value is filled in place")
    func reserveInPlace() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "log", create: true)
        try env.write { txn in
            try txn.reserve(4, for: BigEndianKey(1), in: db, flags: .append) { buffer in
                buffer.copyBytes(from: [9, 8, 7, 6])
            }
        }
        #expect(try env.read { try $0.value(for: BigEndianKey(1), in: db).map { Array($0) } } == [9, 8, 7, 6])
    }

    @Test("a snapshot does not see writes committed after it began")
    func snapshotIsolation() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in try txn.put([1], for: "k", in: db) }
        let seen: [UInt8]? = try env.read { txn in
            try env.write { other in try other.put([2], for: "k", in: db) }
            return try txn.value(for: "k", in: db).map { Array($0) }
        }
        #expect(seen == [1])
        #expect(try env.read { try $0.value(for: "k", in: db).map { Array($0) } } == [2])
    }

    @Test("the map grows by itself when a write fills it, and nothing is lost")
    func mapGrowth() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory, mapSize: 256 << 10)
        let db = try env.openDatabase(named: "log", create: true)
        let before = env.info.mapSize
        let value = [UInt8](repeating: 0xAB, count: 1000)
        var attempts = 0
        try env.write { txn in
            attempts += 1
            for key in 1...4_000 as ClosedRange<UInt64> { try txn.put(value, for: BigEndianKey(key), in: db, flags: .append) }
        }
        #expect(env.info.mapSize > before)
        #expect(attempts > 1)
        #expect(try env.read { try $0.statistics(of: db).entries } == 4_000)
    }

    @Test("removeAll empties a database but keeps it")
    func removeAll() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "view", create: true)
        try env.write { txn in for key in 1...10 as ClosedRange<UInt64> { try txn.put([1], for: BigEndianKey(key), in: db) } }
        try env.write { txn in try txn.removeAll(in: db) }
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
        try env.write { txn in try txn.put([1], for: "again", in: db) }
        #expect(try env.read { try $0.statistics(of: db).entries } == 1)
    }

    @Test("delete reports whether the key was there")
    func delete() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in try txn.put([1], for: "k", in: db) }
        #expect(try env.write { txn in try txn.delete("k", in: db) } == true)
        #expect(try env.write { txn in try txn.delete("k", in: db) } == false)
    }

    @Test("a copy taken while open is a complete, openable environment")
    func compactCopy() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "log", create: true)
        try env.write { txn in for key in 1...500 as ClosedRange<UInt64> { try txn.put([UInt8(key % 200)], for: BigEndianKey(key), in: db) } }
        mkdir(directory.appending("copy"), 0o700)
        let file = open(directory.appending("copy/data.mdb"), O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(file >= 0)
        try env.copy(to: file, path: directory.appending("copy"), compact: true)
        close(file)
        let copy = try Environment(path: directory.appending("copy"))
        let copied = try copy.openDatabase(named: "log", create: false)
        #expect(try copy.read { try $0.statistics(of: copied).entries } == 500)
        #expect(try copy.read { try $0.value(for: BigEndianKey(321), in: copied).map { Array($0) } } == [121])
    }

    @Test("opening a database that does not exist without create fails with notFound")
    func missingDatabase() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        do {
            _ = try env.openDatabase(named: "absent", create: false)
            Issue.record("opened a missing database")
        } catch let error as LMDBError {
            #expect(error.code == .notFound)
        }
    }

    @Test("an environment with no dead readers clears none")
    func noStaleReaders() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        #expect(env.staleReadersCleared == 0)
        #expect(try env.clearStaleReaders() == 0)
    }
}
