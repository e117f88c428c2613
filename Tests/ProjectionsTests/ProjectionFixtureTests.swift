import EventLog
import Testing

@Suite("Projection fixture")
struct ProjectionFixtureTests {
    @Test("lines recorded through the fixture are in the log, with recordedAt kept when asked")
    func records() throws {
        let fixture = try ProjectionFixture()
        let results = try fixture.record([
            ProjectionFixture.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#,
                                   at: "2025-01-06T09:00:00Z", recordedAt: "2025-01-08T10:00:00Z"),
        ], keepingRecordedTimes: true)
        #expect(results.map(\.position) == [1])
        let recordedAt = try fixture.store.read { try $0.record(at: 1)?.recordedAt }
        #expect(recordedAt?.iso8601 == "2025-01-08T10:00:00Z")
    }
}
