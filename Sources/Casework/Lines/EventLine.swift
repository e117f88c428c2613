import Codec
import EventLog
/// One event as a line of JSON, the form events take at the command line's edge:
/// `caselog import`, `caselog record --stdin` and `caselog export` (docs/FORMAT.md, "Event lines").
///
/// ```json
/// {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-04T10:15:00Z","data":{"stage":1}}
/// ```
public struct EventLine: Sendable, Equatable {
    /// The event type.
    public var type: String
    /// The case (stream) reference.
    public var caseReference: String?
    /// When it happened.
    public var occurredAt: Timestamp
    /// The event id, when the line gives one.
    public var id: EventID?
    /// The version the case must be at before this event, when the line gives one.
    public var expectedVersion: UInt64?
    /// The data fields as a deterministic CBOR map.
    public var data: [UInt8]
    /// Personal-data fields given apart (as `export` writes them), as a CBOR map.
    public var personal: [UInt8]?
    /// The salt of the personal-data section (from an export).
    public var personalSalt: [UInt8]?
    /// Correlation and causation ids.
    public var correlationID: EventID?
    public var causationID: EventID?
    /// When a store wrote it and who recorded it, when the line says (an export's lines, or a
    /// generated history that `caselog demo` writes with its simulated times). An ordinary
    /// import ignores both: the store sets them.
    public var recordedAt: Timestamp?
    public var actor: String?
    /// Where the line came from, when it is a line of `caselog export`.
    public var provenance: Provenance?

    /// The fields `export` adds, which let an import into an empty store restore the chain exactly.
    public struct Provenance: Sendable, Equatable {
        public var position: UInt64
        public var version: UInt64
        public var recordedAt: Timestamp
        public var actor: String
        public var hash: ChainHash
    }
}

/// Why a line is not a valid event line. The caller adds the line number.
public struct EventLineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
