import Foundation
import Testing
import TestSupport

/// `caselog replay` and `caselog chronology` as the panel runs them: arguments, exit codes, forms.
@Suite("Replay and chronology commands")
struct ReplayCommandTests {
    /// A store with a subject and a safeguarding concern about them.
    private func concernStore() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let lines = [
            #"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-01-06T09:00:00Z","data":{"kind":"person","name":"Ada Example"}}"#,
            #"{"type":"safeguarding.concern-raised","case":"SG-2025-000001","occurredAt":"2025-01-10T09:00:00Z","data":{"subject":"P-000001","raisedBy":"neighbour","categories":["neglect-omission"],"immediateRisk":false,"description":"Neighbour worried"}}"#,
        ]
        let result = cli.run(["record", "--stdin"], input: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }

    @Test("replay prints the case and its subject, withholding personal fields; unknown cases exit 66")
    func replay() {
        let cli = concernStore()
        let result = cli.run(["replay", "SG-2025-000001"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("safeguarding.concern-raised"))
        #expect(result.standardOutput.contains("personal fields withheld: raisedBy, description"))
        #expect(!result.standardOutput.contains("Neighbour worried"))
        let missing = cli.run(["replay", "SG-2025-000009"])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("no case SG-2025-000009"))
    }

    @Test("a WHEN that is not a date or an instant, and --step without a terminal, are usage errors")
    func usage() {
        let cli = concernStore()
        #expect(cli.run(["replay", "SG-2025-000001", "--known-at", "last tuesday"]).status == 64)
        let step = cli.run(["replay", "SG-2025-000001", "--step"], input: "")
        #expect(step.status == 64)
        #expect(step.standardError.contains("--step needs a terminal"))
    }

    @Test("the HTML pack is self-contained and the chronology's CSV has a row per event")
    func forms() {
        let cli = concernStore()
        let html = cli.run(["replay", "SG-2025-000001", "--format", "html"]).standardOutput
        #expect(html.contains("<svg") && !html.contains("<script") && !html.contains("http"))
        let csv = cli.run(["chronology", "P-000001", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.standardOutput.split(separator: "\r\n").count == 3)
        #expect(cli.run(["chronology", "P-000009"]).status == 66)
    }

    @Test("--known-at before the review was opened says no review existed then, and shows what was known of its incident")
    func knownBeforeTheReview() throws {
        let cli = concernStore()
        let review = #"{"type":"review.opened","case":"PR-2025-0001","occurredAt":"2025-02-03T10:00:00Z","data":{"incidents":["SG-2025-000001"],"trigger":"near-miss"}}"#
        // An instant between the concern's recording and the review's (the store stamps recordedAt).
        Thread.sleep(forTimeInterval: 1.1)
        let between = ISO8601DateFormatter().string(from: Date())
        Thread.sleep(forTimeInterval: 1.1)
        let recorded = cli.run(["record", "--stdin"], input: review + "\n")
        #expect(recorded.status == 0, "\(recorded.standardError)")
        let result = cli.run(["replay", "PR-2025-0001", "--known-at", between])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("No review existed then: PR-2025-0001 was opened 2025-02-03 10:00"))
        #expect(result.standardOutput.contains("safeguarding.concern-raised"))
        #expect(result.standardOutput.contains("triage: due 2025-01-13, not done"))
    }
}
