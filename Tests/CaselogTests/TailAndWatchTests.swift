import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `caselog tail` and `caselog watch`: events as they are recorded, without personal fields,
/// and the live alert that misses none across restarts (issue 21, DOMAIN.md §13).
@Suite("Following the log: tail and watch")
struct TailAndWatchTests {
    /// A store with the complaint history (positions 1–3), then a concern a day for each of `concerns`, with immediate risk where true.
    func fixture(concerns: [Bool]) -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        var lines = CLIFixture.complaintLines
        for (index, risky) in concerns.enumerated() {
            lines += concernLine(day: index + 4, risky: risky, note: index) + "\n"
        }
        let result = cli.run(["import", cli.file("history.jsonl", lines)])
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }

    func concernLine(day: Int, risky: Bool, note: Int) -> String {
        #"{"type":"safeguarding.concern-raised","occurredAt":"2025-03-0\#(day)T09:00:00Z","data":{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":\#(risky),"description":"Secret note \#(note)"}}"#
    }

    func lines(_ path: String) -> [String] {
        String(decoding: readFile(path) ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("tail prints the newest events, one a line, and as JSON lines without personal fields")
    func tailNewest() {
        let cli = fixture(concerns: [false, true])
        let text = cli.run(["tail", "--last", "2"])
        #expect(text.status == 0, "\(text.standardError)")
        let rows = text.standardOutput.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("4 ") == true && rows.last?.hasPrefix("5 ") == true, "\(text.standardOutput)")
        #expect(rows.allSatisfy { $0.contains("safeguarding.concern-raised") && $0.hasSuffix("by \(CLIFixture.login)") })
        let json = cli.run(["tail", "--from", "1", "--format", "json"])
        #expect(json.standardOutput.split(separator: "\n").count == 5)
        #expect(!json.standardOutput.contains("Jane Example") && !json.standardOutput.contains("Secret note"))
        #expect(json.standardOutput.contains(#""immediateRisk":true"#))
    }

    @Test("tail and watch from the last possible position read nothing, and do not crash")
    func lastPosition() {
        let cli = fixture(concerns: [true])
        let tail = cli.run(["tail", "--from", "18446744073709551615"])
        #expect(tail.status == 0 && tail.standardOutput.isEmpty, "\(tail.standardError)")
        let watch = cli.run(["watch", "--from", "18446744073709551615", "--no-follow", "--exec", "true"])
        #expect(watch.status == 0, "\(watch.standardError)")
    }

    @Test("a selection over a personal field, an unknown type or a field the type lacks is refused with 64")
    func badSelections() {
        let cli = fixture(concerns: [true])
        for (arguments, says) in [
            (["--type", "safeguarding.concern-raised", "--where", "description=Secret note 0"], "personal"),
            (["--type", "safeguarding.concern-raisd"], "did you mean safeguarding.concern-raised"),
            (["--type", "safeguarding.concern-raised", "--where", "colour=red"], "has no field \"colour\""),
            (["--where", "immediateRisk=true"], "--where needs --type"),
            (["--type", "safeguarding.concern-raised", "--where", "immediateRisk=maybe"], "true or false"),
            (["--type", "safeguarding.concern-raised", "--where", "categories=pigeon"], "matches nothing"),
        ] {
            for command in ["tail", "watch"] {
                let extra = command == "watch" ? ["--exec", "true", "--no-follow"] : []
                let result = cli.run([command] + arguments + extra)
                #expect(result.status == 64, "\(command) \(arguments)")
                #expect(result.standardError.contains(says), "\(result.standardError)")
                #expect(result.standardOutput.isEmpty)
            }
        }
    }

    @Test("watch hands each matching event to its command once, from its checkpoint, across runs")
    func watchFromCheckpoint() {
        let cli = fixture(concerns: [false, true, true])
        let out = cli.scratch.appending("alerts")
        let watch = ["watch", "--type", "safeguarding.concern-raised", "--where", "immediateRisk=true", "--no-follow",
                     "--exec", "cat >> '\(out)'; echo \"$CASELOG_EVENT_POSITION $CASELOG_EVENT_CASE\" >> '\(out).env'"]
        var result = cli.run(watch + ["--from", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(lines(out).count == 2)
        #expect(lines(out).allSatisfy { $0.contains(#""immediateRisk":true"#) && !$0.contains("Secret note") })
        #expect(lines(out + ".env").map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["5", "6"])
        result = cli.run(watch)
        #expect(result.status == 0 && lines(out).count == 2, "nothing new: nothing handed on again")
        #expect(cli.run(["record", "--stdin"], input: concernLine(day: 9, risky: true, note: 9) + "\n").status == 0)
        #expect(cli.run(["record", "--stdin"], input: concernLine(day: 9, risky: false, note: 10) + "\n").status == 0)
        result = cli.run(watch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(lines(out + ".env").last?.hasPrefix("7 ") == true && lines(out).count == 3)
    }

    @Test("watch alerts on the store's access events too: a logged read of † fields is handed on, without its reason")
    func watchAccessEvents() {
        let cli = fixture(concerns: [true])
        let out = cli.scratch.appending("reads")
        #expect(cli.run(["case", "SG-2025-000001"]).status == 0)   // shows † fields: logged
        let result = cli.run(["watch", "--type", "access.personal-read", "--no-follow", "--from", "1", "--exec", "cat >> '\(out)'"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(lines(out).count == 1)
        #expect(lines(out).first?.contains(#""purpose":"case""#) == true && lines(out).first?.contains("SG-2025-000001") == true)
    }

    @Test("a failing command keeps its event: exit 75, and the next run hands it on again")
    func watchRetries() {
        let cli = fixture(concerns: [true])
        let marker = cli.scratch.appending("fail")
        writeFile(marker, [])
        let out = cli.scratch.appending("alerts")
        let watch = ["watch", "--name", "lead", "--type", "safeguarding.concern-raised", "--from", "1", "--no-follow",
                     "--exec", "test -e '\(marker)' && exit 3; cat >> '\(out)'"]
        var result = cli.run(watch)
        #expect(result.status == 75)
        #expect(result.standardError.contains("exited 3 for the event at position 4"), "\(result.standardError)")
        unlink(marker)
        result = cli.run(watch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(lines(out).count == 1)
    }

    @Test("following, tail and watch see an event another process records, within seconds")
    func following() {
        let cli = fixture(concerns: [])
        let out = cli.scratch.appending("alerts")
        let watch = cli.start(["watch", "--type", "safeguarding.concern-raised", "--exec", "cat >> '\(out)'"])
        let tail = cli.start(["tail", "--follow", "--last", "0", "--format", "json"])
        sleep(milliseconds: 500)
        #expect(cli.run(["record", "--stdin"], input: concernLine(day: 9, risky: true, note: 1) + "\n").status == 0)
        var waited = 0
        while lines(out).isEmpty && waited < 10_000 {
            sleep(milliseconds: 50)
            waited += 50
        }
        #expect(lines(out).count == 1, "the watch saw the event within 10 s")
        sleep(milliseconds: 300)
        // SIGKILL: a child spawned from the test runner inherits its blocked signals.
        watch.kill()
        tail.kill()
        _ = watch.wait()
        let printed = tail.wait().standardOutput
        #expect(printed.contains(#""position":4"#) && !printed.contains("Secret note"), "\(printed)")
    }
}
