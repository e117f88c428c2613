import Foundation
import Testing
import TestSupport

/// Entered in error, through the binary (DOMAIN.md §10): `caselog record case.entry-voided`
/// keeps the entry, marks it in `case` and the replay, and takes it out of reports and views.
@Suite("Voided entries from the command line")
struct VoidCommandTests {
    static let responseID = "2c7f8d9e-0fa1-4c12-9d4e-5f6a7b8c9d0e"
    static let openingID = "3d8a9e0f-1ab2-4d23-8e5f-6a7b8c9d0e1f"

    /// Two complaints received Monday 3 March 2025: CMP-2025-000001 acknowledged and answered on
    /// time (its response entered in error), CMP-2025-000002 opened on the wrong person.
    private func store() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
            {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"Leak"}}
            {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","data":{"stage":1}}
            {"type":"complaint.responded","case":"CMP-2025-000001","id":"\(Self.responseID)","occurredAt":"2025-03-05T09:00:00Z","data":{"stage":1,"decision":"upheld"}}
            {"type":"complaint.received","case":"CMP-2025-000002","id":"\(Self.openingID)","occurredAt":"2025-03-03T10:00:00Z","data":{"complainant":"P-000001","channel":"phone","categories":["repairs"],"summary":"Same leak"}}

            """
        let result = cli.run(["import", cli.file("lines.jsonl", lines)])
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }

    private func figure(_ cli: CLIFixture, _ group: String, _ name: String) -> Any? {
        let result = cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"])
        let object = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any]
        return (object?[group] as? [String: Any])?[name]
    }

    @Test("a voided link widens no replay, and a voided opening of a review leaves its findings out of other packs")
    func voidedLinkAndReview() throws {
        let cli = store()
        let linkID = "4e9b0f1a-2bc3-4e34-9f6a-7b8c9d0e1f2a"
        let lines = """
            {"type":"subject.registered","case":"P-000002","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Sam Other"}}
            {"type":"complaint.received","case":"CMP-2025-000003","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000002","channel":"email","categories":["repairs"],"summary":"Other"}}
            {"type":"case.linked","case":"CMP-2025-000001","id":"\(linkID)","occurredAt":"2025-03-06T09:00:00Z","data":{"otherCase":"CMP-2025-000003","relation":"related"}}

            """
        #expect(cli.run(["import", cli.file("more.jsonl", lines)]).status == 0)
        func streams() throws -> [String] {
            let replay = cli.run(["replay", "CMP-2025-000001", "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(replay.standardOutput.utf8)) as? [String: Any])
            return (object["streams"] as? [[String: Any]] ?? []).compactMap { $0["stream"] as? String }
        }
        #expect(try streams().contains("CMP-2025-000003"))
        #expect(cli.run(["record", "case.entry-voided", "--case", "CMP-2025-000001", "eventId=\(linkID)", "reason=Linked in error"]).status == 0)
        #expect(try !streams().contains("CMP-2025-000003"))
        #expect(try !streams().contains("P-000002"))
    }

    @Test("an analyst's projection, run or kept, counts no voided event and no event of a voided case")
    func analysts() throws {
        let cli = store()
        let spec = cli.file("complaints.yaml", """
            name: repairs-complaints
            title: Repairs complaints
            events:
              types: [complaint.received, complaint.responded, case.note-added]
            group-by: [type]
            measures:
              events: count

            """)
        func counts(_ arguments: [String]) throws -> [String: Int] {
            let result = cli.run(arguments + ["--format", "json"])
            #expect(result.status == 0, "\(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                                      "\(result.standardOutput)")
            let rows = object["rows"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                (row["type"] as? String).map { ($0, row["events"] as? Int ?? -1) }
            })
        }
        #expect(cli.run(["project", "add", spec]).status == 0)
        #expect(try counts(["project", "run", spec]) == ["complaint.received": 2, "complaint.responded": 1])
        #expect(try counts(["project", "show", "repairs-complaints"]) == ["complaint.received": 2, "complaint.responded": 1])
        for (reference, id) in [("CMP-2025-000001", Self.responseID), ("CMP-2025-000002", Self.openingID)] {
            #expect(cli.run(["record", "case.entry-voided", "--case", reference, "eventId=\(id)", "reason=Entered in error"]).status == 0)
        }
        #expect(try counts(["project", "run", spec]) == ["complaint.received": 1])
        #expect(try counts(["project", "show", "repairs-complaints"]) == ["complaint.received": 1])
        // A note on the voided complaint afterwards: the kept projection, caught up, agrees with a run.
        #expect(cli.run(["record", "case.note-added", "--case", "CMP-2025-000002", "text=Belongs to CMP-2025-000001"]).status == 0)
        #expect(try counts(["project", "run", spec]) == ["complaint.received": 1])
        #expect(try counts(["project", "show", "repairs-complaints"]) == ["complaint.received": 1])
    }

    @Test("a voided response and a voided complaint stay in the log and the replay, marked, and count in no report or view")
    func voided() throws {
        let cli = store()
        #expect(figure(cli, "stage1", "received") as? Int == 2)
        #expect(figure(cli, "stage1", "responded") as? Int == 1)
        for (reference, id) in [("CMP-2025-000001", Self.responseID), ("CMP-2025-000002", Self.openingID)] {
            let void = cli.run(["record", "case.entry-voided", "--case", reference, "eventId=\(id)", "reason=Entered in error"])
            #expect(void.status == 0, "\(void.standardError)")
        }
        #expect(figure(cli, "stage1", "received") as? Int == 1)
        #expect(figure(cli, "stage1", "responded") as? Int == 0)
        let shown = cli.run(["case", "CMP-2025-000001"]).standardOutput
        #expect(shown.contains("VOIDED by version 4: entered in error"), "\(shown)")
        #expect(shown.contains("respond-stage-1      2025-03-17  —           open") || shown.contains("respond-stage-1"), "\(shown)")
        let markdown = cli.run(["case", "CMP-2025-000001", "--format", "markdown"]).standardOutput
        #expect(markdown.contains("~~complaint.responded~~ (voided by version 4)"))
        let voidedCase = cli.run(["case", "CMP-2025-000002"]).standardOutput
        #expect(voidedCase.hasPrefix("CMP-2025-000002  complaint  voided"), "\(voidedCase)")
        #expect(cli.run(["cases", "--state", "voided"]).standardOutput.contains("CMP-2025-000002"))
        #expect(!cli.run(["view", "complaints-sla"]).standardOutput.contains("CMP-2025-000002"))
        let replay = cli.run(["replay", "CMP-2025-000001", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(replay.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let response = try #require(entries.first { $0["id"] as? String == Self.responseID })
        #expect((response["voided"] as? [String: Any])?["version"] as? Int == 4)
        #expect(cli.run(["replay", "CMP-2025-000001"]).standardOutput.contains("! voided, entered in error"))
        #expect(cli.run(["replay", "CMP-2025-000001", "--format", "html"]).standardOutput.contains("is-voided\""))
        #expect(cli.run(["verify"]).status == 0)
        // A further step on the voided complaint is refused, one line, exit 65, nothing written;
        // so is a correction of the voided response.
        let before = cli.digest()
        let correction = cli.run(["record", "case.entry-corrected", "--case", "CMP-2025-000001", "eventId=\(Self.responseID)",
                                  "reason=Wrong decision", #"changes={"decision":"not-upheld"}"#])
        #expect(correction.status == 65, "\(correction.standardError)")
        #expect(correction.standardError.contains("was voided"), "\(correction.standardError)")
        let refused = cli.run(["record", "complaint.acknowledged", "--case", "CMP-2025-000002", "stage=1"])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("entered in error and voided"))
        #expect(cli.digest() == before)
    }
}
