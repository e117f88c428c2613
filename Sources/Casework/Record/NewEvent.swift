import Codec
import EventLog

/// One event to record, as typed values: what a program (the command line, the server, a
/// generated history) hands to `Recorder`, with no JSON text in between.
///
/// `fields` holds every field of the event's data, personal (†) fields among them: the
/// catalogue decides which go into the personal section (DOMAIN.md §8), so a caller cannot
/// put a name in the data by mistake.
public struct NewEvent: Sendable, Equatable {
    /// The event type, as the catalogue names it (`complaint.received`).
    public var type: String
    /// The case or subject reference; nil for an opening event, which gets the next reference
    /// of its type and year.
    public var caseReference: String?
    /// When it happened.
    public var occurredAt: Timestamp
    /// The data fields by name.
    public var fields: [String: CBORValue]
    /// The version the case must be at, when the caller says which one it saw.
    public var expectedVersion: UInt64?
    /// The event id, for a retry that must not record twice; nil: a new random id.
    public var id: EventID?
    /// The event this one belongs with.
    public var correlationID: EventID?
    /// The event that caused this one.
    public var causationID: EventID?
    /// When another system recorded it (a generated history); nil (the default): now. A given
    /// time may not be in the future either. Set only inside caselog's own package: who and
    /// when an event was recorded is the store's to say, never a caller's claim (DESIGN.md).
    package var recordedAt: Timestamp?
    /// Who recorded it: with `recordedAt`, the person in that other system; without it, the
    /// person on whose request this event is written now, when one write records the requests
    /// of several people (a group commit of the server, each request stamped with its token's
    /// user). Nil: the write's actor. Package only, as `recordedAt`: never a caller's claim.
    package var recordedBy: String?

    /// An event of `type` on `caseReference` (nil: an opening event, given the next reference).
    public init(type: String, caseReference: String? = nil, occurredAt: Timestamp, fields: [String: CBORValue] = [:],
                expectedVersion: UInt64? = nil, id: EventID? = nil) {
        self.type = type
        self.caseReference = caseReference
        self.occurredAt = occurredAt
        self.fields = fields
        self.expectedVersion = expectedVersion
        self.id = id
    }

    /// The data as the log's deterministic CBOR map (`CBORWriter`, keys in canonical order).
    public var encodedFields: [UInt8] { CBORValue.map(fields).encoded() }
}
