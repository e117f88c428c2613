import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A writer that is stopped (SIGSTOP, a debugger, a full pipe) holds the store; others wait a
/// bounded time for it, then say who holds it.
@Suite("A stuck writer", .serialized)
struct StuckWriterTests {
    /// The process holding a write lock on `path`, if any (`F_GETLK`).
    func lockHolder(_ path: String) -> pid_t? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        guard fcntl(descriptor, F_GETLK, &request) == 0, request.l_type != Int16(F_UNLCK) else { return nil }
        return request.l_pid
    }

    /// An import of 20,000 generated events into `cli`'s store, stopped (SIGSTOP) once it
    /// holds the writer lock.
    func stoppedImport(into cli: CLIFixture) throws -> ChildProcess {
        let generated = cli.run(["generate", "--events", "20000", "--seed", "5"])
        let importer = cli.start(["import", cli.file("history.jsonl", generated.standardOutput)])
        var holding = false
        for _ in 0..<10_000 where !holding && importer.isRunning {
            holding = lockHolder(cli.store + "/writer.lock") == importer.pid
            if !holding { sleep(milliseconds: 1) }
        }
        importer.kill(SIGSTOP)
        if !holding { importer.endIfRunning() }
        try #require(holding, "the import never held the writer")
        return importer
    }

    @Test("while an import is stopped holding the store, record waits at most its limit, then exits 75 naming the importer")
    func stoppedImport() throws {
        let cli = CLIFixture()
        cli.initialise()
        let importer = try stoppedImport(into: cli)
        defer { importer.endIfRunning() }
        let started = ContinuousClock.now
        let record = ChildProcess(cli.binary, ["record", "case.note-added", "--store", cli.store, "--case", "CMP-2025-000001", "text=Called"],
                                  environment: ["CASELOG_WRITE_WAIT_SECONDS": "1"], scratch: cli.scratch)
        while record.isRunning && ContinuousClock.now - started < .seconds(20) { sleep(milliseconds: 20) }
        if record.isRunning { record.kill() }
        let result = record.wait()
        let waited = ContinuousClock.now - started
        #expect(result.status == 75, "\(result.status) \(result.standardError)")
        #expect(waited >= .seconds(1) && waited < .seconds(10), "\(waited)")
        #expect(result.standardError.lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("process \(importer.pid) (caselog import …) has held the writer for 1 s"), "\(result.standardError)")
        #expect(result.standardError.contains("nothing was written"), "\(result.standardError)")
        // Let go, the import finishes and the store holds it whole.
        importer.kill(SIGCONT)
        let imported = importer.wait()
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(cli.digest().hasPrefix("20000 "))
    }

    @Test("the wait is the store's setting write.wait-seconds when it is set")
    func waitFromTheSetting() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["config", "set", "write.wait-seconds", "1"]).status == 0)
        let importer = try stoppedImport(into: cli)
        defer { importer.endIfRunning() }
        let started = ContinuousClock.now
        let record = ChildProcess(cli.binary, ["record", "subject.registered", "--store", cli.store, "kind=person", "name=Waiting"],
                                  scratch: cli.scratch)
        while record.isRunning && ContinuousClock.now - started < .seconds(20) { sleep(milliseconds: 20) }
        if record.isRunning { record.kill() }
        let result = record.wait()
        let waited = ContinuousClock.now - started
        #expect(result.status == 75, "\(result.status) \(result.standardError)")
        #expect(waited >= .seconds(1) && waited < .seconds(8), "\(waited): the setting's 1 s, not the default 10 s")
        #expect(result.standardError.contains("has held the writer for 1 s"), "\(result.standardError)")
        importer.kill(SIGCONT)
        #expect(importer.wait().status == 0)
    }
}

extension ChildProcess {
    /// Lets a stopped process go on and ends it, if it is still running (a test that failed
    /// half-way leaves none behind).
    func endIfRunning() {
        guard isRunning else { return }
        kill(SIGCONT)
        kill()
        _ = wait()
    }
}
