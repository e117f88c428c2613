import Casework
import EventLog
import Projections
import Testing

@Suite("Subject chronology")
struct SubjectChronologyTests {
    @Test("a subject's chronology holds its own stream and every case about it, across case types, by occurredAt")
    func acrossCaseTypes() throws {
        let scenario = try ReplayScenario()
        let chronology = try #require(try scenario.fixture.store.read { try SubjectChronology.build(for: "P-000001", in: $0) })
        #expect(chronology.scope.streams.map(\.name) == ["P-000001", "TS-2025-000001", "SG-2025-000001"])
        #expect(chronology.entries.map { "\($0.caseType) \($0.type)" } == [
            "subject subject.registered",
            "tenancy tenancy.referral-received",
            "safeguarding safeguarding.concern-raised",
            "safeguarding safeguarding.triaged",
            "safeguarding case.linked",
            "safeguarding case.note-added",
            "safeguarding case.entry-corrected",
        ])
        #expect(chronology.entries[3].recordedAt == Timestamp(iso8601: "2025-01-14T09:00:00Z"))
    }

    @Test("summaries show non-personal fields only")
    func summaries() throws {
        let scenario = try ReplayScenario()
        let chronology = try #require(try scenario.fixture.store.read { try SubjectChronology.build(for: "P-000001", in: $0) })
        let concern = try #require(chronology.entries.first { $0.type == "safeguarding.concern-raised" })
        #expect(concern.summary == "subject: P-000001 · categories: neglect-omission · immediateRisk: no")
        #expect(!ChronologyText.csv(chronology).contains("Ada Example"))
        #expect(chronology.entries.first { $0.type == "case.note-added" }?.summary == "(personal fields only)")
    }

    @Test("the CSV has a heading row and one row per event")
    func csv() throws {
        let scenario = try ReplayScenario()
        let chronology = try #require(try scenario.fixture.store.read { try SubjectChronology.build(for: "P-000003", in: $0) })
        let rows = ChronologyText.csv(chronology).split(separator: "\r\n")
        #expect(rows.first == "occurred,recorded,case,type,event,actor,summary")
        #expect(rows.count == 3)
    }

    @Test("a subject the store does not hold has no chronology")
    func unknown() throws {
        let scenario = try ReplayScenario()
        #expect(try scenario.fixture.store.read { try SubjectChronology.build(for: "P-000099", in: $0) } == nil)
    }
}
