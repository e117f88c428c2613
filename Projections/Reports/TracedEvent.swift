import EventLog

/// One event that a figure counts, as `--explain` lists it: where it is in the log, its case,
/// its type and when it happened. Never anything of the event's data, so never personal data.
public struct TracedEvent: Hashable, Sendable, Comparable {
    /// The event's global position in the log.
    public let position: UInt64
    /// The case (stream) it is on.
    public let reference: String
    /// The event type, e.g. `complaint.responded`.
    public let type: String
    /// When it happened.
    public let occurredAt: Timestamp

    /// An event at `position` on `reference`.
    public init(position: UInt64, reference: String, type: String, occurredAt: Timestamp) {
        self.position = position
        self.reference = reference
        self.type = type
        self.occurredAt = occurredAt
    }

    /// Log order.
    public static func < (a: TracedEvent, b: TracedEvent) -> Bool { a.position < b.position }
}
