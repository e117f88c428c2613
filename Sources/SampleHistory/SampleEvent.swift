import Casework
#if canImport(EventLog)
import EventLog
#endif

/// One event of a generated sample history, ready to be imported or appended.
///
/// `jsonLine` is the import format: one JSON object with exactly the keys `type`, `case`,
/// `occurredAt`, `id` and `data`, in that order. `recordedAt` is not in the line: it is when a
/// store would have written the event, and the history is ordered by it.
public struct SampleEvent: Sendable {
    /// The event id: a lowercase UUID in the RFC 4122 version 4 layout, determined by the seed.
    public var id: String
    /// The event type from DOMAIN.md, such as `complaint.received`.
    public var type: String
    /// The stream the event belongs to, such as `TS-2024-000123` or `P-000042`.
    public var caseReference: String
    /// When it happened, as the person recording it would state it (whole seconds).
    public var occurredAt: Timestamp
    /// When a store would have written it: minutes to hours after `occurredAt`, about 3% days
    /// later, and never more than 5 minutes before it.
    public var recordedAt: Timestamp
    /// The event's data fields as one compact JSON object.
    public var dataJSON: String
    /// The whole event as one compact JSON line (no trailing newline).
    public var jsonLine: String

    init(id: String, type: String, caseReference: String, occurredAt: Timestamp, recordedAt: Timestamp, dataJSON: String) {
        self.id = id
        self.type = type
        self.caseReference = caseReference
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.dataJSON = dataJSON
        jsonLine = Self.line(type: type, caseReference: caseReference, occurredAt: occurredAt, id: id, data: dataJSON)
    }

    /// `{"type":…,"case":…,"occurredAt":…,"id":…,"data":…}` in one allocation.
    private static func line(type: String, caseReference: String, occurredAt: Timestamp, id: String, data: String) -> String {
        let count = 53 + type.utf8.count + caseReference.utf8.count + SampleCalendar.isoTextLength + id.utf8.count + data.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            let base = buffer.baseAddress!
            var position = copy("{\"type\":\"", to: base, at: 0)
            position = copy(type, to: base, at: position)
            position = copy("\",\"case\":\"", to: base, at: position)
            position = copy(caseReference, to: base, at: position)
            position = copy("\",\"occurredAt\":\"", to: base, at: position)
            SampleCalendar.writeISOText(occurredAt.microseconds, into: UnsafeMutableBufferPointer(rebasing: buffer[position...]))
            position += SampleCalendar.isoTextLength
            position = copy("\",\"id\":\"", to: base, at: position)
            position = copy(id, to: base, at: position)
            position = copy("\",\"data\":", to: base, at: position)
            position = copy(data, to: base, at: position)
            position = copy("}", to: base, at: position)
            assert(position == count)
            return position
        }
    }

    private static func copy(_ text: StaticString, to base: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
        (base + position).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return position + text.utf8CodeUnitCount
    }

    private static func copy(_ text: String, to base: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
        var text = text
        return text.withUTF8 { source in
            if let start = source.baseAddress { (base + position).update(from: start, count: source.count) }
            return position + source.count
        }
    }
}
