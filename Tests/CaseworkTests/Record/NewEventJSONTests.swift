@testable import Casework
import Codec
import EventLog
import Testing

/// `NewEvent.jsonLine()`: what the command line posts to a server reads back as the same event.
@Suite("An event as the line a client posts")
struct NewEventJSONTests {
    func roundTrip(_ event: NewEvent) throws -> NewEvent {
        var parser = EventLineParser()
        let line = try event.jsonLine().withUnsafeBytes { try parser.parse($0) }
        return try NewEvent(line)
    }

    @Test("every kind of field, a reference, an expected version and ids come back as they went")
    func roundTrips() throws {
        var event = NewEvent(type: "tenancy.plan-agreed", caseReference: "TS-2025-000001",
                             occurredAt: Timestamp(year: 2025, month: 3, day: 4, hour: 9), fields: [
                                 "goals": [["goalId": "G1", "description": "Rent paid \"on time\" ✓", "targetDate": "2025-06-01"]],
                                 "notes": "Line one\nline two",
                             ], expectedVersion: 3, id: EventID.random())
        event.correlationID = EventID.random()
        #expect(try roundTrip(event) == event)
        let opening = NewEvent(type: "safeguarding.concern-raised", occurredAt: Timestamp(year: 2025, month: 3, day: 4, hour: 9),
                               fields: ["subject": "P-000001", "categories": ["self-neglect"], "immediateRisk": true, "description": "x"])
        #expect(try roundTrip(opening) == opening)
        #expect(!String(decoding: opening.jsonLine(), as: UTF8.self).contains("\"case\""))
    }
}
