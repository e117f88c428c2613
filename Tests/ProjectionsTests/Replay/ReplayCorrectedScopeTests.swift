import Casework
import EventLog
import Projections
import Testing

/// A tenancy referral first recorded against the wrong household (P-000001), corrected two days
/// later to the right one (P-000002).
struct CorrectedHouseholdScenario {
    let fixture: ProjectionFixture
    let referralID = "00000000-0000-4000-8000-000000000001"

    init() throws {
        fixture = try ProjectionFixture()
        try fixture.record([
            ProjectionFixture.line("subject.registered", "P-000001", #"{"kind":"household","name":"Wrong Household"}"#,
                                   at: "2025-01-06T09:00:00Z", recordedAt: "2025-01-06T09:00:00Z"),
            ProjectionFixture.line("subject.registered", "P-000002", #"{"kind":"household","name":"Right Household"}"#,
                                   at: "2025-01-06T09:05:00Z", recordedAt: "2025-01-06T09:05:00Z"),
            ProjectionFixture.line("tenancy.referral-received", "TS-2025-000001",
                                   #"{"household":"P-000001","tenancyRef":"T-9","source":"self","reasons":["hoarding"]}"#,
                                   at: "2025-01-07T09:00:00Z", recordedAt: "2025-01-07T09:00:00Z", id: referralID),
            ProjectionFixture.line("case.entry-corrected", "TS-2025-000001",
                                   #"{"eventId":"\#(referralID)","reason":"recorded against the wrong household","changes":{"household":"P-000002"}}"#,
                                   at: "2025-01-09T09:00:00Z", recordedAt: "2025-01-09T09:00:00Z"),
        ], keepingRecordedTimes: true)
    }
}

@Suite("Replay and chronology follow corrections of who a case is about")
struct ReplayCorrectedScopeTests {
    @Test("the corrected household's chronology holds the case; the wrong household's does not")
    func chronologies() throws {
        let scenario = try CorrectedHouseholdScenario()
        let (wrong, right) = try scenario.fixture.store.read { reader in
            (try SubjectChronology.build(for: "P-000001", in: reader), try SubjectChronology.build(for: "P-000002", in: reader))
        }
        #expect(wrong?.scope.streams.map(\.name) == ["P-000001"])
        #expect(right?.scope.streams.map(\.name) == ["P-000002", "TS-2025-000001"])
    }

    @Test("the case's replay reads the right household's stream, not the wrong one's")
    func replayScope() throws {
        let scenario = try CorrectedHouseholdScenario()
        let replay = try #require(try scenario.fixture.store.read {
            try Replay.build(for: "TS-2025-000001", options: ReplayOptions(), in: $0)
        })
        #expect(replay.scope.subjects == ["P-000002"])
        #expect(!replay.scope.streams.map(\.name).contains("P-000001"))
    }

    @Test("known at a time before the correction, the replay's scope is what was known then")
    func knownBeforeTheCorrection() throws {
        let scenario = try CorrectedHouseholdScenario()
        let replay = try #require(try scenario.fixture.store.read {
            try Replay.build(for: "TS-2025-000001", options: ReplayOptions(knownAt: Timestamp(iso8601: "2025-01-08T00:00:00Z")), in: $0)
        })
        #expect(replay.scope.subjects == ["P-000001"])
    }

    @Test("a gap threshold too large to count in microseconds flags no gap and does not crash")
    func hugeGapThreshold() throws {
        let scenario = try CorrectedHouseholdScenario()
        let replay = try #require(try scenario.fixture.store.read {
            try Replay.build(for: "TS-2025-000001", options: ReplayOptions(gapDays: Int.max), in: $0)
        })
        #expect(replay.entries.allSatisfy { $0.gapDaysBefore == nil })
    }
}
