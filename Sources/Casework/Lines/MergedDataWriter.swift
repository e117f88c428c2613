import EventLog
import Codec

/// Writes an event's data with its personal fields put back where they were given
/// (docs/FORMAT.md §5): top-level personal fields beside the others, and the personal fields of a
/// plan's goals or a correction's changes back inside them. For the people who may read them:
/// the caseworkers' `caselog case`, never analysts' outputs.
public enum MergedDataWriter {
    /// Appends `data` merged with `personal` (a CBOR map, or nil) as one JSON object.
    ///
    /// - Throws: `CBORError` when stored bytes are not valid CBOR (a damaged store).
    public static func write(data: CBORView, personal: CBORView?, into json: inout JSONWriter) throws {
        guard let personal, personal.kind == .map else {
            try json.cbor(data.bytes)
            return
        }
        try merge(data, personal, into: &json)
    }

    private static func merge(_ data: CBORView, _ personal: CBORView, into json: inout JSONWriter) throws {
        switch (data.kind, personal.kind) {
        case (.map, .map):
            json.beginObject()
            var shared: Set<[UInt8]> = []
            try data.forEachEntry { key, value in
                json.key(bytes: key)
                if let other = personal.value(forKey: key) {
                    shared.insert(Array(key))
                    try merge(value, other, into: &json)
                } else {
                    try json.cbor(value.bytes)
                }
            }
            try personal.forEachEntry { key, value in
                guard !shared.contains(Array(key)) else { return }
                json.key(bytes: key)
                try json.cbor(value.bytes)
            }
            json.endObject()
        case (.array, .array) where data.count == personal.count:
            var others: [CBORView] = []
            personal.forEachElement { others.append($0) }
            json.beginArray()
            var index = 0
            try data.forEachElement { element in
                try merge(element, others[index], into: &json)
                index += 1
            }
            json.endArray()
        default:
            try json.cbor(data.bytes)
        }
    }
}
