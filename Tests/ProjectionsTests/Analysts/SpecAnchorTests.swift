@testable import Projections
import Testing

/// A spec may not use YAML anchors or aliases, which let a few bytes stand for millions of
/// nodes, and may not be larger than 1 MiB: reading a spec costs no more than its text.
@Suite("Spec size and aliases")
struct SpecAnchorTests {
    func error(_ text: String) -> ProjectionSpecError? {
        do {
            _ = try ProjectionSpecReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    static let valid = "name: a\nevents:\n  types: [complaint.received]\nmeasures:\n  rows: count\n"

    @Test("an anchor is refused at its line and column, even on a value used once")
    func anchor() throws {
        let found = try #require(error("name: a\nevents:\n  types: &types [complaint.received]\nmeasures:\n  rows: count\n"))
        #expect(found.line == 3 && found.column == 10)
        #expect(found.message.hasPrefix("an anchor (&name): anchors and aliases are not allowed in a spec"))
    }

    @Test("an alias used as a mapping key is refused at its mark, before the mapping is composed")
    func aliasAsKey() throws {
        let found = try #require(error("name: a\nx: &k complaint.received\nevents:\n  types: [complaint.received]\n  where: {*k : 1}\nmeasures:\n  rows: count\n"))
        #expect(found.line == 2 && found.column == 4, "the anchor comes first: \(found)")
        let alias = try #require(error("name: a\nevents:\n  types: [complaint.received]\n  where: {*k : 1}\nmeasures:\n  rows: count\n"))
        #expect(alias.line == 4 && alias.column == 11)
        #expect(alias.message.hasPrefix("an alias (*name)"))
    }

    @Test("& and * inside text and quotes are text, not anchors")
    func ampersandInText() {
        #expect(error("name: a\ntitle: \"Repairs & *maintenance*\"\nevents:\n  types: [complaint.received]\nmeasures:\n  rows: count\n") == nil)
        #expect(error("name: a\ntitle: Repairs & maintenance\nevents:\n  types: [complaint.received]\nmeasures:\n  rows: count\n") == nil)
    }

    @Test("a spec larger than 1 MiB is refused whole, before it is parsed")
    func tooLarge() throws {
        let padding = "# " + String(repeating: "x", count: 1 << 20) + "\n"
        let found = try #require(error(Self.valid + padding))
        #expect(found.line == 0 && found.message == "the spec is larger than 1 MiB: a spec is a few lines of YAML")
        #expect(error(Self.valid) == nil)
    }
}
