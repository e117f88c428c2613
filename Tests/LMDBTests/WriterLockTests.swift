import LMDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// With `writeWaitLimit`, a write waits a bounded time for another process's write and says
/// which process holds the store; the lock (`writer.lock`, a POSIX record lock) is held only
/// while this process writes.
@Suite("Waiting for the writer", .serialized)
struct WriterLockTests {
    func makeEnvironment(_ directory: TemporaryDirectory, limit: Duration = .milliseconds(300)) throws -> Environment {
        var options = Environment.Options()
        options.createIfMissing = true
        options.isDurable = false
        options.mapSize = 1 << 20
        options.writeWaitLimit = limit
        return try Environment(path: directory.appending("env"), options: options)
    }

    /// Another process (Python's `fcntl.lockf`, the same kind of lock) holding `writer.lock`
    /// for `seconds`; started once it holds it.
    func holdLock(_ directory: TemporaryDirectory, seconds: Int) throws -> ChildProcess {
        try #require(access("/usr/bin/python3", X_OK) == 0, "python3 is needed to hold the lock from another process")
        let ready = directory.appending("held")
        let script = "import fcntl, sys, time; f = open(sys.argv[1], 'r+'); fcntl.lockf(f, fcntl.LOCK_EX); open(sys.argv[2], 'w').close(); time.sleep(\(seconds))"
        let holder = ChildProcess("/usr/bin/python3", ["-c", script, directory.appending("env/writer.lock"), ready], scratch: directory)
        for _ in 0..<2_000 where access(ready, F_OK) != 0 { sleep(milliseconds: 5) }
        try #require(access(ready, F_OK) == 0, "the other process never took the lock")
        return holder
    }

    /// True when another process could take the lock now.
    func isFree(_ directory: TemporaryDirectory) -> Bool {
        let script = "import fcntl, sys; f = open(sys.argv[1], 'r+'); fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)"
        return ChildProcess.run("/usr/bin/python3", ["-c", script, directory.appending("env/writer.lock")], scratch: directory).status == 0
    }

    @Test("a write waits at most its limit for another process's writer, then fails naming that process, and writes nothing")
    func busy() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        let holder = try holdLock(directory, seconds: 20)
        defer {
            holder.kill()
            _ = holder.wait()
        }
        let started = ContinuousClock.now
        do {
            try env.write { txn in try txn.put([1], for: "k", in: db) }
            Issue.record("the write did not wait for the other process")
        } catch let busy as WriterBusy {
            #expect(busy.holder == holder.pid)
            #expect(busy.command == "python3 …")
            #expect(busy.waited >= .milliseconds(300))
        }
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(try env.read { try $0.value(for: "k", in: db) } == nil)
    }

    @Test("the lock is held only while this process writes: another process can take it between writes")
    func releasedAfterWrite() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            try txn.put([1], for: "k", in: db)
            #expect(!isFree(directory))
        }
        #expect(isFree(directory))
        #expect(permissions(of: directory.appending("env/writer.lock")) == 0o600)
    }

    @Test("threads of one process write in turn without waiting on their own lock")
    func threadsInTurn() throws {
        let directory = TemporaryDirectory()
        let env = try makeEnvironment(directory, limit: .milliseconds(50))
        let db = try env.openDatabase(named: "things", create: true)
        let threads = 4, writes = 25
        let failures = UnsafeMutablePointer<Int>.allocate(capacity: threads)
        failures.initialize(repeating: 0, count: threads)
        defer { failures.deallocate() }
        DispatchLikeThreads.run(count: threads) { thread in
            for n in 0..<writes {
                do {
                    try env.write { txn in try txn.put([UInt8(n)], for: BigEndianKey(UInt64(thread * 1000 + n)), in: db) }
                } catch {
                    failures[thread] += 1
                }
            }
        }
        #expect((0..<threads).map { failures[$0] } == Array(repeating: 0, count: threads))
        #expect(try env.read { try $0.statistics(of: db).entries } == threads * writes)
        #expect(isFree(directory))
    }
}

/// Runs `body` on `count` POSIX threads at once and waits for them all.
enum DispatchLikeThreads {
    final class Box: @unchecked Sendable {
        let body: (Int) -> Void
        let index: Int
        init(_ body: @escaping (Int) -> Void, _ index: Int) {
            self.body = body
            self.index = index
        }
    }

    static func run(count: Int, _ body: @escaping (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 0..<count {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(Box(body, index)).toOpaque()
            pthread_create(&thread, nil, { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body(box.index)
                return nil
            }, box)
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}
