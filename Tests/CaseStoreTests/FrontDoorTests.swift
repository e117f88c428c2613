import CaseStore
import Casework
import EventLog
import Projections
import Testing
import TestSupport

/// The front door as a program meets it: open, record typed values, read the case back.
@Suite("The front door")
struct FrontDoorTests {
    let scratch = TemporaryDirectory()
    static let monday = Timestamp(year: 2025, month: 3, day: 3, hour: 9)

    func newStore() throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = false
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    static let person = NewEvent(type: "subject.registered", occurredAt: monday, fields: ["kind": "person", "name": "Kerry Asante"])
    static let complaint = NewEvent(type: "complaint.received", occurredAt: monday,
                                    fields: ["complainant": "P-000001", "channel": "email", "categories": ["damp-mould"],
                                             "summary": "Mould in the bedroom"])

    @Test("a store opened through the front door keeps the case summary current with every write")
    func keepsTheViews() throws {
        let store = try newStore()
        let recorded = try store.record([Self.person, Self.complaint], actor: "a.khan")
        #expect(recorded.map(\.caseReference) == ["P-000001", "CMP-2025-000001"])
        let head = try store.log.head().position
        // Kept in the write itself: the view's checkpoint is the head, with no read to catch up.
        let checkpoint = try store.log.read { try $0.checkpoint(ofView: CaseSummaryView.name) }
        #expect(checkpoint == head)
        let reading = try #require(try store.readCase("CMP-2025-000001", asOf: CalendarDate(year: 2025, month: 3, day: 4)!))
        #expect(reading.file.state == .open)
        #expect(reading.file.subject == "P-000001")
        #expect(reading.timeline.map(\.type) == ["complaint.received"])
        #expect(reading.timeline[0].dataText.contains("summary: Mould in the bedroom"))
    }

    @Test("typed values are written as the JSON import writes the same event: same data, same personal section")
    func typedEqualsImported() throws {
        let typed = try newStore()
        let id = EventID("0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10")!
        var event = Self.person
        event.id = id
        _ = try typed.record(event, actor: "a.khan")
        let imported = try CaseStore.create(at: scratch.appending("imported")).store
        let line = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","id":"0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10","data":{"kind":"person","name":"Kerry Asante"}}"#
        _ = try imported.importLines(LineReader(bytes: Array((line + "\n").utf8)), actor: "a.khan")
        func stored(_ store: CaseStore) throws -> (data: [UInt8], type: String, personal: [UInt8]?) {
            try store.log.read { reader in
                let record = try #require(try reader.record(at: 1))
                let personal = try reader.personalData(at: 1).map { Array($0.fieldBytes) }
                return (Array(record.dataBytes), record.type, personal)
            }
        }
        let (a, b) = (try stored(typed), try stored(imported))
        #expect(a.data == b.data)
        #expect(a.type == b.type)
        #expect(a.personal != nil)
        #expect(a.personal == b.personal)
    }

    @Test("a refused event writes nothing, and the error map calls it invalid (exit 65, HTTP 422)")
    func refusedWritesNothing() throws {
        let store = try newStore()
        _ = try store.record(Self.person, actor: "a.khan")
        let before = try store.log.head()
        var bad = Self.complaint
        bad.fields["channel"] = "carrier pigeon"
        let error = #expect(throws: ValidationError.self) { try store.record([Self.complaint, bad], actor: "a.khan") }
        #expect(try store.log.head() == before)
        let failure = CaselogError(try #require(error))
        #expect(failure.kind == .invalid)
        #expect(failure.kind.exitCode == 65)
        #expect(failure.kind.httpStatus == 422)
        #expect(failure.cause is ValidationError)
        #expect(failure.message.contains("channel"))
    }

    @Test("a version conflict is a conflict: exit 75, HTTP 409, and nothing written")
    func conflict() throws {
        let store = try newStore()
        _ = try store.record([Self.person, Self.complaint], actor: "a.khan")
        let before = try store.log.head()
        var acknowledged = NewEvent(type: "complaint.acknowledged", caseReference: "CMP-2025-000001", occurredAt: Self.monday,
                                    fields: ["stage": 1], expectedVersion: 7)
        acknowledged.occurredAt = Timestamp(year: 2025, month: 3, day: 3, hour: 10)
        let error = #expect(throws: AppendError.self) { try store.record(acknowledged, actor: "a.khan") }
        let failure = CaselogError(try #require(error))
        #expect(failure.kind == .conflict)
        #expect((failure.kind.exitCode, failure.kind.httpStatus) == (75, 409))
        #expect(try store.log.head() == before)
    }
}
