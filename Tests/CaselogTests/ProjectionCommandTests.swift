import Foundation
import Testing
import TestSupport

/// `config`, `view`, `rebuild` and `report`, run as a manager runs them.
@Suite("Views, reports and settings from the command line")
struct ProjectionCommandTests {
    /// A store with a subject and a complaint received Monday 3 March 2025, never acknowledged.
    private func store() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
            {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Mould"}}
            {"type":"case.assigned","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:30:00Z","data":{"worker":"a.khan"}}

            """
        let result = cli.run(["import", cli.file("lines.jsonl", lines)])
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }

    private func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test("settings are set, read and listed; a bad value or an unknown name is a usage error that changes nothing")
    func settings() {
        let cli = store()
        #expect(cli.run(["config", "set", "homes", "12500"]).status == 0)
        #expect(cli.run(["config", "set", "replay.gap-days", "10"]).status == 0)
        #expect(cli.run(["config", "get", "homes"]).standardOutput.trimmingWhitespace == "12500")
        let bad = cli.run(["config", "set", "replay.gap-days", "0"])
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("from 1 to 36500"))
        #expect(cli.run(["config", "set", "colour", "blue"]).status == 64)
        let list = cli.run(["config", "list"]).standardOutput.lines
        #expect(list.count == 14)
        #expect(list.first?.hasPrefix("homes 12500 (position ") == true && list.first?.hasSuffix(" by \(CLIFixture.login))") == true)
        #expect(list.dropFirst().first?.hasPrefix("replay.gap-days 10 (position ") == true)
        #expect(Array(list.dropFirst(2)) == [
            "triage.immediate-risk-hours 24 (caselog's default)", "triage.immediate-risk-days 0 (caselog's default)", "triage.other-days 1 (caselog's default)",
            "write.wait-seconds 10 (caselog's default)", "tokens.expiry-days 90 (caselog's default)",
            "access.unusual-subjects-per-hour 50 (caselog's default)", "retention.complaint-years 6 (caselog's default)",
            "retention.tenancy-years 6 (caselog's default)", "retention.safeguarding-adult-years 10 (caselog's default)",
            "retention.safeguarding-child-until-age 25 (caselog's default)", "retention.subject-without-case-years 2 (caselog's default)",
            "bank-holidays England and Wales, 2024–2027 (as caselog ships them)",
        ])
        // Setting the value in force again records nothing.
        let again = cli.run(["config", "set", "homes", "12500"])
        #expect(again.status == 0 && again.standardOutput.contains("nothing was recorded"), "\(again.standardOutput)")
    }

    @Test("a view as JSON names the view and the date; a date that is not one is refused with exit 64")
    func view() {
        let cli = store()
        let result = cli.run(["view", "complaints-sla", "--at", "2025-03-14", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = json(result.standardOutput)
        #expect(object["view"] as? String == "complaints-sla")
        let rows = object["rows"] as? [[String: Any]] ?? []
        // Received Monday 3 March: the acknowledgement was due Monday 10 March, 4 working days before the 14th.
        #expect(rows.map { $0["case"] as? String } == ["CMP-2025-000001"])
        #expect(rows.first?["workingDaysLeft"] as? Int == -4)
        #expect(rows.first?["worker"] as? String == "a.khan")
        #expect(cli.run(["view", "caseload", "--at", "14/03/2025"]).status == 64)
        #expect(cli.run(["view", "everything"]).status == 64)
    }

    @Test("rebuild folds the log again and the views read the same")
    func rebuild() {
        let cli = store()
        let before = cli.run(["view", "caseload", "--at", "2025-03-14", "--format", "csv"]).standardOutput
        let result = cli.run(["rebuild", "case-summary"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("rebuilt case-summary from 3 events"))
        #expect(cli.run(["view", "caseload", "--at", "2025-03-14", "--format", "csv"]).standardOutput == before)
        #expect(cli.run(["rebuild", "nothing-of-that-name"]).status == 64)
    }

    @Test("a report as JSON has the Code's figures, --explain lists the events, and bad periods are refused")
    func report() {
        let cli = store()
        #expect(cli.run(["config", "set", "homes", "1000"]).status == 0)
        let result = cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = json(result.standardOutput)
        #expect((object["stage1"] as? [String: Any])?["received"] as? Int == 1)
        #expect(object["complaintsPer1000Homes"] as? Double == 1)
        #expect(!result.standardOutput.contains("Mould"), "a personal field never reaches a report")
        let explained = cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31",
                                 "--explain", "stage1.received"])
        #expect(explained.status == 0, "\(explained.standardError)")
        #expect(explained.standardOutput.contains("CMP-2025-000001"))
        #expect(cli.run(["report", "complaints-performance", "--from", "2025-04-01", "--to", "2025-03-01"]).status == 64)
        #expect(cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31", "--explain", "nonsense"]).status == 64)
    }

    @Test("a case as CSV is a row per deadline with the case's summary; as Markdown, its summary and tables")
    func caseSheets() {
        let cli = store()
        let csv = cli.run(["case", "CMP-2025-000001", "--format", "csv", "--at", "2025-03-14"])
        #expect(csv.status == 0, "\(csv.standardError)")
        let lines = csv.standardOutput.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.hasPrefix("case,caseType,state,stage,assignedTo,subject,riskLevel,openActions,nextDue,step,") == true)
        // Received Monday 3 March: acknowledgement due Monday 10 March (overdue on the 14th); the
        // response, unacknowledged, is due 10 working days after that, Monday 24 March.
        // Each row names the settings its deadline was worked out with (DOMAIN.md §10).
        let settings = #""triage.immediate-risk-hours 24 (caselog's default); triage.immediate-risk-days 0 (caselog's default); "#
            + #"triage.other-days 1 (caselog's default); "#
            + #"bank-holidays England and Wales, 2024–2027 (as caselog ships them)""#
        #expect(lines.dropFirst() == [
            "CMP-2025-000001,complaint,open,1,a.khan,P-000001,,0,2025-03-10,acknowledge-stage-1,2025-03-10,,overdue,0,false," + settings,
            "CMP-2025-000001,complaint,open,1,a.khan,P-000001,,0,2025-03-10,respond-stage-1,2025-03-24,,open,0,false," + settings,
        ])
        let markdown = cli.run(["case", "CMP-2025-000001", "--format", "markdown", "--at", "2025-03-14", "--without-personal"])
        #expect(markdown.status == 0)
        #expect(markdown.standardOutput.contains("| acknowledge-stage-1 | 2025-03-10 | — | overdue | 0 |"))
        #expect(!markdown.standardOutput.contains("Mould"))
    }

    @Test("the organisation's triage target moves the triage deadline in the case, the register and the report")
    func triageTarget() {
        let cli = store()
        let concern = #"{"type":"safeguarding.concern-raised","case":"SG-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":false,"description":"d"}}"#
        #expect(cli.run(["record", "--stdin"], input: concern + "\n").status == 0)
        // Raised Monday 3 March, not an immediate risk: due Tuesday 4 by default, overdue on Wednesday 5.
        func triage() -> String {
            let csv = cli.run(["case", "SG-2025-000001", "--format", "csv", "--at", "2025-03-05"]).standardOutput
            return csv.split(separator: "\r\n").dropFirst().first.map { $0.split(separator: ",", omittingEmptySubsequences: false)[9...12].joined(separator: ",") } ?? ""
        }
        #expect(triage() == "triage,2025-03-04,,overdue")
        #expect(cli.run(["config", "set", "triage.other-days", "3"]).status == 0)
        // Three working days: due Thursday 6, still open on the 5th.
        #expect(triage() == "triage,2025-03-06,,open")
        let register = cli.run(["view", "safeguarding-register", "--at", "2025-03-05", "--format", "csv"]).standardOutput
        #expect(register.contains("SG-2025-000001,untriaged,,P-000001,2025-03-03,open,"))
        #expect(cli.run(["config", "set", "triage.other-days", "99"]).status == 64)
    }
}
