#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog

/// The event types a report reads, as an enum whose raw values are the type names. A report
/// recognises a record's type from its bytes without making a `String`, and keeps the enum (one
/// byte) per event instead of the name, which it spells out only for `--explain`.
protocol ReportEventKind: RawRepresentable<String>, CaseIterable, Sendable {
    /// Every kind, kept once (the synthesized `allCases` builds an array at each use).
    static var every: [Self] { get }
}

extension ReportEventKind {
    /// The kind named by `bytes`, a record's `typeBytes`; nil for any other type. Compares
    /// lengths first, then bytes with `memcmp` (as `CaseFileEventType` does); allocates nothing.
    init?(typeBytes bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return nil }
        for kind in Self.every {
            var name = kind.rawValue
            if name.utf8.count == bytes.count, name.withUTF8({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
                self = kind
                return
            }
        }
        return nil
    }
}

/// What a report keeps of every event it counts: enough to find it again for `--explain` and
/// for a correction that names it.
struct EventStamp: Sendable {
    /// The event's global position.
    let position: UInt64
    /// The event's id, which a correction names.
    let eventID: EventID
    /// When it happened.
    let occurredAt: Timestamp

    /// The stamp of `record`.
    init(_ record: RecordView) {
        position = record.position
        eventID = record.eventID
        occurredAt = record.occurredAt
    }

    /// The event as `--explain` lists it, on `reference`, of type `type`.
    func traced(_ reference: String, _ type: some ReportEventKind) -> TracedEvent {
        TracedEvent(position: position, reference: reference, type: type.rawValue, occurredAt: occurredAt)
    }
}
