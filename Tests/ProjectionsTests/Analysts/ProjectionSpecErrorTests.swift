@testable import Projections
import Testing

/// Mistakes in a spec are reported at their line and column, with what was expected there;
/// personal fields are refused by name.
@Suite("Projection spec errors")
struct ProjectionSpecErrorTests {
    func error(_ text: String) -> ProjectionSpecError? {
        do {
            _ = try ProjectionSpecReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("YAML that does not parse gets the parser's line and column")
    func syntax() throws {
        let found = try #require(error("name: a\nevents:\n  types: [complaint.received\nmeasures: {rows: count}\n"))
        #expect(found.line == 4)
        #expect(found.column == 9)
        #expect(found.message.hasPrefix("not valid YAML"))
    }

    @Test("an unknown event type is named at its position, with a suggestion")
    func unknownType() throws {
        let found = try #require(error("name: a\nevents:\n  types: [complaint.recieved]\nmeasures:\n  rows: count\n"))
        #expect(found.description == "line 3, column 11: expected an event type of the catalogue, found `complaint.recieved` (did you mean complaint.received?)")
    }

    @Test("an unknown field lists the fields that exist")
    func unknownField() throws {
        let found = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\ngroup-by: [kinds]\nmeasures:\n  rows: count\n"))
        #expect(found.line == 4 && found.column == 12)
        #expect(found.message == "expected a field of tenancy.support-given (kind, valuePence, onBehalfOf, migratedFrom), found `kinds`")
    }

    @Test("an unknown key says which keys are allowed")
    func unknownKey() throws {
        let found = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\nmeasure:\n  rows: count\n"))
        #expect(found.line == 4 && found.column == 1)
        #expect(found.message.hasPrefix("expected one of name, title, events, per-case, group-by, measures, found `measure`"))
    }

    @Test("a wrong deadline step and a bad percentile are named where they are")
    func semantic() throws {
        let step = try #require(error("name: a\nevents:\n  types: [complaint.received]\nper-case:\n  x: { deadline: respond }\nmeasures:\n  rows: count\n"))
        #expect(step.line == 5 && step.column == 18)
        let percentile = try #require(error("name: a\nevents:\n  types: [complaint.received]\nmeasures:\n  p: { percentile: 120, of: channel }\n"))
        #expect(percentile.line == 5 && percentile.column == 20)
    }

    @Test("a personal field is refused, naming it, wherever it is used")
    func personal() throws {
        let grouped = try #require(error("name: a\nevents:\n  types: [complaint.received]\ngroup-by: [summary]\nmeasures:\n  rows: count\n"))
        #expect(grouped.description == "line 4, column 12: summary is personal data (†) and cannot be used in a projection")
        let filtered = try #require(error("name: a\nevents:\n  types: [case.note-added]\n  where:\n    text: { exists: true }\nmeasures:\n  rows: count\n"))
        #expect(filtered.message == "text is personal data (†) and cannot be used in a projection")
        let folded = try #require(error("name: a\nevents:\n  types: [safeguarding.concern-raised]\nper-case:\n  why: { first: safeguarding.triaged, field: rationale }\nmeasures:\n  rows: count\n"))
        #expect(folded.message == "rationale is personal data (†) and cannot be used in a projection")
        let subject = try #require(error("name: a\nevents:\n  types: [tenancy.visit-missed]\ngroup-by: [subject.name]\nmeasures:\n  rows: count\n"))
        #expect(subject.message == "subject.name is personal data (†) and cannot be used in a projection")
    }

    @Test("every shipped example reads without a mistake")
    func examples() throws {
        for name in ["damp-mould-complaints", "safeguarding-triage-days", "tenancies-sustained", "food-parcels",
                     "contributing-factors", "no-access-visits"] {
            #expect(try AnalystTest.example(name).name == name)
        }
    }

    @Test("a column named twice, whatever its case, is refused where it is named again")
    func repeatedColumns() throws {
        let groupedTwice = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\ngroup-by: [month, month]\nmeasures:\n  rows: count\n"))
        #expect(groupedTwice.line == 4)
        #expect(groupedTwice.message.contains("`month` is already a column to group by"))
        let measureAsGroup = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\ngroup-by: [kind]\nmeasures:\n  Kind: count\n"))
        #expect(measureAsGroup.line == 6)
        #expect(measureAsGroup.message.contains("already a column"))
        let twoMeasures = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\nmeasures:\n  rows: count\n  Rows: count\n"))
        #expect(twoMeasures.line == 6)
    }

    @Test("a condition's value outside the field's list is refused at its position, naming what the field takes")
    func valueOutsideTheList() throws {
        let found = try #require(error("name: a\nevents:\n  types: [tenancy.support-given]\n  where:\n    kind: food-parcels\nmeasures:\n  rows: count\n"))
        #expect(found.line == 5)
        #expect(found.column == 11)
        #expect(found.message.hasPrefix("expected kind to be one of food-parcel, cleaning"))
        #expect(error("name: a\nevents:\n  types: [tenancy.support-given]\n  where:\n    kind: food-parcel\nmeasures:\n  rows: count\n") == nil)
    }
}
