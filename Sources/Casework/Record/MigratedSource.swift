import Codec
import EventLog

/// Where a migrated event came from (DOMAIN.md §10): an import line's `source` {`system`,
/// `recordedAt`, `recordedBy`}, kept in the event's data as `migratedFrom` (every type takes it;
/// `source` is already a field of some types, such as a referral's), of an event that `caselog
/// import` brought over from another case system. The store stamps its own `recordedAt` as for any event; the source's `recordedAt` is
/// when the entry was made in the old system, so late-entry flags use it (`recordedAt(of:)`), and
/// the replay marks the entry migrated.
///
/// What caselog chooses where DOMAIN.md is silent:
/// - only an import keeps it: `caselog record` and the server refuse it (65), since a `source`
///   typed today would claim an entry was made in time when it was not;
/// - its `recordedAt` lies between the event's `occurredAt` and the store's own `recordedAt`.
public struct MigratedSource: Sendable, Equatable {
    /// The field's name in an event's data.
    public static let field = "migratedFrom"

    /// The system the event came from, e.g. "Civica CX".
    public let system: String
    /// When the entry was made in that system.
    public let recordedAt: Timestamp
    /// Who made it there, when the source says.
    public let recordedBy: String?

    /// The source in an event's data map; nil when it has none (or one that does not read).
    public init?(data: CBORView) {
        guard let source = data[Self.field], let system = source["system"]?.string,
              let text = source["recordedAt"]?.textBytes, let recordedAt = Timestamp(iso8601: text) else { return nil }
        self.system = system
        self.recordedAt = recordedAt
        recordedBy = source["recordedBy"]?.string
    }

    /// When the entry of `record` was made: its source's `recordedAt` for a migrated event,
    /// else the store's.
    public static func recordedAt(of record: RecordView) -> Timestamp {
        MigratedSource(data: record.data)?.recordedAt ?? record.recordedAt
    }

    /// "migrated from Civica CX (recorded there 2019-04-02 10:15 by j.smith)".
    public var description: String {
        "migrated from \(system) (recorded there \(EuropeLondon.minuteText(of: recordedAt))" + (recordedBy.map { " by \($0)" } ?? "") + ")"
    }

    /// Checks a `source` in `data` against the event's times: on or after `occurredAt`, on or
    /// before the store's `recordedAt`.
    ///
    /// - Throws: `ValidationError` naming the field.
    public static func check(_ data: CBORView, occurredAt: Timestamp, recordedAt: Timestamp) throws(ValidationError) {
        guard let source = MigratedSource(data: data) else { return }
        guard source.recordedAt >= occurredAt else {
            throw ValidationError(.rule("field \"migratedFrom.recordedAt\" (the line's source): \(source.recordedAt.iso8601) is before the event's occurredAt "
                + "\(occurredAt.iso8601): an entry cannot be made before what it records happened"))
        }
        guard source.recordedAt <= recordedAt else {
            throw ValidationError(.rule("field \"migratedFrom.recordedAt\" (the line's source): \(source.recordedAt.iso8601) is after this store records the event"))
        }
    }
}
