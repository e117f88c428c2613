import Casework
import Testing

/// A refused event names what the caseworker typed, but a pasted 5,000-character reference or
/// type name is shown shortened, so that the message stays one readable line.
@Suite("Messages shorten what was typed when it is very long")
struct LongInputMessageTests {
    static let long = "TS-" + String(repeating: "9", count: 5_000)

    @Test("a 5,000-character reference is named in under 300 characters, with its length")
    func longReference() {
        let error = ValidationError(.badReference(Self.long, expected: "TS-YYYY-NNNNNN"), type: "case.note-added",
                                    caseReference: Self.long)
        #expect(error.description.count < 300, "\(error.description.count) characters")
        #expect(error.description.contains("TS-999"))
        #expect(error.description.contains("5003 characters"))
        #expect(!error.description.contains("\n"))
    }

    @Test("a very long unknown type or field name is shortened too; a short one is shown whole")
    func longNames() {
        let type = ValidationError(.unknownType(String(repeating: "x", count: 1_000), suggestion: nil))
        #expect(type.description.count < 300)
        let field = ValidationError(.unknownField(String(repeating: "y", count: 1_000), suggestion: nil), type: "case.note-added")
        #expect(field.description.count < 300)
        let short = ValidationError(.badReference("TS-1", expected: "TS-YYYY-NNNNNN"), caseReference: "TS-1")
        #expect(short.description == #"TS-1: "TS-1" is not a valid reference: expected TS-YYYY-NNNNNN"#)
    }
}
