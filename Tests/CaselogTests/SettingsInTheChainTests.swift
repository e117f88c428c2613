import Foundation
import Testing
import TestSupport

/// Settings and bank holidays are events in the chain (DOMAIN.md §10, §13): a change that
/// moves compliance figures leaves a trace, needs `--force` when it looks like tampering, and
/// a report can be run as it stood before.
@Suite("Settings and calendars in the chain")
struct SettingsInTheChainTests {
    /// `CLIFixture.withLateComplaint()`.
    private func lateComplaint() -> CLIFixture { CLIFixture.withLateComplaint() }

    /// GOV.UK's shape with every day of March 2025 a bank holiday.
    private func everyDayOfMarch(_ cli: CLIFixture) -> String {
        let events = (1...31).map { String(format: #"{"title":"Holiday","date":"2025-03-%02d","notes":"","bunting":true}"#, $0) }
        return cli.file("bank-holidays.json", #"{"england-and-wales":{"division":"england-and-wales","events":["#
            + events.joined(separator: ",") + "]}}")
    }

    private func report(_ cli: CLIFixture, _ extra: [String] = []) -> [String: Any] {
        let result = cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.standardError)")
        return (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any] ?? [:]
    }

    private func withinCode(_ report: [String: Any]) -> Double? {
        ((report["stage1"] as? [String: Any])?["respondedWithinCodePercent"] as? NSNumber)?.doubleValue
    }

    private func calendarSource(_ report: [String: Any]) -> String {
        let settings = report["settings"] as? [[String: Any]] ?? []
        return settings.first { $0["name"] as? String == "bank-holidays" }?["source"] as? String ?? ""
    }

    @Test("a calendar that makes every day a holiday is refused without --force, and with it is on record")
    func falsifyingTheCalendar() throws {
        let cli = lateComplaint()
        #expect(withinCode(report(cli)) == 0)
        let before = cli.digest()
        let file = everyDayOfMarch(cli)

        let refused = cli.run(["calendar", "import", file])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("makes 31 days of 2025 bank holidays that caselog does not ship (more than 10 in a year)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--force"))
        #expect(cli.digest() == before, "a refused load wrote something")

        // What was known before the load, to ask the report as it was then.
        Thread.sleep(forTimeInterval: 1.1)
        let beforeTheLoad = ISO8601DateFormatter().string(from: Date())
        Thread.sleep(forTimeInterval: 1.1)
        let forced = cli.run(["calendar", "import", file, "--force"], onBehalfOf: "m.allory")
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(cli.digest() != before, "the load is not in the chain")

        let now = report(cli)
        #expect(withinCode(now) == 100)
        #expect(calendarSource(now).contains("with --force"), "\(calendarSource(now))")
        #expect(calendarSource(now).contains("by \(CLIFixture.login)"), "\(calendarSource(now))")
        let then = report(cli, ["--known-at", beforeTheLoad])
        #expect(withinCode(then) == 0)
        #expect(calendarSource(then) == "as caselog ships them")
        #expect(then["knownAt"] as? String != nil)

        let history = cli.run(["config", "history"])
        #expect(history.status == 0)
        #expect(history.standardOutput.contains("\(CLIFixture.login)  bank holidays loaded from england-and-wales: 31 added"), "\(history.standardOutput)")
        #expect(history.standardOutput.contains("with --force"))
        // Thirty-one dates are named by the first ten and a count, not one by one.
        #expect(history.standardOutput.contains("2025-03-10 and 21 more"), "\(history.standardOutput)")
        #expect(forced.standardOutput.contains("added: 2025-03-01, ") && forced.standardOutput.contains(" and 21 more"), "\(forced.standardOutput)")
    }

