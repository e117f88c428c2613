import Casework
import EventLog
import Foundation
import Testing
import TestSupport

/// DOMAIN.md §8: `raisedBy`, `attendees`, `agency`, `reason` and the like are personal data.
/// A store written before the rule holds them in events' data maps, which are never rewritten;
/// events recorded since keep them in the personal section. Every output without personal data
/// leaves out both, and every output with personal data shows both.
@Suite("Fields personal by DOMAIN.md §8's rule, in old events and new")
struct PersonalByRuleTests {
    /// The name in the old events' data maps, and the one in the new events.
    static let oldName = "Petrova"
    static let newName = "Whitlock"

    /// A store with old events (written as a caselog before the rule would have, the name in
    /// their data maps) and new ones recorded through `caselog record`.
    static let fixture: CLIFixture = {
        let cli = CLIFixture()
        let referredOn = EventID.random()
        let old: [OlderCaselog.Event] = [
            .init(stream: "P-000001", type: "subject.registered", occurredAt: "2025-03-03T09:00:00Z",
                  data: ["kind": "person"], personal: ["name": "Jane Example"]),
            .init(stream: "TS-2025-000001", type: "tenancy.referral-received", occurredAt: "2025-03-04T09:00:00Z",
                  data: ["household": "P-000001", "tenancyRef": "T-1", "reasons": ["hoarding"]]),
            .init(id: referredOn, stream: "TS-2025-000001", type: "tenancy.referred-on", occurredAt: "2025-03-05T09:00:00Z",
                  data: ["agency": "Ola Petrova Advice", "reason": "Ola Petrova offered help"]),
            .init(stream: "TS-2025-000001", type: "case.entry-corrected", occurredAt: "2025-03-06T09:00:00Z",
                  data: ["eventId": .text(referredOn.description), "reason": "Ola Petrova spelled it",
                         "changes": ["agency": "Petrova Trust"]]),
            .init(stream: "SG-2025-000001", type: "safeguarding.concern-raised", occurredAt: "2025-03-07T09:00:00Z",
                  data: ["subject": "P-000001", "raisedBy": "Ola Petrova", "categories": ["self-neglect"], "immediateRisk": false],
                  personal: ["description": "Found unwell at home"]),
            .init(stream: "SG-2025-000001", type: "safeguarding.triaged", occurredAt: "2025-03-07T12:00:00Z",
                  data: ["riskLevel": "low", "decision": "internal-support"], personal: ["rationale": "Support in place"]),
            .init(stream: "SG-2025-000001", type: "safeguarding.strategy-meeting-held", occurredAt: "2025-03-10T09:00:00Z",
                  data: ["attendees": ["Ola Petrova", "police"]]),
        ]
        do {
            try OlderCaselog.write(old, into: cli.store)
        } catch {
            Issue.record("the old store could not be written: \(error)")
        }
        let referred = cli.run(["record", "tenancy.referred-on", "--case", "TS-2025-000001", "--occurred-at", "2025-04-01T09:00",
                                "--id", "0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10",
                                "agency=Dana Whitlock Advice", "reason=Dana Whitlock offered help"])
        #expect(referred.status == 0, "\(referred.standardError)")
        for arguments in [
            ["safeguarding.concern-raised", "--occurred-at", "2025-04-02T09:00", "subject=P-000001", "raisedBy=Dana Whitlock",
             "categories=neglect-omission", "immediateRisk=false", "description=Cold flat"],
            ["case.entry-corrected", "--case", "TS-2025-000001", "--occurred-at", "2025-04-03T09:00",
             "eventId=0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10", "reason=Dana Whitlock spelled it", #"changes={"agency":"Whitlock Trust"}"#],
        ] {
            let result = cli.run(["record"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        return cli
    }()

    /// Fails when `text` holds either name, naming the output.
    func expectNoNames(_ text: String, _ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.isEmpty, "\(output) printed nothing", sourceLocation: sourceLocation)
        #expect(!text.contains(Self.oldName), "\(output) shows an old event's personal field", sourceLocation: sourceLocation)
        #expect(!text.contains(Self.newName), "\(output) shows a new event's personal field", sourceLocation: sourceLocation)
    }

    /// Fails unless `text` holds both names.
    func expectBothNames(_ text: String, _ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.contains(Self.oldName), "\(output) leaves out an old event's personal field", sourceLocation: sourceLocation)
        #expect(text.contains(Self.newName), "\(output) leaves out a new event's personal field", sourceLocation: sourceLocation)
    }

    /// Runs `arguments` on the fixture, expecting success; its standard output.
    func output(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = Self.fixture.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        return result.standardOutput
    }

    @Test("export --without-personal leaves the fields out of old events and new")
    func exportWithoutPersonal() {
        expectNoNames(output(["export", "--without-personal"]), "export --without-personal")
    }

    @Test("export with personal data shows the fields of old events and new")
    func exportWithPersonal() {
        expectBothNames(output(["export"]), "export")
    }

    @Test("the SQLite export holds the fields nowhere in its file")
    func sqliteExport() throws {
        let database = Self.fixture.scratch.appending("personal-by-rule-\(UUID().uuidString).sqlite")
        _ = output(["export", "--sqlite", database])
        let bytes = try #require(readFile(database))
        #expect(firstIndex(of: Array("TS-2025-000001".utf8), in: bytes) != nil, "the file holds the cases")
        #expect(firstIndex(of: Array(Self.oldName.utf8), in: bytes) == nil, "an old event's personal field is in the SQLite file")
        #expect(firstIndex(of: Array(Self.newName.utf8), in: bytes) == nil, "a new event's personal field is in the SQLite file")
    }

    @Test("case --without-personal leaves the fields out, in every format; case shows them", arguments: ["table", "json", "markdown"])
    func caseFile(format: String) {
        for reference in ["TS-2025-000001", "SG-2025-000001", "SG-2025-000002"] {
            expectNoNames(output(["case", reference, "--without-personal", "--format", format]), "case \(reference) --format \(format)")
        }
        let tenancy = output(["case", "TS-2025-000001", "--format", format])
        expectBothNames(tenancy, "case TS-2025-000001 --format \(format)")
    }

    @Test("the replay withholds the fields, naming them; with --include-personal it shows them",
          arguments: ["text", "json", "markdown", "html"])
    func replay(format: String) {
        let withheld = output(["replay", "TS-2025-000001", "--format", format])
        expectNoNames(withheld, "replay --format \(format)")
        expectNoNames(output(["replay", "SG-2025-000001", "--format", format]), "replay SG-2025-000001 --format \(format)")
        expectBothNames(output(["replay", "TS-2025-000001", "--include-personal", "--format", format]),
                        "replay --include-personal --format \(format)")
        if format == "text" {
            #expect(withheld.contains("personal fields withheld: agency, reason"), "\(withheld)")
        }
    }

    @Test("the chronology's summaries leave the fields out", arguments: ["table", "json", "csv", "markdown"])
    func chronology(format: String) {
        let text = output(["chronology", "P-000001", "--format", format])
        expectNoNames(text, "chronology --format \(format)")
        #expect(text.contains("tenancy.referred-on"))
    }

    @Test("views, the list of cases and reports hold none of the fields")
    func viewsAndReports() {
        for view in ["caseload", "complaints-sla", "safeguarding-register", "actions-due"] {
            expectNoNames(output(["view", view, "--at", "2025-04-10", "--format", "json"]), "view \(view)")
        }
        expectNoNames(output(["cases", "--format", "json"]), "cases")
        for report in ["complaints-performance", "safeguarding-learning", "tenancy-sustainment"] {
            expectNoNames(output(["report", report, "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json"]), "report \(report)")
        }
    }

    @Test("a projection naming raisedBy is refused with exit 65, and one of corrections' changes shows no personal field")
    func projections() {
        let named = Self.fixture.file("raised-by-\(UUID().uuidString).yaml", """
            name: concerns-by-raiser
            events:
              types: [safeguarding.concern-raised]
            group-by: [raisedBy]
            measures:
              concerns: count
            """)
        let refused = Self.fixture.run(["project", "run", named])
        #expect(refused.status == 65, "\(refused.standardOutput)")
        #expect(refused.standardError.contains("raisedBy is personal data"), "\(refused.standardError)")
        expectNoNames(refused.standardOutput + refused.standardError, "project run (refused)")
        let changes = Self.fixture.file("changes-\(UUID().uuidString).yaml", """
            name: corrections
            events:
              types: [case.entry-corrected]
            group-by: [changes]
            measures:
              corrections: count
            """)
        let table = output(["project", "run", changes, "--format", "json"])
        expectNoNames(table, "project run over corrections")
        // Both corrections' changes are personal: the old one's by the corrected type's fields,
        // the new one's kept in its personal section.
        #expect(table.contains(#""rows":[{"changes":"not-recorded","corrections":2}]"#), "\(table)")
    }

    @Test("an export of a store holding old events restores to the same head")
    func restore() {
        let cli = Self.fixture
        // Exports of the shared store log their reads there: the copy holds what this one read.
        let exported = output(["export"])
        let read = exported.lines.count
        let copy = cli.scratch.appending("restored-\(UUID().uuidString)")
        cli.initialise(store: copy)
        let imported = cli.run(["import", "-"], input: exported, store: copy)
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(cli.digest(store: copy).hasPrefix("\(read) "))
        #expect(cli.run(["export", "--without-personal"], store: copy).standardOutput
                == cli.run(["export", "--without-personal"]).standardOutput.lines.prefix(read).map { $0 + "\n" }.joined())
    }

    @Test("an export of old events imported into a store that holds events keeps the fields in the personal section")
    func importIntoAnotherStore() throws {
        let cli = Self.fixture
        // The store's own access stream (earlier exports' logged reads) goes only into an empty store: left out here.
        let exported = output(["export"]).lines.filter { !$0.contains(#""case":"access""#) }.map { $0 + "\n" }.joined()
        let other = cli.scratch.appending("other-\(UUID().uuidString)")
        cli.initialise(store: other)
        let seed = #"{"type":"subject.registered","case":"P-000099","occurredAt":"2025-01-01T09:00:00Z","data":{"kind":"person","name":"A"}}"#
        #expect(cli.run(["import", "-"], input: seed + "\n", store: other).status == 0)
        let imported = cli.run(["import", "-"], input: exported, store: other)
        #expect(imported.status == 0, "\(imported.standardError)")
        // The data maps themselves hold no name (export prints them as stored): the fields went
        // to the personal sections.
        let lines = cli.run(["export"], store: other).standardOutput.lines
        #expect(lines.count == 11)
        for line in lines {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            let data = try #require(object?["data"] as? [String: Any], "\(line)")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
            #expect(!text.contains(Self.oldName) && !text.contains(Self.newName), "\(line)")
        }
        expectBothNames(lines.joined(separator: "\n"), "export of the re-imported store")
    }

    @Test("once an older event's personal section is erased, the † fields its data map still holds read as erased too")
    func erasedOlderEvent() throws {
        guard CLIFixture.hasPythonLMDB() else { return }
        let cli = CLIFixture()
        try OlderCaselog.write([
            .init(stream: "P-000001", type: "subject.registered", occurredAt: "2025-03-03T09:00:00Z",
                  data: ["kind": "person"], personal: ["name": "Jane Example"]),
            .init(stream: "SG-2025-000001", type: "safeguarding.concern-raised", occurredAt: "2025-03-07T09:00:00Z",
                  data: ["subject": "P-000001", "raisedBy": "Ola Petrova", "categories": ["self-neglect"], "immediateRisk": false],
                  personal: ["description": "Found unwell at home"]),
        ], into: cli.store)
        cli.blankPersonalSection(at: 2)
        for format in ["text", "json", "markdown", "html"] {
            let replay = cli.run(["replay", "SG-2025-000001", "--include-personal", "--format", format])
            #expect(replay.status == 0, "\(replay.standardError)")
            #expect(!replay.standardOutput.contains("Ola Petrova"), "\(format): \(replay.standardOutput)")
            #expect(replay.standardOutput.contains("erased"), "\(format)")
        }
        for format in ["table", "json", "markdown"] {
            let shown = cli.run(["case", "SG-2025-000001", "--format", format])
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(!shown.standardOutput.contains("Ola Petrova"), "\(format): \(shown.standardOutput)")
        }
    }
}
