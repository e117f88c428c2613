import Foundation
import Testing
import TestSupport

@Suite("Crashes and concurrent writers", .serialized)
struct ConcurrencyAndCrashTests {
    /// The event ids in `caselog export`, which must all differ.
    func exportedIDs(_ cli: CLIFixture) -> [String] {
        cli.run(["export"]).standardOutput.lines.compactMap { line in
            guard let range = line.range(of: "\"id\":\"") else { return nil }
            return String(line[range.upperBound...].prefix(36))
        }
    }

    @Test("kill -9 in the middle of an import leaves the store as it was; re-importing completes it with nothing lost or doubled")
    func killedImport() throws {
        let cli = CLIFixture()
        let events = 12_000
        let generated = cli.run(["generate", "--events", "\(events)", "--seed", "11"])
        #expect(generated.status == 0)
        let file = cli.file("history.jsonl", generated.standardOutput)

        // How long a whole import takes here, to kill at fractions of it.
        let timing = cli.scratch.appending("timing")
        cli.initialise(store: timing)
        let started = Date()
        #expect(cli.run(["import", file], store: timing).status == 0)
        let duration = Date().timeIntervalSince(started)

        var killedMidWrite = 0
        for (attempt, fraction) in [0.15, 0.4, 0.65, 0.9].enumerated() {
            let store = cli.scratch.appending("store-\(attempt)")
            cli.initialise(store: store)
            let child = cli.start(["import", file], store: store)
            sleep(milliseconds: Int(duration * fraction * 1000))
            child.kill()
            let result = child.wait()
            let verify = cli.run(["verify", "--digest"], store: store)
            #expect(verify.status == 0, "verify after kill: \(verify.standardError)")
            let count = Int(verify.standardOutput.split(separator: " ").first ?? "") ?? -1
            #expect(count == 0 || count == events, "a killed import left \(count) events")
            if result.wasSignalled && count == 0 { killedMidWrite += 1 }
            let again = cli.run(["import", file], store: store)
            #expect(again.status == 0, "\(again.standardError)")
            let after = cli.run(["verify", "--digest"], store: store)
            #expect(after.standardOutput.hasPrefix("\(events) "))
            let ids = exportedIDs(CLIFixture.Reusing(cli, store: store))
            #expect(ids.count == events)
            #expect(Set(ids).count == events)
        }
        #expect(killedMidWrite >= 2, "the kills did not land while the import was writing")
    }

    @Test("four processes appending to one case at once lose nothing")
    func fourWriters() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let rounds = 6
        let perRound = 5
        var inputs: [String] = []
        for writer in 0..<4 {
            var text = ""
            for round in 0..<rounds {
                for n in 0..<perRound {
                    let minute = String(format: "%02d", n)
                    text += "{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-05T1\(writer):\(minute):0\(round)Z\",\"data\":{\"text\":\"writer \(writer) round \(round) note \(n)\"}}\n"
                }
            }
            inputs.append(text)
        }
        // Each writer records its notes in `rounds` separate processes, all four at once.
        let groups: [[String]] = inputs.map { text in
            let lines = text.lines
            return stride(from: 0, to: lines.count, by: perRound).map { lines[$0..<$0 + perRound].joined(separator: "\n") + "\n" }
        }
        for round in 0..<rounds {
            let children = (0..<4).map { writer in
                cli.start(["record", "--stdin"], inputPath: cli.file("w\(writer)-\(round).jsonl", groups[writer][round]))
            }
            for child in children {
                let result = child.wait()
                #expect(result.status == 0, "\(result.standardError)")
            }
        }
        let total = 3 + 4 * rounds * perRound
        #expect(cli.digest().hasPrefix("\(total) "))
        let versions = cli.run(["export"]).standardOutput.lines
            .filter { $0.contains("\"case\":\"CMP-2025-000001\"") }
            .compactMap { line -> Int? in
                guard let range = line.range(of: "\"version\":") else { return nil }
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
        #expect(versions == Array(1...(total - 1)))
    }

