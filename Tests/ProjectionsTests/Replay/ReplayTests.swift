import Casework
import EventLog
import Projections
import Testing

@Suite("Replay")
struct ReplayTests {
    @Test("the replay merges the case, its linked case, its review and its subjects' cases by occurredAt")
    func order() throws {
        let replay = try #require(try ReplayScenario().replay())
        #expect(replay.entries.map { "\($0.stream) \($0.type)" } == [
            "P-000001 subject.registered",
            "P-000003 subject.registered",
            "TS-2025-000001 tenancy.referral-received",
            "CMP-2025-000001 complaint.received",
            "SG-2025-000001 safeguarding.concern-raised",
            "SG-2025-000001 safeguarding.triaged",
            "SG-2025-000001 case.linked",
            "SG-2025-000001 case.note-added",
            "PR-2025-0001 review.opened",
        ])
        #expect(replay.scope.streams.map { "\($0.name) \($0.role.rawValue)" } == [
            "SG-2025-000001 focus", "CMP-2025-000001 linked", "PR-2025-0001 linked",
            "TS-2025-000001 subject-case", "P-000001 subject", "P-000003 subject",
        ])
        #expect(replay.scope.streams.first { $0.name == "TS-2025-000001" }?.reason == "household P-000002 includes P-000001")
    }

    @Test("a review's replay reads its incidents and, one hop on, the cases they link to")
    func review() throws {
        let replay = try #require(try ReplayScenario().replay("PR-2025-0001"))
        #expect(replay.scope.streams.map { "\($0.name) \($0.role.rawValue)" } == [
            "PR-2025-0001 focus", "SG-2025-000001 incident", "CMP-2025-000001 linked",
            "TS-2025-000001 subject-case", "P-000001 subject", "P-000003 subject",
        ])
        #expect(replay.entries.count == 9)
    }

    @Test("a stream the store does not hold has no replay")
    func unknown() throws {
        #expect(try ReplayScenario().replay("SG-2025-000099") == nil)
    }

    @Test("an entry recorded more than 24 hours after it happened is flagged with the whole days between")
    func late() throws {
        let replay = try #require(try ReplayScenario().replay())
        let late = replay.entries.filter(\.isLate)
        #expect(late.map(\.type) == ["safeguarding.triaged"])
        #expect(late.first?.lateDays == 3)
        #expect(late.first?.flags.contains("late entry (recorded 3 days later)") == true)
    }

    @Test("a gap longer than the threshold is flagged on the entry after it")
    func gaps() throws {
        let scenario = try ReplayScenario()
        let replay = try #require(try scenario.replay())
        #expect(replay.entries.compactMap { entry in entry.gapDaysBefore.map { "\(entry.type) \($0)" } }
                == ["case.note-added 14", "review.opened 9"])
        let wider = try #require(try scenario.replay("SG-2025-000001", ReplayOptions(gapDays: 10)))
        #expect(wider.entries.compactMap(\.gapDaysBefore) == [14])
    }

    @Test("the organisation's gap threshold is the setting in force, and the default is 7 days")
    func storedGapDays() throws {
        let scenario = try ReplayScenario()
        let store = scenario.fixture.store
        #expect(try OrganisationSettings.inForce(in: store).change(of: .replayGapDays) == nil)
        #expect(try OrganisationSettings.inForce(in: store).replayGapDays == 7)
        try OrganisationSettings.change(.replayGapDays, to: 10, in: store, actor: "test.admin")
        #expect(try OrganisationSettings.inForce(in: store).replayGapDays == 10)
        #expect(ReplayOptions().gapDays == 7)
    }

    @Test("a correction is shown beside the entry it corrects, which stays as it was recorded")
    func correction() throws {
        let replay = try #require(try ReplayScenario().replay())
        #expect(!replay.entries.contains { $0.type == "case.entry-corrected" })
        let triage = try #require(replay.entries.first { $0.type == "safeguarding.triaged" })
        #expect(triage.fields.first { $0.name == "riskLevel" }?.value == "medium")
        #expect(triage.corrections.count == 1)
        // Its reason is personal data (DOMAIN.md §8): shown only with --include-personal.
        #expect(triage.corrections.first?.reason == nil)
        #expect(triage.corrections.first?.personal == .withheld(["reason"]))
        let shown = try #require(try ReplayScenario().replay("SG-2025-000001", ReplayOptions(includesPersonal: true)))
        #expect(shown.entries.first { $0.type == "safeguarding.triaged" }?.corrections.first?.reason == "Risk was understated")
        #expect(triage.corrections.first?.changes == [ReplayField(name: "riskLevel", value: "high")])
        #expect(triage.corrections.first?.recordedAt == Timestamp(iso8601: "2025-01-26T09:05:00Z"))
        #expect(triage.flags.contains("corrected"))
    }

    @Test("--known-at hides what was recorded after it, late entries and corrections included")
    func knownAt() throws {
        let scenario = try ReplayScenario()
        let early = try #require(try scenario.replay("SG-2025-000001", ReplayOptions(knownAt: ReplayInstant.parse("2025-01-12"))))
        #expect(early.entries.map(\.type).suffix(2) == ["safeguarding.concern-raised", "case.linked"])
        // Hidden: the triage (recorded on the 14th), the note and the correction. The review,
        // opened in February, was not known then, so it is not in the scope at all.
        #expect(early.hiddenByKnownAt == 3)
        #expect(!early.scope.streams.map(\.name).contains("PR-2025-0001"))
        let later = try #require(try scenario.replay("SG-2025-000001", ReplayOptions(knownAt: ReplayInstant.parse("2025-01-20"))))
        let triage = try #require(later.entries.first { $0.type == "safeguarding.triaged" })
        #expect(triage.corrections.isEmpty)
        #expect(!later.entries.contains { $0.type == "case.note-added" })
    }

    @Test("--as-of hides what happened after it, but keeps the corrections of what it shows")
    func asOf() throws {
        let replay = try #require(try ReplayScenario().replay("SG-2025-000001", ReplayOptions(asOf: ReplayInstant.parse("2025-01-10"))))
        #expect(replay.entries.map(\.type).suffix(2) == ["safeguarding.concern-raised", "safeguarding.triaged"])
        #expect(replay.entries.last?.corrections.count == 1)
        #expect(replay.hiddenByAsOf == 3)
    }

    @Test("personal fields are withheld and named by default, and shown when asked")
    func personal() throws {
        let scenario = try ReplayScenario()
        let withheld = try #require(try scenario.replay())
        let concern = try #require(withheld.entries.first { $0.type == "safeguarding.concern-raised" })
        #expect(concern.personal == .withheld(["raisedBy", "description"]))
        #expect(!concern.fields.contains { $0.name == "description" || $0.name == "raisedBy" })
        #expect(withheld.entries.first?.personal == .withheld(["name"]))
        let shown = try #require(try scenario.replay("SG-2025-000001", ReplayOptions(includesPersonal: true)))
        let shownConcern = try #require(shown.entries.first { $0.type == "safeguarding.concern-raised" })
        #expect(shownConcern.personal == .shown)
        #expect(shownConcern.fields.contains(ReplayField(name: "description", value: "Neighbour worried", isPersonal: true)))
    }

    @Test("WHEN is the end of a London day for a date, or an ISO 8601 instant")
    func instants() {
        #expect(ReplayInstant.parse("2025-01-10")?.iso8601 == "2025-01-10T23:59:59.999999Z")
        #expect(ReplayInstant.parse("2025-07-01")?.iso8601 == "2025-07-01T22:59:59.999999Z")
        #expect(ReplayInstant.parse("2025-01-10T15:00:00+01:00")?.iso8601 == "2025-01-10T14:00:00Z")
        #expect(ReplayInstant.parse("2025-07-01T14:30")?.iso8601 == "2025-07-01T13:30:00Z")
        #expect(ReplayInstant.parse("yesterday") == nil)
        #expect(ReplayInstant.parse("now") == nil)
        #expect(ReplayInstant.parse("2025-02-30") == nil)
    }
}
