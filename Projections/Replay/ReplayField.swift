import Casework
import EventLog
import Codec

/// One field of an event's data as the replay shows it: `reasons: rent-arrears, hoarding`.
public struct ReplayField: Sendable, Equatable {
    /// The field's name in the catalogue.
    public let name: String
    /// The value as text: lists comma-separated, objects as JSON.
    public let value: String
    /// True for a personal (†) field, shown only with `--include-personal`.
    public let isPersonal: Bool

    /// A field named `name` with `value`.
    public init(name: String, value: String, isPersonal: Bool = false) {
        self.name = name
        self.value = value
        self.isPersonal = isPersonal
    }

    /// The fields of `data` (a CBOR map) in stored order, then those of `personal` (when given)
    /// that `data` lacks; a field in both (a plan's goals, a correction's changes) is shown merged.
    ///
    /// - Throws: `CBORError` when stored bytes are not valid CBOR (a damaged store).
    public static func fields(of data: CBORView, personal: CBORView?) throws -> [ReplayField] {
        var fields: [ReplayField] = []
        var shared: Set<String> = []
        try data.forEachEntry { key, value in
            let name = String(decoding: key, as: UTF8.self)
            if let personal, let other = personal.value(forKey: key) {
                shared.insert(name)
                var json = JSONWriter()
                try MergedDataWriter.write(data: value, personal: other, into: &json)
                fields.append(ReplayField(name: name, value: String(decoding: json.bytes, as: UTF8.self), isPersonal: true))
            } else {
                fields.append(ReplayField(name: name, value: try text(of: value)))
            }
        }
        try personal?.forEachEntry { key, value in
            let name = String(decoding: key, as: UTF8.self)
            guard !shared.contains(name) else { return }
            fields.append(ReplayField(name: name, value: try text(of: value), isPersonal: true))
        }
        return fields
    }

    /// The names of the personal fields in `personal` (a CBOR map), with the inner names of
    /// fields kept inside structures (`changes.rationale`, `goals[].description`). Names only:
    /// never a value.
    public static func names(inPersonal personal: CBORView) -> [String] {
        var names: [String] = []
        personal.forEachEntry { key, value in
            let name = String(decoding: key, as: UTF8.self)
            var inner: [String] = []
            if value.kind == .map {
                value.forEachEntry { key, _ in inner.append(name + "." + String(decoding: key, as: UTF8.self)) }
            } else if value.kind == .array {
                var innerKeys: [String] = []
                value.forEachElement { element in
                    element.forEachEntry { key, _ in
                        let innerName = String(decoding: key, as: UTF8.self)
                        if !innerKeys.contains(innerName) { innerKeys.append(innerName) }
                    }
                }
                inner = innerKeys.map { name + "[]." + $0 }
            }
            names += inner.isEmpty ? [name] : inner
        }
        return names
    }

    /// `value` as a person reads it: text as is, lists of plain values comma-separated, `yes` or
    /// `no`, objects as JSON.
    static func text(of value: CBORView) throws -> String {
        switch value.kind {
        case .text: return value.string ?? ""
        case .integer: return value.integer.map(String.init) ?? ""
        case .bool: return value.bool == true ? "yes" : "no"
        case .null: return "—"
        case .array:
            var parts: [String] = []
            var isPlain = true
            value.forEachElement { element in
                switch element.kind {
                case .text: parts.append(element.string ?? "")
                case .integer: parts.append(element.integer.map(String.init) ?? "")
                default: isPlain = false
                }
            }
            if isPlain { return parts.joined(separator: ", ") }
        default: break
        }
        var json = JSONWriter()
        try json.cbor(value.bytes)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
