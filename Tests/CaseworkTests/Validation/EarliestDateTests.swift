@testable import Casework
import EventLog
import Testing
import Codec

/// Dates before 1900 are typing mistakes (0001-01-01, 1025 for 2025), in an event's time and in
/// every date field of its data alike: nobody a housing organisation supports was born before
/// 1900, and no visit or action was due then.
@Suite("The earliest date")
struct EarliestDateTests {
    func problem(_ data: CBORValue, as type: String) -> String? {
        let spec = EventCatalogue.type(named: type)!
        do {
            _ = try EventDataValidator.validate(data.encoded(), personal: nil, as: spec) { _ in nil }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a due date, a goal's target date and a date of birth before 1900 are refused, naming the field; 1900-01-01 is taken")
    func dataDates() {
        #expect(problem(["visitId": "V1", "dueDate": "1899-12-31"], as: "tenancy.visit-scheduled")?
            .contains(#"field "dueDate": "1899-12-31" is not a date (YYYY-MM-DD) from 1900-01-01"#) == true)
        #expect(problem(["visitId": "V1", "dueDate": "1900-01-01"], as: "tenancy.visit-scheduled") == nil)
        let goals: CBORValue = ["goals": [["goalId": "G1", "targetDate": "0001-01-01"]]]
        #expect(problem(goals, as: "tenancy.plan-agreed")?.contains("\"goals[1].targetDate\"") == true,
                "\(problem(goals, as: "tenancy.plan-agreed") ?? "taken")")
        let born = problem(["kind": "person", "name": "A", "dateOfBirth": "1066-10-14"], as: "subject.registered")
        #expect(born?.contains("\"dateOfBirth\"") == true, "\(born ?? "taken")")
        #expect(born?.contains("1066") == false, "a personal field's value is never echoed")
    }

    @Test("an event's time before 1900 is refused, naming the field; 1900-01-01T00:00:00Z is taken")
    func occurredAt() throws {
        let now = try #require(Timestamp(iso8601: "2026-01-01T00:00:00Z"))
        let early = try #require(Timestamp(iso8601: "1899-12-31T23:59:59.999999Z"))
        #expect(throws: ValidationError.self) {
            try EventValidator.checkOccurredAt(early, recordedAt: now, type: "case.note-added", stream: "TS-2025-000001")
        }
        do {
            try EventValidator.checkOccurredAt(early, recordedAt: now, type: "case.note-added", stream: "TS-2025-000001")
        } catch {
            #expect("\(error)".contains("occurredAt 1899-12-31T23:59:59.999999Z is before 1900"), "\(error)")
        }
        try EventValidator.checkOccurredAt(try #require(Timestamp(iso8601: "1900-01-01T00:00:00Z")), recordedAt: now,
                                           type: "case.note-added", stream: "TS-2025-000001")
    }
}
