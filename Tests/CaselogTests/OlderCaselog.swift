import Casework
import EventLog
import Testing
import Codec

/// Writes events as a caselog from before DOMAIN.md §8's rule would have: each event's data map
/// and personal section exactly as given (so a field the catalogue now marks † can be left in
/// the data map, where that caselog kept it), with each case's lifecycle kept in its stream head
/// as the importer keeps it. For stores that only an older caselog could have made.
enum OlderCaselog {
    /// One event: its stream, type, time, data map and personal fields.
    struct Event {
        var id = EventID.random()
        let stream: String
        let type: String
        let occurredAt: String
        let data: CBORValue
        var personal: CBORValue?
    }

    /// Appends `events` to the store at `path` (creating it), in one write, as `older.caselog`.
    static func write(_ events: [Event], into path: String) throws {
        let store = try EventStore.create(at: path).store
        try store.write(actor: "older.caselog") { writer in
            for event in events {
                let spec = try #require(EventCatalogue.type(named: event.type))
                let caseType = try #require(CaseReference(event.stream)?.caseType)
                let occurredAt = try #require(Timestamp(iso8601: event.occurredAt))
                let data = event.data.encoded()
                let proposed = ProposedEvent(id: event.id, type: event.type, occurredAt: occurredAt, data: data,
                                             personal: event.personal.map { PersonalData(fields: $0.encoded()) })
                try writer.append(proposed, to: event.stream) { head, _ in
                    var lifecycle = try CaseLifecycle(head: head)
                    try data.withUnsafeBytes { bytes in
                        try lifecycle.apply(spec, on: caseType, version: head.version, occurredAt: occurredAt, data: CBORView(bytes))
                    }
                    head.state = lifecycle.encoded()
                }
            }
        }
    }
}
