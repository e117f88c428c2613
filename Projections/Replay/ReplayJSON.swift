import EventLog
import Codec

/// The replay as one JSON object, times in UTC (RFC 3339): what was read and why, the cut, and
/// every entry with its fields (as text, as shown), flags and corrections.
public enum ReplayJSON {
    /// The whole replay as JSON bytes, ending in a line break.
    public static func render(_ replay: Replay) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("reference"); json.string(replay.scope.reference)
        json.key("knownAt"); json.stringOrNull(replay.options.knownAt?.iso8601)
        json.key("asOf"); json.stringOrNull(replay.options.asOf?.iso8601)
        json.key("gapDays"); json.integer(Int64(replay.options.gapDays))
        json.key("gapDaysSource"); json.stringOrNull(replay.options.gapDaysSource)
        json.key("includesPersonal"); json.bool(replay.options.includesPersonal)
        json.key("hiddenByKnownAt"); json.integer(Int64(replay.hiddenByKnownAt))
        json.key("hiddenByAsOf"); json.integer(Int64(replay.hiddenByAsOf))
        json.key("subjects"); json.beginArray()
        for subject in replay.scope.subjects { json.string(subject) }
        json.endArray()
        json.key("streams"); json.beginArray()
        for stream in replay.scope.streams {
            json.beginObject()
            json.key("stream"); json.string(stream.name)
            json.key("role"); json.string(stream.role.rawValue)
            json.key("reason"); json.string(stream.reason)
            json.endObject()
        }
        json.endArray()
        json.key("entries"); json.beginArray()
        for entry in replay.entries { write(entry, &json) }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    private static func write(_ entry: ReplayEntry, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("position"); json.unsigned(entry.position)
        json.key("stream"); json.string(entry.stream)
        json.key("version"); json.unsigned(entry.version)
        json.key("type"); json.string(entry.type)
        json.key("id"); json.string(entry.eventID.description)
        json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
        json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
        json.key("actor"); json.string(entry.actor)
        json.key("fields"); write(entry.fields, &json)
        json.key("personal"); write(entry.personal, &json)
        json.key("lateDays"); json.integerOrNull(entry.lateDays.map(Int64.init))
        json.key("gapDaysBefore"); json.integerOrNull(entry.gapDaysBefore.map(Int64.init))
        json.key("corrections"); json.beginArray()
        for correction in entry.corrections {
            json.beginObject()
            json.key("position"); json.unsigned(correction.position)
            json.key("version"); json.unsigned(correction.version)
            json.key("occurredAt"); json.string(correction.occurredAt.iso8601)
            json.key("recordedAt"); json.string(correction.recordedAt.iso8601)
            json.key("actor"); json.string(correction.actor)
            json.key("reason"); json.stringOrNull(correction.reason)
            json.key("changes"); write(correction.changes, &json)
            json.key("personal"); write(correction.personal, &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func write(_ fields: [ReplayField], _ json: inout JSONWriter) {
        json.beginArray()
        for field in fields {
            json.beginObject()
            json.key("name"); json.string(field.name)
            json.key("value"); json.string(field.value)
            json.key("personal"); json.bool(field.isPersonal)
            json.endObject()
        }
        json.endArray()
    }

    private static func write(_ personal: ReplayPersonal, _ json: inout JSONWriter) {
        json.beginObject()
        switch personal {
        case .none: json.key("state"); json.string("none")
        case .shown: json.key("state"); json.string("shown")
        case .erased: json.key("state"); json.string("erased")
        case .withheld(let names):
            json.key("state"); json.string("withheld")
            json.key("fields"); json.beginArray()
            for name in names { json.string(name) }
            json.endArray()
        }
        json.endObject()
    }


}
