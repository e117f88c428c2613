/// Why an event was refused before anything was written: one line that names the case, the
/// event type, the field or the rule, and what was expected. The command line prints it (with
/// the input line's number, when there is one) and exits 65.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// No such event type; `suggestion` is the nearest name, if one is close.
        case unknownType(String, suggestion: String?)
        /// The type is not recorded on this kind of stream.
        case wrongStream(allowed: [CaseType])
        /// The case reference does not match any pattern (or not the one its type needs).
        case badReference(String, expected: String)
        /// A field the type does not have; `suggestion` is the nearest field name, if one is close.
        case unknownField(String, suggestion: String?)
        /// A required field is missing.
        case missingField(String)
        /// None of the type's fields was given, and it needs at least one.
        case noFields
        /// The field's value has the wrong shape; `expected` reads like "a date (YYYY-MM-DD)".
        case wrongValue(field: String, found: String, expected: String)
        /// The same value twice in a list.
        case repeatedValue(field: String, value: String)
        /// Personal data given both in `data` and in `personal`, or a field that is not personal
        /// given in `personal`.
        case misplacedField(String, isPersonal: Bool)
        /// A rule of the case's lifecycle or of references (the text says which).
        case rule(String)
    }

    /// The case (stream) the event was for, when known.
    public var caseReference: String?
    /// The event type, when known.
    public var type: String?
    /// What is wrong.
    public var problem: Problem

    /// An error about `problem` of an event of `type` on `caseReference`.
    public init(_ problem: Problem, type: String? = nil, caseReference: String? = nil) {
        self.problem = problem
        self.type = type
        self.caseReference = caseReference
    }

    /// The message without the case and type.
    public var message: String {
        switch problem {
        case .unknownType(let name, let suggestion):
            "unknown event type \"\(Self.shown(name))\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
                + "; `caselog types` lists them"
        case .wrongStream(let allowed):
            "this type is recorded on " + allowed.map { "\($0) (\($0.pattern))" }.joined(separator: ", ") + " streams only"
        case .badReference(let text, let expected):
            "\"\(Self.shown(text))\" is not a valid reference: expected \(expected)"
        case .unknownField(let name, let suggestion):
            "unknown field \"\(Self.shown(name))\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
        case .missingField(let name):
            "missing required field \"\(name)\""
        case .noFields:
            "give at least one field"
        case .wrongValue(let field, let found, let expected):
            "field \"\(field)\": \(found) is not \(expected)"
        case .repeatedValue(let field, let value):
            "field \"\(field)\": \(value) is listed twice"
        case .misplacedField(let name, let isPersonal):
            isPersonal ? "field \"\(name)\" is personal data and belongs in \"personal\", not \"data\""
                : "field \"\(name)\" is not personal data and belongs in \"data\", not \"personal\""
        case .rule(let text):
            text
        }
    }

    /// One line: `CMP-2025-000001: complaint.responded: field "decision": "yes" is not one of …`.
    public var description: String {
        [caseReference, type].compactMap { $0 }.map { Self.shown($0) + ": " }.joined() + message
    }

    /// `text` as typed, or, past 80 characters, its first 60 and its length: a pasted wall of
    /// text is named without drowning the one line that says what is wrong.
    public static func shown(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(60)) + "… (\(text.count) characters)"
    }
}
