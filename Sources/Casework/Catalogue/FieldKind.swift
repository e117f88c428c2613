/// What values a field of an event's data may take.
///
/// DOMAIN.md §8's rule is held by the kinds: free text (`text`, `texts`) is personal data (†)
/// or, where it is written to be published, marked so (`FieldSpec.isPublished`). A name of
/// the organisation's own staff is a `staffMember`, and a label or reference that names no
/// person (a tenancy reference, a service area) a `label`: views and analysts need both.
public indirect enum FieldKind: Sendable, Equatable {
    /// A non-empty string of free text, which may name or describe a person (`description`,
    /// `reason`, `agency`): personal data unless written for publication.
    case text
    /// A member of the organisation's staff, by their user name (`worker`, `owner`): checked as
    /// non-empty text, never personal data (views and caseloads are by worker).
    case staffMember
    /// A short label or reference that names no person (`tenancyRef`, `serviceArea`): checked as
    /// non-empty text, never personal data.
    case label
    /// An identifier the caseworker chooses within the case (`visitId`, `goalId`, `actionId`).
    case identifier
    /// `true` or `false`.
    case boolean
    /// A whole number, at least `minimum` when one is given (amounts in pence are never negative).
    case integer(minimum: Int64?)
    /// A number, whole or with a fraction (a target's `value`: 95.5 per cent, 3.2 per 1,000
    /// homes): a CBOR integer or float, never infinite or NaN.
    case decimal
    /// One whole number from a fixed set (`stage`: 1 or 2; `monthsAfterClose`: 6 or 12).
    case number(of: [Int64])
    /// One value from a fixed list.
    case choice(of: [String])
    /// A list of values from a fixed list, at least `minimum` of them, without repeats.
    case choices(of: [String], minimum: Int)
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A subject reference, `P-NNNNNN`.
    case subject
    /// A list of subject references, at least `minimum` of them.
    case subjects(minimum: Int)
    /// A reference to any case (`TS-…`, `SG-…`, `CMP-…`, `PR-…`).
    case caseReference
    /// A list of case references, at least `minimum` of them.
    case caseReferences(minimum: Int)
    /// A list of non-empty strings of free text, at least `minimum` of them (`attendees`):
    /// personal data, as `text` is.
    case texts(minimum: Int)
    /// A list of identifiers, at least `minimum` of them (`findingIds`).
    case identifiers(minimum: Int)
    /// A list of whole numbers, at least `minimum` of them, without repeats (`years`).
    case integers(minimum: Int)
    /// A list of calendar dates, at least `minimum` of them, without repeats (`added`).
    case dates(minimum: Int)
    /// The id (UUID) of an earlier event.
    case eventID
    /// An object whose fields are checked against another event type (`changes` of a correction).
    case changes
    /// A list of objects with the given fields, at least `minimum` of them (`goals`).
    case records(fields: [FieldSpec], minimum: Int)
    /// One object whose fields are checked against `fields` (`source` of a migrated event).
    case object(fields: [FieldSpec])
    /// An instant, RFC 3339 with a zone (`2019-04-02T10:15:00Z`).
    case timestamp

    /// How the kind reads in help and in errors: "one of low, medium, high", "a date (YYYY-MM-DD)".
    public var summary: String {
        switch self {
        case .text: "text"
        case .staffMember: "a member of staff (their user name)"
        case .label: "a label or reference that names no person"
        case .identifier: "an identifier (1–64 characters, no spaces)"
        case .boolean: "true or false"
        case .integer(let minimum): minimum.map { "a whole number ≥ \($0)" } ?? "a whole number"
        case .decimal: "a number (95 or 95.5)"
        case .number(let values): "one of " + values.map(String.init).joined(separator: ", ")
        case .choice(let values): "one of " + values.joined(separator: ", ")
        case .choices(let values, let minimum): "\(Self.atLeast(minimum)) of " + values.joined(separator: ", ")
        case .date: "a date (YYYY-MM-DD)"
        case .subject: "a subject reference (P-NNNNNN)"
        case .subjects(let minimum): "\(Self.atLeast(minimum)) subject references (P-NNNNNN)"
        case .caseReference: "a case reference (TS-, SG-, CMP-, PR- or FB-…)"
        case .caseReferences(let minimum): "\(Self.atLeast(minimum)) case references (TS-, SG-, CMP-, PR- or FB-…)"
        case .texts(let minimum): "a list of \(Self.atLeast(minimum)) texts"
        case .identifiers(let minimum): "a list of \(Self.atLeast(minimum)) identifiers"
        case .integers(let minimum): "a list of \(Self.atLeast(minimum)) whole numbers"
        case .dates(let minimum): "a list of \(Self.atLeast(minimum)) dates (YYYY-MM-DD)"
        case .eventID: "an event id (UUID)"
        case .changes: "an object of corrected fields"
        case .records(let fields, let minimum):
            "\(Self.atLeast(minimum)) of {" + fields.map { $0.label + ($0.isRequired ? "*" : "") }.joined(separator: ", ") + "}"
        case .object(let fields): "{" + fields.map { $0.label + ($0.isRequired ? "*" : "") }.joined(separator: ", ") + "}"
        case .timestamp: "an instant (RFC 3339 with a zone)"
        }
    }

    private static func atLeast(_ minimum: Int) -> String { minimum == 0 ? "0 or more" : "\(minimum) or more" }

    /// An example value, as JSON (`"2025-06-30"`, `["damp-mould"]`), that passes the field's checks.
    public var exampleJSON: String {
        switch self {
        case .text: "\"…\""
        case .staffMember: "\"a.khan\""
        case .label: "\"T-1\""
        case .identifier: "\"V1\""
        case .boolean: "false"
        case .integer(let minimum): String(minimum ?? 0)
        case .decimal: "95.5"
        case .number(let values): String(values[0])
        case .choice(let values): "\"\(values[0])\""
        case .choices(let values, _): "[\"\(values[0])\"]"
        case .date: "\"2025-06-30\""
        case .subject: "\"P-000001\""
        case .subjects: "[\"P-000001\"]"
        case .caseReference: "\"SG-2025-000001\""
        case .caseReferences: "[\"SG-2025-000001\"]"
        case .texts: "[\"…\"]"
        case .identifiers: "[\"F1\"]"
        case .integers: "[2026]"
        case .dates: "[\"2026-12-28\"]"
        case .eventID: "\"3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c\""
        case .changes: "{\"riskLevel\":\"high\"}"
        case .records(let fields, _): "[{" + fields.map { "\"\($0.name)\":\($0.kind.exampleJSON)" }.joined(separator: ",") + "}]"
        case .object(let fields): "{" + fields.filter(\.isRequired).map { "\"\($0.name)\":\($0.kind.exampleJSON)" }.joined(separator: ",") + "}"
        case .timestamp: "\"2019-04-02T10:15:00Z\""
        }
    }
}
