import Casework
import Codec

/// The event types a store takes, as `caselog types` lists them: the catalogue of case
/// events (`EventCatalogue`) and then the store's own streams: settings (`SettingsStream`) and access (`AccessStream`).
/// How they are laid out for a terminal or as docs/CATALOGUE.md is the command line's.
public struct EventTypeCatalogue: Sendable {
    /// Every type, case events first (by area, as the catalogue lists them), then the settings and access streams'.
    public let types: [EventTypeSpec]

    /// The whole catalogue.
    public init() { types = EventCatalogue.types + SettingsStream.types + AccessStream.types }

    /// The type named `name`, of the case events or the store's own streams.
    ///
    /// - Throws: `ValidationError.unknownType` (invalid) with the nearest name when there is none.
    public func type(named name: String) throws -> EventTypeSpec {
        guard let spec = EventCatalogue.type(named: name) ?? SettingsStream.type(named: name) ?? AccessStream.type(named: name) else {
            throw ValidationError(.unknownType(name, suggestion: EventCatalogue.suggestion(for: name)))
        }
        return spec
    }

    /// Exactly what `caselog types --format json` prints: an array of
    /// `{"type", "summary", "on", "storeStream", "opensStream", "needsSomeField", "recordableBy", "fields"}` (each
    /// field `{"name", "required", "personal", "published", "takes", "example"}`) and a newline.
    /// `on` lists the case types' prefixes (empty for the settings stream, which `storeStream` names).
    public func json() -> [UInt8] { Self.json(types) }

    /// `caselog types TYPE --format json`: the one type as the array's element is, and a newline.
    public static func json(of spec: EventTypeSpec) -> [UInt8] {
        var json = JSONWriter(capacity: 1024)
        write(spec, into: &json)
        json.bytes.append(0x0A)
        return json.bytes
    }

    private static func json(_ types: [EventTypeSpec]) -> [UInt8] {
        var json = JSONWriter(capacity: 512 * types.count)
        json.beginArray()
        for spec in types { write(spec, into: &json) }
        json.endArray()
        json.bytes.append(0x0A)
        return json.bytes
    }

    private static func write(_ spec: EventTypeSpec, into json: inout JSONWriter) {
        json.beginObject()
        json.key("type"); json.string(spec.name)
        json.key("summary"); json.string(spec.summary)
        json.key("on")
        json.beginArray()
        for caseType in spec.caseTypes { json.string(caseType.prefix) }
        json.endArray()
        json.key("storeStream"); json.stringOrNull(spec.storeStream)
        json.key("opensStream"); json.bool(spec.opensStream)
        json.key("needsSomeField"); json.bool(spec.needsSomeField)
        json.key("recordableBy")
        json.beginArray()
        for role in AccessPolicy.recordableBy(spec) { json.string(role.rawValue) }
        json.endArray()
        json.key("fields")
        json.beginArray()
        for field in spec.fields {
            json.beginObject()
            json.key("name"); json.string(field.name)
            json.key("required"); json.bool(field.isRequired)
            json.key("personal"); json.bool(field.isPersonal)
            json.key("published"); json.bool(field.isPublished)
            json.key("takes"); json.string(field.kind.summary)
            json.key("example"); json.raw(Array(field.kind.exampleJSON.utf8))
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension CaseStore {
    /// The event types every store takes (`caselog types`): needs no store, since the
    /// catalogue is the code's.
    public static func types() -> EventTypeCatalogue { EventTypeCatalogue() }
}
