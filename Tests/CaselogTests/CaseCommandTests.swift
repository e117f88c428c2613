import Foundation
import Testing
import TestSupport

/// `caselog record TYPE …`, `case`, `cases`, `calendar` and `demo`, run as the caseworker runs them.
@Suite("Caseworkers' commands")
struct CaseCommandTests {
    /// Runs `record` and expects it to succeed; returns its one output line.
    @discardableResult
    private func record(_ cli: CLIFixture, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = cli.run(["record"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        return result.standardOutput.trimmingWhitespace
    }

    /// `case REF --format json --at DATE`, parsed.
    private func caseJSON(_ cli: CLIFixture, _ reference: String, at date: String) -> [String: Any] {
        let result = cli.run(["case", reference, "--format", "json", "--at", date])
        #expect(result.status == 0, "\(result.standardError)")
        return (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any] ?? [:]
    }

    /// The deadlines as "step due done status extendedBy" lines.
    private func deadlines(_ json: [String: Any]) -> [String] {
        (json["deadlines"] as? [[String: Any]] ?? []).map { step in
            ["step", "due", "done", "status", "extendedBy"].map { key in
                step[key].map { "\($0)" }.flatMap { $0 == "<null>" ? "-" : $0 } ?? "?"
            }.joined(separator: " ")
        }
    }

    private func complaintStore() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        #expect(record(cli, ["subject.registered", "--occurred-at", "2025-01-02T09:00:00Z", "kind=person", "name=Jane Example"])
                == "P-000001 version 1 position 1")
        return cli
    }

