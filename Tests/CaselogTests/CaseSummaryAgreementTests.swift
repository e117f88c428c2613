import Foundation
import Testing
import TestSupport

/// `caselog cases`, `caselog case` and `caselog view` read one case summary, so they say the
/// same of a case's worker, subject and state, however its events came in.
@Suite("One case summary for cases, case and the views")
struct CaseSummaryAgreementTests {
    private static let assignmentID = "6d1f3c2a-8b4e-4f0a-9e7d-2c5b8a1f4e60"
    private static let complaintID = "0b7e4d2c-1a3f-4c5e-8d9b-7f6a5e4d3c21"

    /// A store with two people, a tenancy case of the second assigned to a.old by event
    /// `assignmentID`, and a complaint by the first (`complaintID`).
    private func store() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        for arguments in [
            ["subject.registered", "--occurred-at", "2025-01-02T09:00:00Z", "kind=person", "name=Jane Example"],
            ["subject.registered", "--occurred-at", "2025-01-03T09:00:00Z", "kind=household", "name=The Smiths"],
            ["tenancy.referral-received", "--occurred-at", "2025-02-01T09:00:00Z", "household=P-000002", "tenancyRef=T-1",
             "reasons=rent-arrears"],
            ["case.assigned", "--case", "TS-2025-000001", "--occurred-at", "2025-02-03T09:00:00Z", "--id", Self.assignmentID,
             "worker=a.old"],
            ["complaint.received", "--occurred-at", "2025-02-04T09:00:00Z", "--id", Self.complaintID, "complainant=P-000001",
             "channel=phone", "categories=repairs", "summary=x"],
        ] {
            let result = cli.run(["record"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        return cli
    }

    private func record(_ cli: CLIFixture, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let result = cli.run(["record"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
    }

    /// The references `cases --format json ARGUMENTS` lists.
    private func listed(_ cli: CLIFixture, _ arguments: [String]) -> [String] {
        let result = cli.run(["cases", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let rows = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [[String: Any]] ?? []
        return rows.map { $0["case"] as? String ?? "?" }
    }

    /// The open cases the caseload view counts for `worker`.
    private func caseload(_ cli: CLIFixture, of worker: String) -> Int {
        let result = cli.run(["view", "caseload", "--worker", worker, "--format", "json", "--at", "2025-03-01"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any] ?? [:]
        let rows = json["rows"] as? [[String: Any]] ?? []
        return rows.first { $0["worker"] as? String == worker }?["openCases"] as? Int ?? 0
    }

    /// The `assignedTo` and `subject` that `case REF --format json` shows.
    private func shown(_ cli: CLIFixture, _ reference: String) -> (worker: String?, subject: String?) {
        let result = cli.run(["case", reference, "--format", "json", "--at", "2025-03-01"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any] ?? [:]
        return (json["assignedTo"] as? String, json["subject"] as? String)
    }

    @Test("after a correction of an assignment's worker, cases --worker, case and the caseload name the corrected worker")
    func correctedWorker() {
        let cli = store()
        record(cli, ["case.entry-corrected", "--case", "TS-2025-000001", "--occurred-at", "2025-02-05T09:00:00Z",
                     "eventId=\(Self.assignmentID)", "reason=Assigned to the wrong officer", #"changes={"worker":"b.new"}"#])
        #expect(shown(cli, "TS-2025-000001").worker == "b.new")
        #expect(caseload(cli, of: "b.new") == 1)
        #expect(caseload(cli, of: "a.old") == 0)
        #expect(listed(cli, ["--worker", "b.new"]) == ["TS-2025-000001"])
        #expect(listed(cli, ["--worker", "a.old"]) == [])
    }

    @Test("a back-dated assignment recorded after a later one does not replace it, in cases --worker and the caseload alike")
    func backDatedAssignment() {
        let cli = store()
        record(cli, ["case.assigned", "--case", "TS-2025-000001", "--occurred-at", "2025-02-10T09:00:00Z", "worker=b.new"])
        record(cli, ["case.assigned", "--case", "TS-2025-000001", "--occurred-at", "2025-02-02T09:00:00Z", "worker=c.late"])
        #expect(shown(cli, "TS-2025-000001").worker == "b.new")
        #expect(caseload(cli, of: "b.new") == 1)
        #expect(listed(cli, ["--worker", "b.new"]) == ["TS-2025-000001"])
        #expect(listed(cli, ["--worker", "c.late"]) == [])
    }

    @Test("after a correction of a complaint's complainant, cases --subject and case name the corrected subject")
    func correctedSubject() {
        let cli = store()
        record(cli, ["case.entry-corrected", "--case", "CMP-2025-000001", "--occurred-at", "2025-02-05T09:00:00Z",
                     "eventId=\(Self.complaintID)", "reason=The complaint came from the household", #"changes={"complainant":"P-000002"}"#])
        #expect(shown(cli, "CMP-2025-000001").subject == "P-000002")
        #expect(listed(cli, ["--subject", "P-000002"]) == ["TS-2025-000001", "CMP-2025-000001"])
        #expect(listed(cli, ["--subject", "P-000001"]) == [])
    }
}
