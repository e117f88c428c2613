import Casework
import EventLog
import Codec

/// Everything the store holds about one subject, for a subject access request (DOMAIN.md §8):
/// the events of the subject's own stream and of every case about them (the streams
/// `RelatedStreams.about(subject:in:)` finds, as `caselog chronology` reads them), in log order,
/// with their personal (†) fields where they are this subject's, other people's redacted, and
/// the positions read with the head position and hash, so the bundle can be checked against the
/// chain (docs/PRIVACY.md).
///
/// **Redaction rule.** The † fields of an event are shown only when the event's stream is about
/// this subject alone: the subject's own `P-` stream, or a case whose subject (its opening
/// event's `household`, `subject` or `complainant`, as corrected) is this subject. Everywhere
/// else, a case about a household that names this subject among its members, the † fields
/// cannot be told apart as this person's rather than another member's, so they are redacted:
/// the field's name is kept, its value is `redactedText`. Non-personal fields are shown everywhere.
public struct SubjectAccessBundle: Sendable, Equatable {
    /// What is shown in place of a value that may be another person's.
    public static let redactedText = "[redacted: another person's data]"

    /// One stream read, and whether its † fields are shown.
    public struct Stream: Sendable, Equatable {
        /// The stream's reference.
        public let name: String
        /// The kind of stream (`tenancy`, `safeguarding`, `complaint`, `subject`).
        public let caseType: String
        /// Why it is in the bundle: "the subject's own record", "about P-…", "household P-… includes P-…".
        public let reason: String
        /// True when its † fields are shown (it is about this subject alone); false: redacted.
        public let showsPersonal: Bool
    }

    /// One event of the bundle.
    public struct Event: Sendable, Equatable {
        /// Its position in the log.
        public let position: UInt64
        /// Its stream.
        public let stream: String
        /// Its version in the stream.
        public let version: UInt64
        /// The event type.
        public let type: String
        /// When it happened.
        public let occurredAt: Timestamp
        /// When the store wrote it.
        public let recordedAt: Timestamp
        /// Who recorded it.
        public let actor: String
        /// Its fields: † ones shown, or with `redactedText` as their value.
        public let fields: [ReplayField]
        /// The names of the fields redacted (empty when none).
        public let redacted: [String]
        /// True when the event had † fields that have been erased from the store.
        public let isErased: Bool
    }

    /// The subject.
    public let subject: String
    /// The streams read, the subject's own first, then cases in the order they were opened.
    public let streams: [Stream]
    /// The events, in log order (by position).
    public let events: [Event]
    /// The head of the log when the bundle was read: every position listed is at or below it.
    public let head: LogHead

    /// The positions the bundle drew on, in log order.
    public var positions: [UInt64] { events.map(\.position) }

    /// The cases (not the subject's own stream) in the bundle.
    public var cases: [String] { streams.filter { $0.name != subject }.map(\.name) }

    /// How many fields were redacted in all.
    public var redactedCount: Int { events.reduce(0) { $0 + $1.redacted.count } }

    /// The bundle for `subject`, or nil when the store has no such subject. Reads in one
    /// snapshot: one scan of the log to relate streams, then the related streams and the
    /// personal sections of their events.
    ///
    /// - Throws: `StoreError` when the store is damaged, `CBORError` when a record's data is.
    public static func build(for subject: String, in reader: borrowing LogReader) throws -> SubjectAccessBundle? {
        let facts = try StreamFacts.scan(reader)
        guard let scope = RelatedStreams.about(subject: subject, facts: facts) else { return nil }
        let head = try reader.head()
        var streams: [Stream] = []
        var events: [Event] = []
        for stream in scope.streams {
            let showsPersonal = stream.name == subject || facts.caseSubject[stream.name] == subject
            streams.append(Stream(name: stream.name, caseType: CaseReference(stream.name)?.caseType.rawValue ?? "unknown",
                                  reason: stream.name == subject ? "the subject's own record" : stream.reason, showsPersonal: showsPersonal))
            try reader.scanStream(stream.name) { record in
                guard record.position <= head.position else { return }
                let content = try ReplayContent(record, in: reader)
                var (fields, personal) = try content.fields(of: nil, includesPersonal: showsPersonal)
                var redacted: [String] = []
                if case .withheld(let names) = personal {
                    redacted = names
                    fields += names.map { ReplayField(name: $0, value: redactedText, isPersonal: true) }
                }
                events.append(Event(position: record.position, stream: stream.name, version: record.version, type: record.type,
                                    occurredAt: record.occurredAt, recordedAt: record.recordedAt, actor: record.actor,
                                    fields: fields, redacted: redacted, isErased: personal == .erased))
            }
        }
        events.sort { $0.position < $1.position }
        return SubjectAccessBundle(subject: subject, streams: streams, events: events, head: head)
    }
}
