import Casework
import EventLog

/// One event in a replay, with what the panel should notice about it.
public struct ReplayEntry: Sendable, Equatable {
    /// The event's position in the log (breaks ties of `occurredAt`).
    public let position: UInt64
    /// The case or subject it belongs to.
    public let stream: String
    /// Its version in that stream.
    public let version: UInt64
    /// The event type.
    public let type: String
    /// The event's id.
    public let eventID: EventID
    /// When it happened, as stated by whoever recorded it.
    public let occurredAt: Timestamp
    /// When the store wrote it.
    public let recordedAt: Timestamp
    /// Who recorded it.
    public let actor: String
    /// Its data as shown: non-personal fields, and personal ones with `--include-personal`.
    public let fields: [ReplayField]
    /// What became of its personal fields.
    public let personal: ReplayPersonal
    /// Corrections of this entry known by `--known-at`, in the order they were recorded.
    public internal(set) var corrections: [ReplayCorrection] = []
    /// The void of this entry known by `--known-at` (`case.entry-voided`: entered in error),
    /// with who recorded it, when and why; nil when it stands. A voided entry stays in the
    /// replay, struck through, and counts in no deadline or finding.
    public internal(set) var voided: ReplayCorrection?
    /// Where a migrated entry came from (`source`, DOMAIN.md §10); nil for an entry made here.
    public internal(set) var source: MigratedSource?
    /// Whole days since the previous entry, when that is longer than the gap threshold.
    public internal(set) var gapDaysBefore: Int?

    /// How long after it happened an entry may be recorded before it is flagged late.
    public static let lateAfterMicroseconds: Int64 = 24 * 3_600 * 1_000_000

    /// Who recorded it as people read it: the actor, and for whom when its data says
    /// (`onBehalfOf`, DOMAIN.md §13): `a.khan for s.patel`.
    public var recordedBy: String {
        fields.first { $0.name == OnBehalfOf.field && !$0.isPersonal }.map { "\(actor) for \($0.value)" } ?? actor
    }

    /// When the entry was made: in the system it came from for a migrated entry (`source`),
    /// else when this store wrote it. Late-entry flags use it.
    public var enteredAt: Timestamp { source?.recordedAt ?? recordedAt }

    /// True when it was entered more than 24 hours after it happened.
    public var isLate: Bool { enteredAt.microseconds - occurredAt.microseconds > Self.lateAfterMicroseconds }

    /// For a late entry, whole days between happening and being entered (at least 1); nil otherwise.
    public var lateDays: Int? {
        guard isLate else { return nil }
        return max(1, Int((enteredAt.microseconds - occurredAt.microseconds) / 86_400_000_000))
    }

    /// The flags a reader sees beside the entry: "late entry (recorded 3 days later)",
    /// "corrected", "voided".
    public var flags: [String] {
        var flags: [String] = []
        if let days = lateDays { flags.append("late entry (recorded \(days) day\(days == 1 ? "" : "s") later)") }
        if !corrections.isEmpty { flags.append("corrected") }
        if voided != nil { flags.append("voided") }
        if let source { flags.append(source.description) }
        return flags
    }
}
