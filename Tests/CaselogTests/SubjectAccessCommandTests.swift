import Foundation
import Testing
import TestSupport

/// `caselog subject-access P-…` (DOMAIN.md §8): everything held about one person, other people's
/// † fields redacted, with the positions drawn on and the head, and the read logged.
@Suite("subject-access")
struct SubjectAccessCommandTests {
    /// Two people, A (P-000001) and B (P-000002), in one household (P-000003) with a tenancy
    /// case; a complaint by each. Every † value is distinctive, so that its presence can be told.
    static let lines = """
        {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Alma Quixotic","phone":"07700 900111"}}
        {"type":"subject.registered","case":"P-000002","occurredAt":"2025-03-01T09:05:00Z","data":{"kind":"person","name":"Bertram Zephyrine","address":"9 Zephyr Row"}}
        {"type":"subject.registered","case":"P-000003","occurredAt":"2025-03-01T09:10:00Z","data":{"kind":"household","name":"Shared Household Name","householdMembers":["P-000001","P-000002"]}}
        {"type":"tenancy.referral-received","case":"TS-2025-000001","occurredAt":"2025-03-02T09:00:00Z","data":{"household":"P-000003","tenancyRef":"T-1042","reasons":["hoarding"],"summary":"Household summary HH-SECRET-7"}}
        {"type":"case.note-added","case":"TS-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"text":"Bertram said BZ-SECRET-99"}}
        {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Alma complaint AQ-SECRET-42"}}
        {"type":"complaint.received","case":"CMP-2025-000002","occurredAt":"2025-03-05T09:00:00Z","data":{"complainant":"P-000002","channel":"phone","categories":["repairs"],"summary":"Bertram complaint BZ-SECRET-55"}}
        {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-06T09:00:00Z","data":{"stage":1}}

        """

    static let ownValues = ["Alma Quixotic", "07700 900111", "AQ-SECRET-42"]
    static let othersValues = ["Bertram Zephyrine", "9 Zephyr Row", "BZ-SECRET-99", "BZ-SECRET-55", "HH-SECRET-7", "Shared Household Name"]

