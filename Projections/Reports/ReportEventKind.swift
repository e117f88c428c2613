import Casework
import EventLog

/// The event types a report reads, as an enum whose raw values are the type names. A report
/// keeps the enum (one byte) per event instead of the name, which it spells out only for
/// `--explain`; `ReportCases` finds a record's kind from its type's bytes without making a
/// `String` (`TypeNameTable`).
///
/// The names are the catalogue's (`EventCatalogue`): `uncatalogued` names any that is not, so
/// that a test fails on a misspelt name instead of the report silently counting nothing.
protocol ReportEventKind: RawRepresentable<String>, CaseIterable, Sendable, Equatable {}

extension ReportEventKind {
    /// The names among `allCases` that are not event types of the catalogue: empty unless one is
    /// misspelt. Costs a dictionary look-up per kind.
    static var uncatalogued: [String] {
        allCases.map(\.rawValue).filter { EventCatalogue.type(named: $0) == nil }
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
