import EventLog
import Codec

/// One event as a caseworker gives it on the command line (`caselog record TYPE --case REF
/// FIELD=VALUE …`), turned into an event line that goes through the same checks as every other
/// write.
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

    public init(type: String, caseReference: String? = nil, occurredAt: Timestamp, expectedVersion: UInt64? = nil,
                id: EventID? = nil, fields: [(name: String, value: String)] = []) {
        self.type = type
        self.caseReference = caseReference
        self.occurredAt = occurredAt
        self.expectedVersion = expectedVersion
        self.id = id
        self.fields = fields
    }

    /// The event line (JSON, docs/FORMAT.md §7).
    ///
    /// - Throws: `ValidationError` for a field given twice, or a value that must be JSON and
    ///   is not exactly one JSON value.
    public func eventLine() throws -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("type")
        json.string(type)
        if let caseReference {
            json.key("case")
            json.string(caseReference)
        }
        json.key("occurredAt")
        json.string(occurredAt.iso8601)
        if let expectedVersion {
            json.key("expectedVersion")
            json.integer(Int64(clamping: expectedVersion))
        }
        if let id {
            json.key("id")
            json.string(id.description)
        }
        json.key("data")
        json.beginObject()
        let spec = EventCatalogue.type(named: type)
        var seen: Set<String> = []
        for (name, value) in fields {
            guard seen.insert(name).inserted else {
                throw ValidationError(.rule("field \"\(name)\" is given twice"), type: type, caseReference: caseReference)
            }
            json.key(name)
            do {
                try Self.write(value, as: spec?.field(name)?.kind, into: &json)
            } catch {
                throw ValidationError(.wrongValue(field: name, found: "the value given", expected: "one JSON value (\(error))"),
                                      type: type, caseReference: caseReference)
            }
        }
        json.endObject()
        json.endObject()
        return json.bytes
    }

    private static func write(_ value: String, as kind: FieldKind?, into json: inout JSONWriter) throws(JSONError) {
        switch kind {
        case .boolean:
            switch value.lowercased() {
            case "true", "yes": json.bool(true)
            case "false", "no": json.bool(false)
            default: json.string(value)
            }
        case .integer, .number:
            if let number = Int64(value) { json.integer(number) } else { json.string(value) }
        case .choices, .subjects, .caseReferences, .texts, .identifiers, .dates:
            if value.hasPrefix("[") {
                json.raw(try oneJSONValue(value))
            } else {
                json.beginArray()
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    json.string(item.trimmingSpaces)
                }
                json.endArray()
            }
        case .changes, .records:
            json.raw(try oneJSONValue(value))
        default:
            json.string(value)
        }
    }
}

extension RecordRequest {
    /// `text` checked to be exactly one JSON value, with its line breaks (which valid JSON has
    /// only between tokens) made spaces, so that it can be put inside the event line as it is.
    static func oneJSONValue(_ text: String) throws(JSONError) -> [UInt8] {
        var bytes = Array(text.utf8)
        let failure: JSONError? = bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            do throws(JSONError) {
                try scanner.skipValue()
                try scanner.end()
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        for index in bytes.indices where bytes[index] == 0x0A || bytes[index] == 0x0D { bytes[index] = 0x20 }
        return bytes
    }
}

extension Substring {
    /// The text without spaces at either end ("a, b" lists).
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
