import CaseStore
import Casework
import Projections
import Testing

/// What each reading prints, as bytes: the one source of the CLI's output, local or through a
/// server, and of the server's `?format=` answers.
@Suite("Printouts")
struct PrintoutTests {
    @Test("a form a reading does not take is a usage error naming the forms it takes")
    func refusedForms() throws {
        #expect(try OutputFormat.checked("html", of: Replay.formats) == .html)
        do {
            _ = try OutputFormat.checked("csv", of: Replay.formats)
            Issue.record("csv is not a form of the replay")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message == "format \"csv\" is not one of text, markdown, json, html")
        }
        #expect(throws: CaselogError.self) { try OutputFormat.checked("xml", of: ViewTable.formats) }
    }

    @Test("the table of a view carries its rows on standard output and its summary as notes; JSON is json()")
    func viewPrintout() throws {
        let small = try SmallStore()
        let table = try small.store.view(.complaintsSLA, ViewQuery(asOf: SmallStore.friday))
        let printed = table.printout(.table)
        let text = SmallStore.text(printed.output)
        #expect(text.hasPrefix("complaints-sla as of 2025-03-07\n"))
        #expect(text.contains("CMP-2025-000002"))
        #expect(!printed.notes.isEmpty && printed.mediaType.hasPrefix("text/plain"))
        let json = table.printout(.json)
        #expect(json.output == table.json() && json.notes.isEmpty && json.mediaType == "application/json")
    }

    @Test("a case's table and CSV show typed control characters as symbols, never as control characters")
    func controlCharacters() throws {
        let small = try SmallStore()
        _ = try small.store.record(NewEvent(type: "case.assigned", caseReference: "CMP-2025-000002", occurredAt: SmallStore.at(day: 6),
                                            fields: ["worker": "b.\u{1B}[31mred"]), actor: "a.khan")
        let reading = try #require(try small.store.readCase("CMP-2025-000002", asOf: SmallStore.friday))
        let table = SmallStore.text(reading.printout(.table).output)
        #expect(!table.contains("\u{1B}") && table.contains("b.␛[31mred"))
        let csv = SmallStore.text(reading.printout(.csv).output)
        #expect(!csv.contains("\u{1B}") && csv.contains("b.␛[31mred"))
    }
}
