import Casework
import Testing
import Codec

/// Valid and invalid values for each kind of field, and valid data for each event type, built
/// from the catalogue so that a type added there is tested here without more code.
enum CatalogueExamples {
    /// A valid value of `kind`.
    static func valid(_ kind: FieldKind) -> CBORValue {
        switch kind {
        case .text: "Spoke to the tenant at the door."
        case .staffMember: "a.khan"
        case .label: "T-000142"
        case .identifier: "V1"
        case .boolean: true
        case .integer(let minimum): .integer(minimum ?? -250)
        case .decimal: 95.5
        case .number(let values): .integer(values.last!)
        case .choice(let values): .text(values.last!)
        case .choices(let values, let minimum): .array(values.prefix(max(minimum, 2)).map { .text($0) })
        case .date: "2025-12-31"
        case .subject: "P-000042"
        case .subjects(let minimum): .array(Array(repeating: "P-000042", count: minimum > 0 ? 1 : 0) + ["P-000043"])
        case .caseReference: "SG-2025-000001"
        case .caseReferences: ["SG-2025-000001", "CMP-2024-000310", "PR-2025-0002"]
        case .texts: ["GP", "police"]
        case .identifiers: ["F1", "F2"]
        case .integers: [2025, 2026]
        case .dates: ["2025-12-25", "2025-12-26"]
        case .eventID: "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"
        case .changes: ["riskLevel": "high"]
        case .records(let fields, _): [.map(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, valid($0.kind)) }))]
        case .object(let fields): .map(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, valid($0.kind)) }))
        case .timestamp: "2019-04-02T10:15:00Z"
        }
    }

    /// Values `kind` must refuse, each with what the error should mention.
    static func invalid(_ kind: FieldKind) -> [CBORValue] {
        switch kind {
        case .text, .staffMember, .label: ["", "   ", 12, ["list"]]
        case .identifier: ["", "two words", 7]
        case .boolean: ["true", 1, .null]
        case .integer(let minimum): ["12", 1.5] + (minimum.map { [.integer($0 - 1)] } ?? [])
        case .number(let values): [.integer(values.max()! + 1), "1", 1.0]
        case .decimal: ["95.5", .null, true, [95]]
        case .choice(let values): ["not-a-value", .text(values[0].uppercased()), 3, [.text(values[0])]]
        case .choices(let values, let minimum):
            [.text(values[0]), ["not-a-value"], [.text(values[0]), .text(values[0])]] + (minimum > 0 ? [[]] : [])
        case .date: ["2025-02-30", "31/12/2025", "2025-1-5", 20251231, "1899-12-31", "0001-01-01"]
        case .subject: ["TS-2025-000001", "P-42", "p-000042", "P-000000"]
        case .subjects: ["P-000042", ["TS-2025-000001"], ["P-000042", "P-000042"]]
        case .caseReference: ["P-000042", "TEN-2025-000001", "SG-25-000001", "PR-2025-000001"]
        case .caseReferences(let minimum): ["SG-2025-000001", ["P-000042"]] + (minimum > 0 ? [[]] : [])
        case .texts(let minimum): ["GP", [""], ["GP", "GP"]] + (minimum > 0 ? [[]] : [])
        case .identifiers(let minimum): ["F1", ["F 1"], ["F1", "F1"]] + (minimum > 0 ? [[]] : [])
        case .integers(let minimum): [2025, ["2025"], [2025, 2025], [1.5]] + (minimum > 0 ? [[]] : [])
        case .dates(let minimum): ["2025-12-25", ["2025-02-30"], ["2025-12-25", "2025-12-25"]] + (minimum > 0 ? [[]] : [])
        case .eventID: ["not-a-uuid", "3f2b8c1e6a4d"]
        case .changes: [[:], "riskLevel=high"]
        case .records(let fields, _):
            [[], ["not-an-object"], [.map(Dictionary(uniqueKeysWithValues: fields.dropFirst().map { ($0.name, valid($0.kind)) }))]]
        case .object(let fields):
            ["not-an-object", [], .map(Dictionary(uniqueKeysWithValues: fields.dropFirst().map { ($0.name, valid($0.kind)) }))]
        case .timestamp: ["2019-04-02", "yesterday", 1_554_200_100, "2019-02-30T10:00:00Z"]
        }
    }

    /// Data with every field of `spec`, all valid (the correction's `changes` fit `safeguarding.triaged`).
    static func fullData(_ spec: EventTypeSpec) -> CBORValue {
        .map(Dictionary(uniqueKeysWithValues: spec.fields.map { ($0.name, valid($0.kind)) }))
    }

    /// Data with only the required fields of `spec` (and one field when it needs some).
    static func minimalData(_ spec: EventTypeSpec) -> CBORValue {
        var fields = spec.fields.filter(\.isRequired)
        if spec.needsSomeField && fields.isEmpty { fields = [spec.fields[0]] }
        return .map(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, valid($0.kind)) }))
    }

    /// A stream reference that `spec` may be recorded on.
    static func stream(for spec: EventTypeSpec) -> String {
        switch spec.caseTypes[0] {
        case .tenancy: "TS-2025-000001"
        case .safeguarding: "SG-2025-000001"
        case .complaint: "CMP-2025-000001"
        case .review: "PR-2025-0001"
        case .feedback: "FB-2025-000001"
        case .subject: "P-000001"
        }
    }

    /// The type a correction in these examples corrects.
    static let correctedType = EventCatalogue.type(named: "safeguarding.triaged")!
}

extension EventTypeSpec: CustomTestStringConvertible {
    public var testDescription: String { name }
}
