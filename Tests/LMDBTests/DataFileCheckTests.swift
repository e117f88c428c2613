@testable import LMDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// LMDB 0.9 checks only a meta page's magic and version: the rest of what it reads there it
/// acts on. These are the fields that made it crash, hang or read an older snapshot, and the
/// check that `Environment` makes before LMDB maps the file.
@Suite("Checking a data file before LMDB maps it")
struct DataFileCheckTests {
    /// An environment with a named database of `count` small values, closed again.
    func makeStore(_ directory: TemporaryDirectory, count: Int = 50) throws -> String {
        var options = Environment.Options()
        options.createIfMissing = true
        options.isDurable = false
        options.mapSize = 4 << 20
        let path = directory.appending("env")
        let env = try Environment(path: path, options: options)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            for key in 0..<UInt64(count) { try txn.put(Array(repeating: UInt8(key % 251), count: 40), for: BigEndianKey(key), in: db) }
        }
        try env.write { txn in try txn.put([1], for: "last", in: db) }
        return path
    }

    /// Opens the environment at `path` and reads the database back.
    func openAndRead(_ path: String) throws -> Int {
        let env = try Environment(path: path)
        let db = try env.openDatabase(named: "things", create: false)
        return try env.read { try $0.statistics(of: db).entries }
    }

    @Test("a sound data file passes the check and opens")
    func sound() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        #expect(try DataFileCheck.check(path + "/data.mdb"))
        #expect(try openAndRead(path) == 51)
    }

    @Test("a changed field of the newest meta page that LMDB would act on is refused as damage, naming it",
          arguments: [
              ("page size", DataFileEditor.Meta.pageSize + 1, UInt8(0x10), "page size"),
              ("free-page database flags", DataFileEditor.Meta.freeFlags, 0xFF, "free-page database's flags"),
              ("free-page database depth", DataFileEditor.Meta.freeDepth, 0x40, "free-page database"),
              ("main database flags", DataFileEditor.Meta.mainFlags + 1, 0x01, "main database"),
              ("main database depth", DataFileEditor.Meta.mainDepth, 0x40, "main database"),
              ("main database root", DataFileEditor.Meta.mainRoot + 6, 0x01, "main database"),
              ("last page", DataFileEditor.Meta.lastPage + 6, 0x80, "last page"),
              ("transaction id, lowest bit", DataFileEditor.Meta.transaction, 0x01, "transaction"),
              ("transaction id, a high byte", DataFileEditor.Meta.transaction + 5, 0x20, "transaction"),
          ])
    func changedMetaField(field: String, offset: Int, mask: UInt8, named: String) throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        var file = try DataFileEditor(path)
        file.bytes[file.newestMeta + offset] ^= mask
        file.save()
        do {
            _ = try Environment(path: path)
            Issue.record("a changed \(field) was not refused")
        } catch {
            #expect(error.code == .corrupted, "\(field): \(error)")
            #expect(error.detail?.contains(named) == true, "\(field): \(error)")
            #expect(error.description.contains(path + "/data.mdb"), "\(error)")
        }
        #expect(readFile(path + "/data.mdb") == file.bytes)
    }

    @Test("the older meta page's transaction id, changed to look newest, is refused: LMDB would read the older snapshot")
    func olderMetaPageMadeNewest() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        var file = try DataFileEditor(path)
        let older = file.newestMeta == 0 ? file.pageSize : 0
        file.set(file.uint64(at: older + DataFileEditor.Meta.transaction) + 2 << 32, at: older + DataFileEditor.Meta.transaction)
        file.save()
        #expect(throws: LMDBError.self) { try Environment(path: path) }
    }

    @Test("a file cut short within its pages in use is refused, naming its size and the size its meta page needs")
    func cutShort() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        let file = try DataFileEditor(path)
        let needed = (file.lastPage + 1) * file.pageSize
        for length in [file.pageSize * 3, needed / 2 + 7, file.pageSize + 200, 100] {
            writeFile(path + "/data.mdb", Array(file.bytes.prefix(length)))
            do {
                _ = try Environment(path: path)
                Issue.record("a file cut to \(length) bytes was opened")
            } catch {
                #expect(error.code == .corrupted, "\(length): \(error)")
                #expect(error.description.contains(grouped(length)), "\(error)")
                if length >= 2 * file.pageSize { #expect(error.description.contains(grouped(needed)), "\(error)") }
            }
        }
    }

    @Test("a file whose missing last pages are all free is opened, as LMDB itself can leave one; one page more is refused")
    func freeTailMissing() throws {
        let directory = TemporaryDirectory()
        var options = Environment.Options()
        options.createIfMissing = true
        options.isDurable = false
        options.mapSize = 8 << 20
        let path = directory.appending("env")
        do {
            let env = try Environment(path: path, options: options)
            let big = try env.openDatabase(named: "big", create: true)
            let things = try env.openDatabase(named: "things", create: true)
            try env.write { txn in for key in 0..<300 as Range<UInt64> { try txn.put(Array(repeating: UInt8(7), count: 900), for: BigEndianKey(key), in: big) } }
            try env.write { txn in try txn.removeAll(in: big) }
            try env.write { txn in try txn.put([1], for: "a", in: things) }
            try env.write { txn in try txn.put([2], for: "b", in: things) }
        }
        let file = try DataFileEditor(path)
        let free = try freePages(path)
        var trailing = 0
        while free.contains(UInt64(file.lastPage - trailing)) { trailing += 1 }
        try #require(trailing >= 2, "the store has no free pages at its end to cut")
        writeFile(path + "/data.mdb", Array(file.bytes.prefix((file.lastPage + 1 - trailing) * file.pageSize)))
        let env = try Environment(path: path)
        let things = try env.openDatabase(named: "things", create: false)
        #expect(try env.read { try $0.value(for: "b", in: things).map { Array($0) } } == [2])
        #expect(try env.read { txn in try env.auditPages(in: txn) }.map { if case .sound = $0 { true } else { false } } == true)
        writeFile(path + "/data.mdb", Array(file.bytes.prefix((file.lastPage - trailing) * file.pageSize)))
        #expect(throws: LMDBError.self) { try Environment(path: path) }
    }

    @Test("an empty data file is refused unless the environment is being created, when LMDB starts it afresh")
    func emptyFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("env")
        mkdir(path, 0o700)
        writeFile(path + "/data.mdb", [])
        do {
            _ = try Environment(path: path)
            Issue.record("an empty data file was opened")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.description.contains("empty"))
        }
        var options = Environment.Options()
        options.createIfMissing = true
        let env = try Environment(path: path, options: options)
        _ = try env.openDatabase(named: "things", create: true)
    }

    @Test("a file that does not start with an LMDB meta page is not an LMDB data file")
    func foreignFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("env")
        mkdir(path, 0o700)
        writeFile(path + "/data.mdb", Array("this is not a data file at all, but it is long enough to be read".utf8) + [UInt8](repeating: 0, count: 9000))
        #expect(throws: LMDBError(returnCode: -30793 /* MDB_INVALID */, operation: "opening \(path)/data.mdb",
                                  detail: "page 0 of \(path)/data.mdb is not an LMDB meta page: it is not an LMDB data file, or its start was overwritten")) {
            try Environment(path: path)
        }
    }

    @Test("a sound file that another writer grows while it is checked is never called damaged")
    func checkedWhileAnotherWriterCommits() throws {
        // The CI run that found this: twenty `caselog record` processes at once, and one was
        // told "data.mdb is 57,344 bytes, but its meta page says pages up to 19 are in use".
        let directory = TemporaryDirectory()
        let path = try makeStore(directory, count: 1)
        let env = try Environment(path: path, options: { var o = Environment.Options(); o.isDurable = false; o.mapSize = 64 << 20; return o }())
        let db = try env.openDatabase(named: "things", create: false)
        let refusals = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        refusals.initialize(to: 0)
        defer { refusals.deallocate() }
        let commits = 3000, checks = 3000
        DispatchLikeThreads.run(count: 2) { thread in
            if thread == 0 {
                // Each commit adds a page or more at the end of the file and a new meta page.
                for key in 0..<UInt64(commits) {
                    try? env.write { txn in try txn.put([UInt8](repeating: UInt8(key % 251), count: 3000), for: BigEndianKey(key + 1000), in: db) }
                }
            } else {
                for _ in 0..<checks {
                    do { _ = try DataFileCheck.check(path + "/data.mdb") } catch { refusals.pointee += 1 }
                }
            }
        }
        #expect(refusals.pointee == 0)
        #expect(try env.read { try $0.statistics(of: db).entries } == commits + 2)
    }

    /// The pages the newest meta page's free list names.
    func freePages(_ path: String) throws -> Set<UInt64> {
        let editor = try DataFileEditor(path)
        let file = try MappedDataFile(path: path + "/data.mdb", pageSize: editor.pageSize)
        let index = editor.newestMeta == 0 ? 0 : 1
        let meta = MetaPage(index: index, bytes: try #require(file.pages(UInt64(index))))
        let walker = PageWalker(file: file, lastPage: meta.lastPage, trackedPages: file.pageCount)
        var pages: Set<UInt64> = []
        try walker.walk(meta.free, name: "free", keyOrder: .integer, isFreePages: true) { entry throws(PageFault) in
            try FreeList.forEachPage(in: entry) { pages.insert($0) }
        }
        return pages
    }
}