    @Test("a setting changed is an event with its previous value; the digest moves and the case names it")
    func settingChangedIsAnEvent() throws {
        let cli = lateComplaint()
        let before = cli.digest()
        #expect(cli.run(["config", "set", "triage.other-days", "3"]).status == 0)
        #expect(cli.run(["config", "set", "triage.other-days", "2"]).status == 0)
        #expect(cli.digest() != before)
        let exported = cli.run(["export"]).standardOutput.lines.filter { $0.contains(#""case":"settings""#) }
        #expect(exported.count == 2)
        #expect(exported.last?.contains(#""data":{"name":"triage.other-days","value":2,"previous":3}"#) == true, "\(exported)")
        #expect(exported.last?.contains(#""type":"setting.changed""#) == true)
        let shown = cli.run(["case", "CMP-2025-000001", "--at", "2025-03-31"]).standardOutput
        #expect(shown.contains("triage.other-days 2 (position 6, "), "\(shown)")
    }

    @Test("an export restores its settings into an empty store; a setting line is refused anywhere else")
    func restoringSettings() throws {
        let cli = lateComplaint()
        #expect(cli.run(["config", "set", "homes", "400"]).status == 0)
        let digest = cli.digest()
        // The export logs its own read (access.personal-read) after what it read: the restored head is the one before.
        let export = cli.file("export.jsonl", cli.run(["export"]).standardOutput)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let restored = cli.run(["import", export], store: copy)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(cli.digest(store: copy) == digest)
        #expect(cli.run(["config", "get", "homes"], store: copy).standardOutput.trimmingWhitespace == "400")

        let line = #"{"type":"setting.changed","case":"settings","occurredAt":"2025-03-01T09:00:00Z","data":{"name":"homes","value":1}}"#
        let before = cli.digest()
        let refused = cli.run(["record", "--stdin"], input: line + "\n")
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("written by caselog itself"), "\(refused.standardError)")
        let wrongStream = cli.run(["record", "case.note-added", "--case", "settings", "text=hello"])
        #expect(wrongStream.status == 65)
        #expect(cli.digest() == before)
    }

    @Test("an analyst's projection names the settings its deadlines were worked out with")
    func projectionNamesSettings() throws {
        let cli = lateComplaint()
        #expect(cli.run(["config", "set", "triage.other-days", "2"]).status == 0)
        let spec = repositoryRoot() + "/Projections/examples/safeguarding-triage-days.yaml"
        let json = cli.run(["project", "run", spec, "--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = (try? JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8))) as? [String: Any] ?? [:]
        let settings = object["settings"] as? [[String: Any]] ?? []
        #expect(settings.map { $0["name"] as? String ?? "" }
                == ["triage.immediate-risk-hours", "triage.immediate-risk-days", "triage.other-days", "bank-holidays"])
        #expect((settings.dropFirst(2).first?["source"] as? String)?.hasPrefix("position 5, ") == true, "\(settings)")
        let table = cli.run(["project", "run", spec])
        #expect(table.standardOutput.contains("worked out with: triage.immediate-risk-hours 24 (caselog's default); "
                                              + "triage.immediate-risk-days 0 (caselog's default); triage.other-days 2 (position 5"),
                "\(table.standardOutput)")
    }

    @Test("a restored export whose setting is outside its range is refused, naming the range")
    func restoredSettingOutOfRange() throws {
        let cli = lateComplaint()
        #expect(cli.run(["config", "set", "triage.other-days", "3"]).status == 0)
        let exported = cli.run(["export"]).standardOutput.replacingOccurrences(of: #""value":3"#, with: #""value":9999999999"#)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let restored = cli.run(["import", cli.file("export.jsonl", exported)], store: copy)
        #expect(restored.status == 65)
        #expect(restored.standardError.contains("triage.other-days takes 0 to 20, not 9999999999"), "\(restored.standardError)")
        #expect(cli.digest(store: copy).hasPrefix("0 "))
    }

    @Test("a wait in $CASELOG_WRITE_WAIT_SECONDS too large to mean anything is held to the setting's range, not a crash")
    func hugeWaitFromTheEnvironment() {
        let cli = lateComplaint()
        let result = ChildProcess.run(cli.binary, ["record", "case.note-added", "--store", cli.store, "--case", "CMP-2025-000001", "text=x"],
                                      environment: ["CASELOG_WRITE_WAIT_SECONDS": "1e300"], scratch: cli.scratch)
        #expect(result.status == 0, "\(result.status) \(result.standardError)")
    }

    @Test("an immediate risk is triaged within triage.immediate-risk-hours; a store that set working days keeps them until it sets hours")
    func triageInClockHours() throws {
        let cli = CLIFixture()
        cli.initialise()
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-06-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
            {"type":"safeguarding.concern-raised","case":"SG-2025-000001","occurredAt":"2025-06-07T09:00:00Z","data":{"subject":"P-000001","categories":["physical"],"immediateRisk":true,"description":"Bruises"}}

            """
        #expect(cli.run(["import", cli.file("lines.jsonl", lines)]).status == 0)
        func triageDue() throws -> String? {
            let result = cli.run(["case", "SG-2025-000001", "--format", "json", "--at", "2025-06-07", "--without-personal"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            return (object["deadlines"] as? [[String: Any]])?.first?["due"] as? String
        }
        // Raised Saturday 7 June at 10:00 BST: 24 clock hours, so Sunday.
        #expect(try triageDue() == "2025-06-08")
        // A store that set working days (the rule before the correction) keeps them: the same working day, Monday.
        #expect(cli.run(["config", "set", "triage.immediate-risk-days", "0"]).status == 0)
        #expect(try triageDue() == "2025-06-09")
        // Once it sets hours, hours count again.
        #expect(cli.run(["config", "set", "triage.immediate-risk-hours", "12"]).status == 0)
        #expect(try triageDue() == "2025-06-07")
        #expect(cli.run(["config", "set", "triage.immediate-risk-hours", "0"]).status == 64)
    }
}
