import Casework
@testable import Projections
import Testing

/// Every event type a spec or its plan matches against records is one of the catalogue's: a
/// misspelt one would match nothing and give an empty column without a word.
@Suite("Event types in specs and plans")
struct SpecEventTypeTests {
    func error(_ text: String) -> ProjectionSpecError? { ProjectionSpecErrorTests().error(text) }

    @Test("a type outside the catalogue is refused wherever a spec names one, at its line and column, with the nearest name")
    func everyPlaceATypeIsNamed() throws {
        let head = "name: a\nevents:\n  types: [safeguarding.concern-raised]\n"
        // The column is where the misspelt name starts on its line (from 1).
        let cases: [(text: String, line: Int, typed: String, nearest: String)] = [
            ("name: a\nevents:\n  types: [complaint.recieved]\nmeasures:\n  rows: count\n", 3, "complaint.recieved", "complaint.received"),
            ("name: a\nevents:\n  types: [complaint.received, complaint.acknowleged]\nmeasures:\n  rows: count\n", 3,
             "complaint.acknowleged", "complaint.acknowledged"),
            (head + "per-case:\n  r: { first: safeguarding.triage, field: riskLevel }\nmeasures:\n  rows: count\n", 5,
             "safeguarding.triage", "safeguarding.triaged"),
            (head + "per-case:\n  r: { last: safeguarding.triaged2 }\nmeasures:\n  rows: count\n", 5,
             "safeguarding.triaged2", "safeguarding.triaged"),
            (head + "per-case:\n  n: { count: [safeguarding.triaged, case.asigned] }\nmeasures:\n  rows: count\n", 5,
             "case.asigned", "case.assigned"),
            (head + "per-case:\n  n: { count: case.note-add }\nmeasures:\n  rows: count\n", 5, "case.note-add", "case.note-added"),
            (head + "per-case:\n  e: { exists: safeguarding.closd }\nmeasures:\n  rows: count\n", 5, "safeguarding.closd", "safeguarding.closed"),
            (head + "per-case:\n  d: { working-days: { from: safeguarding.concern-raise, to: safeguarding.triaged } }\nmeasures:\n  rows: count\n",
             5, "safeguarding.concern-raise", "safeguarding.concern-raised"),
            (head + "per-case:\n  d: { hours: { from: safeguarding.concern-raised, to: safeguarding.triaged. } }\nmeasures:\n  rows: count\n",
             5, "safeguarding.triaged.", "safeguarding.triaged"),
            (head + "measures:\n  closed: { count-where: type, equals: safeguarding.close }\n", 5,
             "safeguarding.close", "safeguarding.closed"),
            (head + "measures:\n  closed: { share: type, equals: safeguarding.triagd }\n", 5,
             "safeguarding.triagd", "safeguarding.triaged"),
        ]
        for expected in cases {
            let found = try #require(error(expected.text), "accepted: \(expected.text)")
            let line = expected.text.split(separator: "\n")[expected.line - 1]
            let column = line.distance(from: line.startIndex, to: try #require(line.range(of: expected.typed)).lowerBound) + 1
            #expect(found.line == expected.line && found.column == column, "\(found) in \(expected.text)")
            #expect(found.message == "expected an event type of the catalogue, found `\(expected.typed)` (did you mean \(expected.nearest)?)",
                    "\(found)")
        }
    }

    @Test("a measure comparing type with a type of the catalogue is read")
    func typeOfTheCatalogue() {
        #expect(error("name: a\nevents:\n  types: [complaint.received, complaint.closed]\nmeasures:\n"
                      + "  closed: { count-where: type, equals: complaint.closed }\n") == nil)
    }

    @Test("every event type and field a plan reads by name for built-in values is in the catalogue")
    func planNames() throws {
        for (type, fields) in ProjectionPlan.CatalogueNames.all {
            let spec = try #require(EventCatalogue.type(named: type), "\(type) is not in the catalogue")
            for field in fields {
                #expect(spec.field(field) != nil, "\(type) has no field \(field)")
                #expect(spec.field(field)?.isPersonal == false, "\(type).\(field) is personal")
            }
        }
    }
}
