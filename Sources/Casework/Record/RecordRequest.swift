import Codec
import EventLog

/// One event as a caseworker gives it on the command line (`caselog record TYPE --case REF
/// FIELD=VALUE …`), turned into typed values (`NewEvent`) that `Recorder` checks as it checks
/// every other write.
///
/// Each value is read by its field's kind in the catalogue: lists as comma-separated values
/// (or a JSON array), `true`/`false` (also `yes`/`no`) for a Boolean, whole numbers for
/// numbers, and JSON for nested objects (a plan's `goals`, a correction's `changes`).
/// Everything else is text. A value that does not read as its kind is passed on as text, so
/// that the catalogue's check names the field and what it expected.
public struct RecordRequest: Sendable {
    /// The event type.
    public var type: String
    /// The case; nil for an opening event that gets the next reference.
    public var caseReference: String?
    /// When it happened.
    public var occurredAt: Timestamp
    /// The version the case must be at, when the caseworker says which one they saw.
    public var expectedVersion: UInt64?
    /// The event id, for a retry that must not record twice.
    public var id: EventID?
    /// The fields, in the order given.
    public var fields: [(name: String, value: String)]

    /// A request to record an event of `type`, its fields as the caseworker typed them.
    public init(type: String, caseReference: String? = nil, occurredAt: Timestamp, expectedVersion: UInt64? = nil,
                id: EventID? = nil, fields: [(name: String, value: String)] = []) {
        self.type = type
        self.caseReference = caseReference
        self.occurredAt = occurredAt
        self.expectedVersion = expectedVersion
        self.id = id
        self.fields = fields
    }

    /// The event as typed values, for `Recorder`: each value read by its field's kind.
    ///
    /// - Throws: `ValidationError` for a field given twice, or a value that must be JSON and
    ///   is not exactly one JSON value.
    public func newEvent() throws -> NewEvent {
        let spec = EventCatalogue.type(named: type)
        var values: [String: CBORValue] = [:]
        for (name, value) in fields {
            guard values[name] == nil else {
                throw ValidationError(.rule("field \"\(name)\" is given twice"), type: type, caseReference: caseReference)
            }
            do {
                values[name] = try Self.value(value, as: spec?.field(name)?.kind)
            } catch {
                throw ValidationError(.wrongValue(field: name, found: "the value given", expected: "one JSON value (\(error))"),
                                      type: type, caseReference: caseReference)
            }
        }
        return NewEvent(type: type, caseReference: caseReference, occurredAt: occurredAt, fields: values,
                        expectedVersion: expectedVersion, id: id)
    }

    /// `value` read as `kind`; a value that does not read as its kind stays text, for the
    /// catalogue's check to name.
    private static func value(_ value: String, as kind: FieldKind?) throws(JSONError) -> CBORValue {
        switch kind {
        case .boolean:
            switch value.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: return .text(value)
            }
        case .integer, .number:
            return Int64(value).map(CBORValue.integer) ?? .text(value)
        case .choices, .subjects, .caseReferences, .texts, .identifiers, .dates:
            if value.hasPrefix("[") { return try oneJSONValue(value) }
            return .array(value.split(separator: ",", omittingEmptySubsequences: false).map { .text($0.trimmingSpaces) })
        case .changes, .records:
            return try oneJSONValue(value)
        default:
            return .text(value)
        }
    }
}

extension RecordRequest {
    /// `text`, which must be exactly one JSON value, as a typed value (`CBORValue`).
    static func oneJSONValue(_ text: String) throws(JSONError) -> CBORValue {
        let bytes = Array(text.utf8)
        let result: Result<CBORValue, JSONError> = bytes.withUnsafeBytes { raw in
            do throws(JSONError) { return .success(try CBORValue(json: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

extension Substring {
    /// The text without spaces at either end ("a, b" lists).
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
