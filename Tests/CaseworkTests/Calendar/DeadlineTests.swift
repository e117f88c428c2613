import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Deadlines")
struct DeadlineTests {
    private func at(_ utc: String) -> Timestamp { Timestamp(iso8601: utc)! }
    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("a deadline's status is met, late, open or overdue as of a date")
    func allFourStatuses() {
        let due = date("2025-06-10")
        #expect(Deadline(step: .action("A1"), due: due, done: date("2025-06-10")).status(asOf: date("2025-06-30")) == .met)
        #expect(Deadline(step: .action("A1"), due: due, done: date("2025-06-11")).status(asOf: date("2025-06-30")) == .late)
        #expect(Deadline(step: .action("A1"), due: due).status(asOf: date("2025-06-10")) == .open)
        #expect(Deadline(step: .action("A1"), due: due).status(asOf: date("2025-06-11")) == .overdue)
        #expect(DeadlineStatus.late.isBreach && DeadlineStatus.overdue.isBreach)
        #expect(!DeadlineStatus.met.isBreach && !DeadlineStatus.open.isBreach)
    }

    @Test("a visit, action, recommendation or learning is due on its dueDate and done on its completion's London date")
    func otherSteps() {
        // Completed at 23:15 UTC on 10 June 2025, which is 00:15 BST on 11 June: a day late.
        let visit = Deadline(step: .visit("V1"), due: date("2025-06-10"), doneAt: at("2025-06-10T23:15:00Z"))
        #expect(visit.done == date("2025-06-11"))
        #expect(visit.status(asOf: date("2025-06-11")) == .late)
        let recommendation = Deadline(step: .recommendation("R2"), due: date("2025-09-30"), doneAt: nil)
        #expect(recommendation.status(asOf: date("2025-10-01")) == .overdue)
        #expect(visit.description == "visit:V1 due 2025-06-10 done 2025-06-11")
    }

    @Test("step names are stable text and read back")
    func stepNames() {
        let steps: [DeadlineStep] = [.acknowledgeStage1, .respondStage1, .acknowledgeStage2, .respondStage2, .triage,
                                     .visit("V1"), .action("A-7"), .recommendation("R1"), .learning("L:2")]
        #expect(steps.map(\.name) == ["acknowledge-stage-1", "respond-stage-1", "acknowledge-stage-2",
                                      "respond-stage-2", "triage", "visit:V1", "action:A-7", "recommendation:R1",
                                      "learning:L:2"])
        #expect(steps.map { DeadlineStep(name: $0.name) } == steps)
        #expect(DeadlineStep(name: "visit:") == nil)
        #expect(DeadlineStep(name: "respond-stage-3") == nil)
        #expect(DeadlineStep(name: "meeting:M1") == nil)
    }

    @Test("working days left count down to 0 on the due date and go negative after it")
    func workingDaysLeft() {
        let deadline = Deadline(step: .respondStage1, due: date("2025-06-23"))   // a Monday
        #expect(deadline.workingDaysLeft(asOf: date("2025-06-19")) == 2)   // Thursday: Fri 20, Mon 23
        #expect(deadline.workingDaysLeft(asOf: date("2025-06-21")) == 1)   // Saturday: Mon 23
        #expect(deadline.workingDaysLeft(asOf: date("2025-06-23")) == 0)
        #expect(deadline.workingDaysLeft(asOf: date("2025-06-24")) == -1)
    }

    @Test("a concern with an immediate risk is due for triage the same working day, or the next when raised on a day off")
    func triageImmediateRisk() {
        let target = TriageTarget.standard
        #expect(target.due(raised: date("2025-06-04"), immediateRisk: true) == date("2025-06-04"))   // Wednesday
        #expect(target.due(raised: date("2025-06-07"), immediateRisk: true) == date("2025-06-09"))   // Saturday → Monday
        // Good Friday 18 April 2025: the weekend and Easter Monday follow, so Tuesday 22 April.
        #expect(target.due(raised: date("2025-04-18"), immediateRisk: true) == date("2025-04-22"))
    }

    @Test("other concerns are due for triage 1 working day after they are raised, or as the organisation sets")
    func triageOtherwise() {
        #expect(TriageTarget.standard.due(raised: date("2025-06-06"), immediateRisk: false) == date("2025-06-09"))   // Fri → Mon
        // Thursday 17 April 2025: Good Friday and Easter Monday, so Tuesday 22 April.
        #expect(TriageTarget.standard.due(raised: date("2025-04-17"), immediateRisk: false) == date("2025-04-22"))
        // An organisation allowing 3 working days: Tue 22 = 1, Wed 23 = 2, Thu 24 = 3.
        let relaxed = TriageTarget(immediateRiskWorkingDays: 0, otherWorkingDays: 3)
        #expect(relaxed.due(raised: date("2025-04-17"), immediateRisk: false) == date("2025-04-24"))
    }

    @Test("the triage deadline by working days takes both instants as London dates")
    func triageDeadline() {
        // Raised Wednesday 4 June 2025 at 21:00 BST; triaged at 00:10 BST on Thursday 5 June: late
        // under the working-day rule a store kept from before the clock-hours rule.
        let deadline = TriageTarget(immediateRiskHours: nil).deadline(raisedAt: at("2025-06-04T20:00:00Z"), immediateRisk: true,
                                                      triagedAt: at("2025-06-04T23:10:00Z"))
        #expect(deadline.step == .triage)
        #expect(deadline.due == date("2025-06-04"))
        #expect(deadline.done == date("2025-06-05"))
        #expect(deadline.status(asOf: date("2025-06-05")) == .late)
    }

    @Test("an immediate risk is triaged within 24 clock hours: weekends and bank holidays do not pause it")
    func triageInClockHours() {
        // Raised Saturday 7 June 2025 at 10:00 BST; triaged Monday 9 June at 16:00 BST, 54 hours later: late
        // (the working-day rule would have called it on time: due Monday).
        let late = TriageTarget.standard.deadline(raisedAt: at("2025-06-07T09:00:00Z"), immediateRisk: true,
                                                  triagedAt: at("2025-06-09T15:00:00Z"))
        #expect(late.dueAt == at("2025-06-08T09:00:00Z"))
        #expect(late.due == date("2025-06-08"))
        #expect(late.status(asOf: date("2025-06-09")) == .late)
        #expect(TriageTarget(immediateRiskHours: nil).deadline(raisedAt: at("2025-06-07T09:00:00Z"), immediateRisk: true,
                                                                triagedAt: at("2025-06-09T15:00:00Z")).status(asOf: date("2025-06-09")) == .met)
        // 23 h 59 later, the same on Sunday: on time, to the minute.
        let onTime = TriageTarget.standard.deadline(raisedAt: at("2025-06-07T09:00:00Z"), immediateRisk: true,
                                                    triagedAt: at("2025-06-08T08:59:00Z"))
        #expect(onTime.status(asOf: date("2025-06-08")) == .met)
        let justLate = TriageTarget(immediateRiskHours: 12).deadline(raisedAt: at("2025-06-07T09:00:00Z"), immediateRisk: true,
                                                                     triagedAt: at("2025-06-07T21:01:00Z"))
        #expect(justLate.status(asOf: date("2025-06-07")) == .late)
        // Without an immediate risk the working days still count.
        #expect(TriageTarget.standard.deadline(raisedAt: at("2025-06-07T09:00:00Z"), immediateRisk: false, triagedAt: nil).dueAt == nil)
    }
}