    @Test("two appends expecting the same version: exactly one wins, the other exits 75")
    func sameExpectedVersion() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        for attempt in 0..<3 {
            let version = 2 + attempt
            let lines = (0..<2).map { worker in
                cli.file("race-\(attempt)-\(worker).jsonl",
                         "{\"type\":\"case.assigned\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-05T09:0\(worker):00Z\",\"expectedVersion\":\(version),\"data\":{\"worker\":\"worker.\(worker)\"}}\n")
            }
            let children = lines.map { cli.start(["record", "--stdin"], inputPath: $0) }
            let statuses = children.map { $0.wait().status }.sorted()
            #expect(statuses == [0, 75], "attempt \(attempt): \(statuses)")
        }
        #expect(cli.digest().hasPrefix("6 "))
    }

    @Test("a reader killed while it held a snapshot leaves a slot that the next open clears")
    func staleReader() throws {
        let cli = CLIFixture()
        cli.initialise()
        let generated = cli.run(["generate", "--events", "2000", "--seed", "5"])
        #expect(cli.run(["import", "-"], input: generated.standardOutput).status == 0)
        // Two exports into pipes nobody reads: each blocks inside its read transaction. Two,
        // because LMDB resets the whole reader table when the last process leaves the store;
        // a stale slot only matters, and is only seen, while another process keeps it open.
        var pipes: [Int32] = []
        var pids: [pid_t] = []
        for name in ["first", "second"] {
            let fifo = cli.scratch.appending(name)
            #expect(mkfifo(fifo, 0o600) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            #expect(reader >= 0)
            pipes.append(reader)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 1, fifo, O_WRONLY, 0)
            var pid: pid_t = 0
            let words: [String] = [cli.binary, "export", "--store", cli.store]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            #expect(posix_spawn(&pid, cli.binary, &actions, nil, argv, environ) == 0)
            posix_spawn_file_actions_destroy(&actions)
            argv.forEach { free($0) }
            pids.append(pid)
        }
        defer {
            for pid in pids {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            pipes.forEach { close($0) }
        }
        var during = ""
        for _ in 0..<100 where !during.contains("\"readers\":2") {
            sleep(milliseconds: 100)
            during = cli.run(["stats", "--format", "json"]).standardOutput
        }
        #expect(during.contains("\"readers\":2"), "\(during)")

        let killed = pids.removeFirst()
        kill(killed, SIGKILL)
        var status: Int32 = 0
        waitpid(killed, &status, 0)
        let after = cli.run(["stats", "--format", "json"]).standardOutput
        #expect(after.contains("\"staleReadersCleared\":1"), "\(after)")
        #expect(after.contains("\"readers\":1"), "\(after)")
        // The store is whole and still takes writes.
        #expect(cli.run(["verify"]).status == 0)
        let more = cli.file("more.jsonl", "{\"type\":\"case.note-added\",\"case\":\"TS-2024-000001\",\"occurredAt\":\"2025-03-05T09:00:00Z\",\"data\":{\"text\":\"Phoned the tenant.\"}}\n")
        #expect(cli.run(["import", more]).status == 0)
    }
}

extension CLIFixture {
    /// The same binary and scratch directory, another store.
    struct Reusing {
        let base: CLIFixture
        let store: String
        init(_ base: CLIFixture, store: String) {
            self.base = base
            self.store = store
        }
        func run(_ arguments: [String]) -> ChildProcess.Result { base.run(arguments, store: store) }
    }
}

extension ConcurrencyAndCrashTests {
    func exportedIDs(_ cli: CLIFixture.Reusing) -> [String] {
        cli.run(["export"]).standardOutput.lines.compactMap { line in
            guard let range = line.range(of: "\"id\":\"") else { return nil }
            return String(line[range.upperBound...].prefix(36))
        }
    }
}