    func fixture() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let recorded = cli.run(["record", "--stdin"], input: Self.lines)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        return cli
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("the bundle for A holds A's † values and every event of A's cases in log order, none of B's † values")
    func ownDataNotOthers() throws {
        let cli = fixture()
        let head = cli.digest()
        let result = cli.run(["subject-access", "P-000001", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        for value in Self.ownValues { #expect(result.standardOutput.contains(value), "\(value) missing") }
        for value in Self.othersValues { #expect(!result.standardOutput.contains(value), "\(value) shown") }
        let bundle = try json(result.standardOutput)
        let events = try #require(bundle["events"] as? [[String: Any]])
        let positions = events.compactMap { ($0["position"] as? NSNumber)?.uint64Value }
        // A's stream (1), the household's tenancy case (4, 5) and A's complaint (6, 8); not B's (2, 7) nor the household's own stream (3).
        #expect(positions == [1, 4, 5, 6, 8])
        #expect((bundle["positions"] as? [NSNumber])?.map(\.uint64Value) == positions)
        #expect(events.map { $0["stream"] as? String } == ["P-000001", "TS-2025-000001", "TS-2025-000001", "CMP-2025-000001", "CMP-2025-000001"])
        // The household case's † fields are redacted, by name.
        #expect(events[1]["redacted"] as? [String] == ["summary"])
        #expect(events[2]["redacted"] as? [String] == ["text"])
        let headObject = try #require(bundle["head"] as? [String: Any])
        // The head is the head before the read was logged: the log entry comes after it.
        #expect("\((headObject["position"] as? NSNumber)?.uint64Value ?? 0) \(headObject["hash"] as? String ?? "")" == head)
    }

    @Test("the read is in the access log by the login, with purpose subject-access, A and A's cases")
    func logged() throws {
        let cli = fixture()
        #expect(cli.run(["subject-access", "P-000001"]).status == 0)
        let log = cli.run(["access-log", "--format", "csv"])
        #expect(log.status == 0, "\(log.standardError)")
        let rows = log.standardOutput.split(separator: "\r\n").dropFirst()
        #expect(rows.count == 1)
        #expect(rows.first?.contains(",\(CLIFixture.login),,subject-access,false,false,P-000001,1,TS-2025-000001 CMP-2025-000001,") == true,
                "\(log.standardOutput)")
    }

    @Test("html holds A's values and the redaction marker, and names the head")
    func html() throws {
        let cli = fixture()
        let head = cli.digest()
        let result = cli.run(["subject-access", "P-000001", "--format", "html"])
        #expect(result.status == 0, "\(result.standardError)")
        let page = result.standardOutput
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        for value in Self.ownValues { #expect(page.contains(value), "\(value) missing") }
        for value in Self.othersValues { #expect(!page.contains(value), "\(value) shown") }
        #expect(page.contains("[redacted: another person&#39;s data]") || page.contains("[redacted: another person's data]"))
        #expect(page.contains(String(head.split(separator: " ")[1])))
    }

    @Test("text is the default form and ends with the positions and the head")
    func text() throws {
        let cli = fixture()
        let head = cli.digest()
        let result = cli.run(["subject-access", "P-000002"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Bertram Zephyrine") && result.standardOutput.contains("BZ-SECRET-55"))
        #expect(!result.standardOutput.contains("Alma Quixotic") && !result.standardOutput.contains("AQ-SECRET-42"))
        #expect(result.standardOutput.contains("Positions drawn on: 2, 4, 5, 7\n"))
        #expect(result.standardOutput.contains("Head: \(head)\n"))
    }

    @Test("a complaint recorded against B and corrected to A is in A's bundle with its † fields, and out of B's")
    func correctedSubject() throws {
        let cli = fixture()
        let complaint = "0b7e4d2c-1a3f-4c5e-8d9b-7f6a5e4d3c21"
        #expect(cli.run(["record", "complaint.received", "--occurred-at", "2025-03-07T09:00:00Z", "--id", complaint, "complainant=P-000002",
                         "channel=letter", "categories=repairs", "summary=Letter LT-SECRET-31"]).status == 0)
        #expect(cli.run(["record", "case.entry-corrected", "--case", "CMP-2025-000003", "--occurred-at", "2025-03-08T09:00:00Z",
                         "eventId=\(complaint)", "reason=Written by Alma", #"changes={"complainant":"P-000001"}"#]).status == 0)
        let forA = cli.run(["subject-access", "P-000001", "--format", "json"])
        let streams = try #require(try json(forA.standardOutput)["streams"] as? [[String: Any]])
        #expect(streams.compactMap { $0["stream"] as? String } == ["P-000001", "TS-2025-000001", "CMP-2025-000001", "CMP-2025-000003"])
        #expect(streams.last?["personalShown"] as? Bool == true)
        #expect(forA.standardOutput.contains("LT-SECRET-31") && forA.standardOutput.contains("Written by Alma"))
        let forB = cli.run(["subject-access", "P-000002", "--format", "json"])
        #expect(forB.status == 0 && !forB.standardOutput.contains("CMP-2025-000003") && !forB.standardOutput.contains("LT-SECRET-31"))
    }

    @Test("an unknown subject is 66 naming it; a reference that is not a subject's is 64; --server is 64; none writes")
    func refusals() throws {
        let cli = fixture()
        let before = cli.digest()
        let unknown = cli.run(["subject-access", "P-000099"])
        #expect(unknown.status == 66 && unknown.standardError.contains("P-000099") && unknown.standardOutput.isEmpty, "\(unknown.standardError)")
        let notSubject = cli.run(["subject-access", "CMP-2025-000001"])
        #expect(notSubject.status == 64 && notSubject.standardError.contains("not a subject reference"), "\(notSubject.standardError)")
        let server = cli.run(["subject-access", "P-000001", "--server", "http://127.0.0.1:9"])
        #expect(server.status == 64 && server.standardError.contains("--server") && server.standardOutput.isEmpty, "\(server.standardError)")
        #expect(cli.digest() == before)
    }
}