    @Test("deadlines to the day over Christmas and New Year 2025: met, open, overdue, then late")
    func christmasDeadlines() {
        let cli = complaintStore()
        // Tuesday 23 December 2025; 25, 26 December and 1 January are bank holidays.
        #expect(record(cli, ["complaint.received", "--occurred-at", "2025-12-23T10:00:00Z", "complainant=P-000001",
                             "channel=letter", "categories=repairs,damp-mould", "summary=Leak"]) == "CMP-2025-000001 version 1 position 2")
        record(cli, ["complaint.acknowledged", "--case", "CMP-2025-000001", "--occurred-at", "2025-12-29T11:00:00Z", "stage=1"])
        // Acknowledged 29 December: respond by 10 working days later, 13 January 2026.
        var json = caseJSON(cli, "CMP-2025-000001", at: "2026-01-13")
        #expect(json["caseType"] as? String == "complaint" && json["state"] as? String == "open" && json["stage"] as? Int == 1)
        #expect(json["version"] as? Int == 2)
        #expect(deadlines(json) == ["acknowledge-stage-1 2026-01-02 2025-12-29 met 0",
                                    "respond-stage-1 2026-01-13 - open 0"])
        #expect(json["nextDue"] as? String == "2026-01-13")
        #expect(json["openActions"] as? Int == 0)
        json = caseJSON(cli, "CMP-2025-000001", at: "2026-01-14")
        #expect(deadlines(json).last == "respond-stage-1 2026-01-13 - overdue 0")
        record(cli, ["complaint.responded", "--case", "CMP-2025-000001", "--occurred-at", "2026-01-14T09:00:00Z", "stage=1",
                     "decision=upheld"])
        json = caseJSON(cli, "CMP-2025-000001", at: "2026-02-01")
        #expect(deadlines(json).last == "respond-stage-1 2026-01-13 2026-01-14 late 0")
        #expect(json["nextDue"] is NSNull, "nothing is due once every step is done")
        let events = json["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["type"] as? String ?? "" } == ["complaint.received", "complaint.acknowledged", "complaint.responded"])
        #expect((events.first?["data"] as? [String: Any])?["summary"] as? String == "Leak", "personal fields are shown to the caseworker")
    }

    @Test("received late in the evening in summer time counts from the London date, over Easter 2025, with an extension")
    func easterDeadlines() {
        let cli = complaintStore()
        // 23:30 UTC on Wednesday 16 April is 00:30 on Thursday 17 April in London; Good Friday
        // (18th) and Easter Monday (21st) are bank holidays: acknowledge by Monday 28 April.
        record(cli, ["complaint.received", "--occurred-at", "2025-04-16T23:30:00Z", "complainant=P-000001", "channel=web",
                     "categories=repairs", "summary=Boiler"])
        record(cli, ["complaint.extension-agreed", "--case", "CMP-2025-000001", "--occurred-at", "2025-05-01T09:00:00Z",
                     "stage=1", "workingDays=5", "reason=Waiting for the contractor's report"])
        // Unacknowledged: respond 10 working days after the acknowledgement's due date
        // (5 May is a bank holiday), then 5 more.
        var json = caseJSON(cli, "CMP-2025-000001", at: "2025-04-28")
        #expect(deadlines(json) == ["acknowledge-stage-1 2025-04-28 - open 0", "respond-stage-1 2025-05-20 - open 5"])
        json = caseJSON(cli, "CMP-2025-000001", at: "2025-05-21")
        #expect(deadlines(json) == ["acknowledge-stage-1 2025-04-28 - overdue 0", "respond-stage-1 2025-05-20 - overdue 5"])
    }

    @Test("escalation adds the stage 2 steps; a loaded bank holiday moves a deadline")
    func escalationAndCalendar() {
        let cli = complaintStore()
        record(cli, ["complaint.received", "--occurred-at", "2025-06-02T09:00:00Z", "complainant=P-000001", "channel=email",
                     "categories=communication", "summary=No reply"])
        record(cli, ["complaint.acknowledged", "--case", "CMP-2025-000001", "--occurred-at", "2025-06-03T09:00:00Z", "stage=1"])
        record(cli, ["complaint.responded", "--case", "CMP-2025-000001", "--occurred-at", "2025-06-10T09:00:00Z", "stage=1",
                     "decision=not-upheld"])
        record(cli, ["complaint.escalated", "--case", "CMP-2025-000001", "--occurred-at", "2025-06-20T09:00:00Z", "reason=Unhappy"])
        // Escalated Friday 20 June: acknowledge by Friday 27 June, respond 20 working days after that.
        var json = caseJSON(cli, "CMP-2025-000001", at: "2025-06-23")
        #expect(json["stage"] as? Int == 2)
        #expect(Array(deadlines(json).dropFirst(2)) == ["acknowledge-stage-2 2025-06-27 - open 0",
                                                          "respond-stage-2 2025-07-25 - open 0"])
        // An organisation's list that makes 25 June 2025 a holiday moves both steps a day.
        let file = cli.file("bank-holidays.json", """
            {"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year's Day","date":"2025-01-01","notes":"","bunting":true},
            {"title":"Local holiday","date":"2025-06-25","notes":"","bunting":false}]}}
            """)
        // It drops 2025's shipped holidays (Good Friday, …): refused unless forced, saying why.
        let refused = cli.run(["calendar", "import", file])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("leaves out 7 bank holidays of England and Wales that caselog ships"), "\(refused.standardError)")
        let loaded = cli.run(["calendar", "import", file, "--force"])
        #expect(loaded.status == 0, "\(loaded.standardError)")
        #expect(loaded.standardOutput.contains("added: 2025-06-25"), "\(loaded.standardOutput)")
        json = caseJSON(cli, "CMP-2025-000001", at: "2025-06-23")
        #expect(Array(deadlines(json).dropFirst(2)) == ["acknowledge-stage-2 2025-06-30 - open 0",
                                                          "respond-stage-2 2025-07-28 - open 0"])
        let bad = cli.run(["calendar", "import", cli.file("bad.json", "{\"scotland\":{}}")])
        #expect(bad.status == 65)
        #expect(bad.standardError.contains("england-and-wales"), "\(bad.standardError)")
    }

    @Test("record reads lists, Booleans and numbers by the catalogue; a refused event leaves the store as it was")
    func recordArguments() {
        let cli = complaintStore()
        #expect(record(cli, ["safeguarding.concern-raised", "--occurred-at", "2025-03-01T09:00", "subject=P-000001",
                             "categories=financial-material, self-neglect", "immediateRisk=yes", "description=Worried"])
                == "SG-2025-000001 version 1 position 2")
        let json = caseJSON(cli, "SG-2025-000001", at: "2025-03-01")
        let data = (json["events"] as? [[String: Any]])?.first?["data"] as? [String: Any] ?? [:]
        #expect(data["categories"] as? [String] == ["financial-material", "self-neglect"])
        #expect(data["immediateRisk"] as? Bool == true)
        // Raised on Saturday 1 March at 09:00 with an immediate risk: triage due 24 clock hours later,
        // Sunday 2 March (weekends do not pause a person at risk).
        #expect(deadlines(json) == ["triage 2025-03-02 - open 0"])
        let before = cli.digest()
        let refusals: [([String], String)] = [
            (["safeguarding.referred", "--case", "SG-2025-000001", "agency=police"], "must be triaged"),
            (["safeguarding.triaged", "--case", "SG-2025-000001", "riskLevel=severe", "decision=refer-police", "rationale=x"],
             "riskLevel"),
            (["case.note-added", "--case", "SG-2025-000001", "txt=hello"], "did you mean \"text\""),
            (["tenancy.plan-agreed", "--case", "SG-2025-000001", #"goals=[{"goalId":"G1"}]},"position":1,"x":{"#], "one JSON value"),
            (["case.note-added", "--case", "SG-2025-000002", "text=x"], "there is no such case"),
            (["safeguarding.concern-raised", "subject=P-000009", "categories=physical", "immediateRisk=no", "description=x"],
             "P-000009 is not registered"),
        ]
        for (arguments, expected) in refusals {
            let result = cli.run(["record"] + arguments)
            #expect(result.status == 65, "\(arguments)")
            #expect(result.standardError.contains(expected), "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "one line: \(result.standardError)")
        }
        #expect(cli.run(["record", "case.note-added", "text"]).status == 64)
        #expect(cli.run(["record", "case.note-added", "--case", "SG-2025-000001", "--occurred-at", "tomorrow", "text=x"]).status == 64)
        // A retry with --id must state a fixed time, or it would not be the same event.
        let id = "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"
        #expect(cli.run(["record", "case.note-added", "--case", "SG-2025-000001", "--id", id, "text=x"]).status == 64)
        #expect(cli.digest() == before)
        let retry = ["record", "case.note-added", "--case", "SG-2025-000001", "--id", id, "--occurred-at", "2025-03-02T10:00", "text=x"]
        // Position 3 is the access log's entry for the `case` read above (it showed † fields).
        #expect(cli.run(retry).standardOutput == "SG-2025-000001 version 2 position 4\n")
        #expect(cli.run(retry).standardOutput == "SG-2025-000001 version 2 position 4 (already recorded)\n")
    }

    @Test("cases filters by type, state, worker and subject; case names what is missing")
    func casesList() {
        let cli = complaintStore()
        record(cli, ["subject.registered", "--occurred-at", "2025-01-03T09:00:00Z", "kind=household", "name=The Smiths"])
        record(cli, ["tenancy.referral-received", "--occurred-at", "2025-02-01T09:00:00Z", "household=P-000002",
                     "tenancyRef=T-1", "reasons=rent-arrears"])
        record(cli, ["complaint.received", "--occurred-at", "2025-02-02T09:00:00Z", "complainant=P-000001", "channel=phone",
                     "categories=repairs", "summary=x"])
        record(cli, ["case.assigned", "--case", "TS-2025-000001", "worker=a.khan"])
        record(cli, ["complaint.withdrawn", "--case", "CMP-2025-000001"])
        func listed(_ arguments: [String]) -> [String] {
            let result = cli.run(["cases", "--format", "json"] + arguments)
            #expect(result.status == 0, "\(result.standardError)")
            let rows = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [[String: Any]] ?? []
            return rows.map { "\($0["case"] ?? "") \($0["state"] ?? "")" }
        }
        #expect(listed([]) == ["TS-2025-000001 open", "CMP-2025-000001 closed"])
        #expect(listed(["--state", "open"]) == ["TS-2025-000001 open"])
        #expect(listed(["--worker", "a.khan"]) == ["TS-2025-000001 open"])
        #expect(listed(["--subject", "P-000001"]) == ["CMP-2025-000001 closed"])
        #expect(listed(["--type", "subject"]) == ["P-000001 open", "P-000002 open"])
        #expect(cli.run(["case", "TS-2025-000009"]).status == 66)
        #expect(cli.run(["case", "TS-25-1"]).status == 65)
        let table = cli.run(["case", "TS-2025-000001"])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("assigned to a.khan"), "\(table.standardOutput)")
    }

    @Test("what a caseworker typed is printed as text: an escape sequence in a worker's name cannot reach the terminal")
    func controlCharactersShown() {
        let cli = complaintStore()
        record(cli, ["subject.registered", "--occurred-at", "2025-01-03T09:00:00Z", "kind=household", "name=The Smiths"])
        record(cli, ["tenancy.referral-received", "--occurred-at", "2025-02-01T09:00:00Z", "household=P-000002",
                     "tenancyRef=T-1", "reasons=rent-arrears"])
        let worker = "a.khan\u{1B}[2J\u{1B}]0;owned\u{07}\nTS-2099-000001 fake row"
        let assigned = cli.run(["record", "case.assigned", "--case", "TS-2025-000001", "worker=\(worker)"])
        #expect(assigned.status == 0, "\(assigned.standardError)")
        for arguments in [["cases"], ["case", "TS-2025-000001"]] {
            let result = cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            let output = result.standardOutput + result.standardError
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
            #expect(output.contains("a.khan␛[2J␛]0;owned␇␊TS-2099-000001 fake row"), "\(arguments): \(output)")
            #expect(!output.split(separator: "\n").contains { $0.hasPrefix("TS-2099-000001") }, "\(arguments)")
        }
        // JSON keeps the exact value, escaped as JSON escapes it.
        let json = cli.run(["cases", "--format", "json", "--worker", worker])
        let rows = (try? JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8))) as? [[String: Any]] ?? []
        #expect(rows.first?["assignedTo"] as? String == worker, "\(json.standardOutput)")
    }

    @Test("demo writes a checked, verified history into a new store and refuses one that holds events")
    func demo() {
        let cli = CLIFixture()
        let store = cli.scratch.appending("demo")
        let result = cli.run(["demo", "--events", "3000"], store: store)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Wrote 3,000 events"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("The hash chain verifies"))
        #expect(result.standardOutput.contains("acknowledge-stage-1"))
        // The history, then the board's decisions: the number of homes and five targets under two aims.
        #expect(cli.digest(store: store).hasPrefix("3006 "))
        #expect(result.standardOutput.contains("The board's aims and targets over the last twelve months"))
        #expect(result.standardOutput.contains("  Keep the people we house safe\n"))
        #expect(cli.run(["config", "get", "homes"], store: store).standardOutput == "12000\n")
        #expect(cli.run(["target", "list"], store: store).standardOutput.split(separator: "\n").count == 6)
        let again = cli.run(["demo", "--events", "3000"], store: store)
        #expect(again.status == 73)
        #expect(cli.digest(store: store).hasPrefix("3006 "))
    }
}
