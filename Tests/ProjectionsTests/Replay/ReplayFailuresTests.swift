import Casework
import EventLog
import Projections
import Testing

/// The panel pack's first section, "What went wrong" (docs/REPLAY.md), on `ReplayFailureScenario`.
@Suite("Replay: what went wrong")
struct ReplayFailuresTests {
    @Test("each breached deadline of the cases read is listed by due date: triage late, actions, Code steps and learning overdue")
    func breaches() throws {
        let failures = try #require(try ReplayFailureScenario().replay()).failures
        #expect(failures.judgedOn == ReplayFailureScenario.today)
        #expect(failures.breaches.map { "\($0.stream) \($0.step.name) due \($0.due) \($0.status) \($0.daysLate)" } == [
            "SG-2025-000001 triage due 2025-01-07 late 2",
            "SG-2025-000001 action:A1 due 2025-01-10 overdue 52",
            "CMP-2025-000001 acknowledge-stage-1 due 2025-01-15 late 2",
            "CMP-2025-000001 respond-stage-1 due 2025-01-31 overdue 31",
            "CMP-2025-000001 learning:L1 due 2025-02-14 overdue 17",
            "PR-2025-0001 recommendation:R1 due 2025-02-28 overdue 3",
        ])
        #expect(failures.breaches.map(\.markerLabel) == [
            "triage late 2 days", "action A1 overdue 52 days", "acknowledge, stage 1 late 2 days",
            "respond, stage 1 overdue 31 days", "learning L1 overdue 17 days", "recommendation R1 overdue 3 days",
        ])
        #expect(failures.breaches.first { $0.step == .action("A1") }?.owner == "j.smith")
        // Deadlines met or still open are drawn too, but are no breach.
        let kept = failures.deadlines.filter { !$0.status.isBreach }.map { "\($0.step.name) \($0.status) \($0.markerLabel)" }
        #expect(kept.sorted() == ["action:A2 met action A2 due", "recommendation:R2 open recommendation R2 due",
                                  "recommendation:R3 met recommendation R3 due"])
    }

    @Test("late entries are listed with how long after they happened they were recorded")
    func lateEntries() throws {
        let failures = try #require(try ReplayFailureScenario().replay()).failures
        #expect(failures.lateEntries.map { "\($0.stream) \($0.type) \($0.lateDays ?? 0)" } == ["SG-2025-000001 case.note-added 3"])
    }

    @Test("the review's findings are grouped by contributing factor, and its recommendations carry owner, due date and status")
    func findingsAndRecommendations() throws {
        let failures = try #require(try ReplayFailureScenario().replay()).failures
        #expect(failures.findingsByFactor.map { "\($0.factor): " + $0.findings.map { "\($0.review) \($0.id)" }.joined(separator: ", ") } == [
            "information-sharing: PR-2025-0001 F1", "risk-assessment: PR-2025-0001 F1", "escalation: PR-2025-0001 F2",
        ])
        #expect(failures.recommendations.map { "\($0.review) \($0.id) for \($0.findingIDs.joined(separator: ",")) \($0.owner ?? "-") due \($0.due.map { "\($0)" } ?? "-") \($0.statusText)" } == [
            "PR-2025-0001 R1 for F1 s.lead due 2025-02-28 overdue",
            "PR-2025-0001 R2 for F2 ops.manager due 2025-04-30 open",
            "PR-2025-0001 R3 for F2 training.lead due 2025-02-20 implemented",
        ])
    }

    @Test("a factor found in two reviews is a repeat failure; one found again after a recommendation addressing it was implemented comes first")
    func repeatFailures() throws {
        let failures = try #require(try ReplayFailureScenario().replay()).failures
        #expect(failures.repeatFailures.map {
            "\($0.factor) \($0.reviews.joined(separator: ",")) \($0.isAfterImplemented) \($0.implementedRecommendations.joined(separator: ","))"
        } == [
            "information-sharing PR-2024-0001,PR-2025-0001 true PR-2024-0001:R1",
            "escalation PR-2024-0002,PR-2025-0001 false ",
        ])
    }

    @Test("known at a time before the review was opened, the replay says so and still shows what was known of its incident")
    func knownBeforeTheReview() throws {
        let options = ReplayOptions(knownAt: ReplayInstant.parse("2025-01-20"), today: ReplayFailureScenario.today)
        let replay = try #require(try ReplayFailureScenario().replay("PR-2025-0001", options))
        #expect(replay.failures.reviewsNotYetOpened.map { "\($0.review) \($0.openedAt.iso8601)" } == ["PR-2025-0001 2025-02-03T10:00:00Z"])
        #expect(replay.scope.streams.map(\.name).contains("SG-2025-000001"))
        #expect(replay.entries.contains { $0.type == "safeguarding.concern-raised" })
        #expect(replay.failures.judgedOn == CalendarDate(year: 2025, month: 1, day: 20))
        #expect(replay.failures.breaches.map { "\($0.step.name) \($0.status) \($0.daysLate)" } == [
            "triage late 2", "action:A1 overdue 10", "acknowledge-stage-1 late 2",
        ])
        #expect(replay.failures.recommendations.isEmpty)
        let text = ReplayText.render(replay)
        #expect(text.contains("No review existed then: PR-2025-0001 was opened 2025-02-03 10:00 (recorded 2025-02-03 10:00)"))
        // A review known then is not announced.
        let known = try #require(try ReplayFailureScenario().replay("PR-2025-0001"))
        #expect(known.failures.reviewsNotYetOpened.isEmpty)
    }

    @Test("non-personal narrative fields show by default; the catalogue's † fields only with --include-personal")
    func personal() throws {
        let scenario = try ReplayFailureScenario()
        let replay = try #require(try scenario.replay())
        let text = ReplayText.render(replay)
        #expect(text.contains("owner: j.smith"))
        #expect(text.contains("weDid: We now call back within a day"))
        #expect(text.contains("contributingFactors: information-sharing, risk-assessment"))
        #expect(!text.contains("You never called me back"))
        #expect(!text.contains("Nobody told the housing officer"))
        #expect(!text.contains("Share the risk log"))
        #expect(replay.failures.findings.first { $0.id == "F1" }?.details.isEmpty == true)
        let shown = try #require(try scenario.replay("PR-2025-0001", ReplayOptions(includesPersonal: true, today: ReplayFailureScenario.today)))
        let finding = try #require(shown.failures.findings.first { $0.id == "F1" })
        #expect(finding.details.map { "\($0.name) \($0.isPersonal)" } == ["summary true"])
        let shownText = ReplayText.render(shown)
        #expect(shownText.contains("Nobody told the housing officer"))
        #expect(shownText.contains("Share the risk log"))
    }
}
