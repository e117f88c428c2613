import Casework
import EventLog
import Codec

/// Every event about one subject across all case types, by `occurredAt` (DOMAIN.md §6): the
/// subject's own stream and every case whose subject is that subject or a household that names
/// it as a member. Personal (†) fields are never shown: the personal sections are not read, and
/// a field that an older event holds in its data but the catalogue now marks personal is left out.
public struct SubjectChronology: Sendable, Equatable {
    /// One event of the chronology.
    public struct Entry: Sendable, Equatable {
        /// Its position in the log (breaks ties of `occurredAt`).
        public let position: UInt64
        /// The case or subject stream.
        public let stream: String
        /// The kind of stream (`tenancy`, `safeguarding`, `complaint`, `subject`).
        public let caseType: String
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
        /// Its non-personal fields as `name: value · name: value`, at most `summaryLength` characters;
        /// "(personal fields only)" for an event with nothing else, such as a note.
        public let summary: String
    }

    /// The longest summary shown, in characters; longer ones end in "…".
    public static let summaryLength = 100

    /// The subject.
    public let subject: String
    /// The streams read, and why.
    public let scope: RelatedStreams
    /// The events, by `occurredAt` then position.
    public let entries: [Entry]

    /// The chronology of `subject`, or nil when the store has no such subject.
    /// Costs one scan of the log, then reading the related streams.
    ///
    /// - Throws: `StoreError` when the store is damaged, `CBORError` when a record's data is.
    public static func build(for subject: String, in reader: borrowing LogReader) throws -> SubjectChronology? {
        guard let scope = try RelatedStreams.about(subject: subject, in: reader) else { return nil }
        var entries: [Entry] = []
        for stream in scope.streams {
            let caseType = CaseReference(stream.name)?.caseType.rawValue ?? "unknown"
            try reader.scanStream(stream.name) { record in
                // An older event may hold, in its data, a field the catalogue now marks personal.
                let moved = try PersonalFieldFilter.split(record, in: reader)
                let fields = try moved.map { try $0.data.withUnsafeBytes { try ReplayField.fields(of: CBORView($0), personal: nil) } }
                    ?? ReplayField.fields(of: record.data, personal: nil)
                var summary = ReplayText.fieldsText(fields)
                if summary.isEmpty && (record.hasPersonalData || moved != nil) { summary = "(personal fields only)" }
                if summary.count > summaryLength { summary = String(summary.prefix(summaryLength - 1)) + "…" }
                entries.append(Entry(position: record.position, stream: stream.name, caseType: caseType,
                                     version: record.version, type: record.type, occurredAt: record.occurredAt,
                                     recordedAt: record.recordedAt, actor: record.actor, summary: summary))
            }
        }
        entries.sort { ($0.occurredAt, $0.position) < ($1.occurredAt, $1.position) }
        return SubjectChronology(subject: subject, scope: scope, entries: entries)
    }
}
