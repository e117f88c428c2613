import Foundation
import Testing
import TestSupport

/// Migrated history (DOMAIN.md §10): an import keeps where an event came from, when and by whom
/// it was recorded there; late-entry flags use that time, and the replay and `case` mark it.
@Suite("Migrated history")
struct MigratedHistoryTests {
    static func line(_ type: String, _ reference: String, occurredAt: String, data: String, source: String?) -> String {
        #"{"type":"\#(type)","case":"\#(reference)","occurredAt":"\#(occurredAt)","data":\#(data)"#
            + (source.map { #","source":\#($0)"# } ?? "") + "}"
    }

    /// A concern raised in April 2019 in the old system: triaged there the next day (on time),
    /// and a note entered there ten days after the visit it records.
    private func migrated() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let old = #"{"system":"Civica CX","recordedAt":"2019-04-01T12:00:00Z","recordedBy":"j.smith"}"#
        let lines = [
            Self.line("subject.registered", "P-000001", occurredAt: "2019-04-01T09:00:00Z", data: #"{"kind":"person","name":"Jane Example"}"#,
                      source: old),
            Self.line("safeguarding.concern-raised", "SG-2019-000001", occurredAt: "2019-04-01T10:00:00Z",
                      data: #"{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":false,"description":"Hoarding"}"#, source: old),
            Self.line("case.note-added", "SG-2019-000001", occurredAt: "2019-04-02T10:00:00Z", data: #"{"text":"Visited"}"#,
                      source: #"{"system":"Civica CX","recordedAt":"2019-04-12T10:00:00Z"}"#),
        ].joined(separator: "\n") + "\n"
        let result = cli.run(["import", cli.file("old.jsonl", lines)])
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }

    @Test("an imported event keeps its source; only an entry late in the old system is flagged late, and both are marked migrated")
    func lateByTheSource() throws {
        let cli = migrated()
        let replay = cli.run(["replay", "SG-2019-000001", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(replay.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let concern = try #require(entries.first { $0["type"] as? String == "safeguarding.concern-raised" })
        let note = try #require(entries.first { $0["type"] as? String == "case.note-added" })
        // Written into this store years later, but entered in the old system the same day: not late.
        #expect(concern["lateDays"] is NSNull)
        #expect((concern["source"] as? [String: Any])?["system"] as? String == "Civica CX")
        #expect(note["lateDays"] as? Int == 10)
        let text = cli.run(["replay", "SG-2019-000001"]).standardOutput
        #expect(text.contains("! migrated from Civica CX (recorded there 2019-04-01 13:00 by j.smith)"), "\(text)")
        #expect(cli.run(["replay", "SG-2019-000001", "--format", "html"]).standardOutput.contains("<span class=\"flag migrated\">"))
        let shown = cli.run(["case", "SG-2019-000001"]).standardOutput
        #expect(shown.contains("migrated from Civica CX"), "\(shown)")
        #expect(!shown.contains("migratedFrom:"))
        #expect(cli.run(["verify"]).status == 0)
    }

    @Test("a source recorded before the event happened is refused, and `record` refuses a source; nothing is written")
    func refusals() {
        let cli = migrated()
        let before = cli.digest()
        let early = Self.line("case.note-added", "SG-2019-000001", occurredAt: "2019-04-05T10:00:00Z", data: #"{"text":"Call"}"#,
                              source: #"{"system":"Civica CX","recordedAt":"2019-04-04T10:00:00Z"}"#)
        let refused = cli.run(["import", cli.file("early.jsonl", early + "\n")])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("migratedFrom.recordedAt"), "\(refused.standardError)")
        let noSystem = Self.line("case.note-added", "SG-2019-000001", occurredAt: "2019-04-05T10:00:00Z", data: #"{"text":"Call"}"#,
                                 source: #"{"recordedAt":"2019-04-06T10:00:00Z"}"#)
        #expect(cli.run(["import", cli.file("nosystem.jsonl", noSystem + "\n")]).status == 65)
        let record = cli.run(["record", "case.note-added", "--case", "SG-2019-000001", "text=Call", #"migratedFrom={"system":"X","recordedAt":"2019-04-06T10:00:00Z"}"#])
        #expect(record.status == 65, "\(record.standardError)")
        #expect(cli.digest() == before)
    }
}
