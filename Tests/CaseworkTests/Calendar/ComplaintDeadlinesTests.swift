import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Complaint deadlines")
struct ComplaintDeadlinesTests {
    private func at(_ utc: String) -> Timestamp { Timestamp(iso8601: utc)! }
    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("an unacknowledged complaint is due an acknowledgement in 5 working days and a response 10 after that")
    func unacknowledged() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z")))
        // Received Monday 2 June: Tue 3 = 1, Wed 4 = 2, Thu 5 = 3, Fri 6 = 4, Mon 9 = 5.
        #expect(deadlines.acknowledgeStage1.due == date("2025-06-09"))
        #expect(deadlines.acknowledgeStage1.done == nil)
        // 10 working days after the acknowledgement's due date, Monday 9 June: Tue 10 … Fri 13
        // = 4, Mon 16 … Fri 20 = 9, Mon 23 = 10.
        #expect(deadlines.respondStage1.due == date("2025-06-23"))
        #expect(deadlines.respondStage1.extendedBy == 0)
        #expect(!deadlines.respondStage1.isBeyondCodeLimit)
    }

    @Test("once acknowledged, the stage 1 response is due 10 working days after the acknowledgement's date")
    func acknowledged() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                                 stage1AcknowledgedAt: at("2025-06-04T09:00:00Z")))
        #expect(deadlines.acknowledgeStage1.done == date("2025-06-04"))
        #expect(deadlines.acknowledgeStage1.status(asOf: date("2025-06-04")) == .met)
        // From Wednesday 4 June: Thu 5 = 1, Fri 6 = 2, Mon 9 … Fri 13 = 7, Mon 16 = 8, Tue 17 = 9, Wed 18 = 10.
        #expect(deadlines.respondStage1.due == date("2025-06-18"))
    }

    @Test("a complaint received before Easter 2025 skips Good Friday, Easter Monday and the early May bank holiday")
    func easter() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-04-17T14:00:00Z")))
        // From Thursday 17 April: Tue 22 = 1, Wed 23 = 2, Thu 24 = 3, Fri 25 = 4, Mon 28 = 5.
        #expect(deadlines.acknowledgeStage1.due == date("2025-04-28"))
        // From Monday 28 April: Tue 29 = 1, Wed 30 = 2, Thu 1 May = 3, Fri 2 = 4, Mon 5 May is a
        // bank holiday, Tue 6 = 5, Wed 7 = 6, Thu 8 = 7, Fri 9 = 8, Mon 12 = 9, Tue 13 = 10.
        #expect(deadlines.respondStage1.due == date("2025-05-13"))
    }

    @Test("a complaint received late in a summer evening counts from the next day's London date")
    func lateEveningReceipt() {
        // 23:30 UTC on Thursday 2 July 2026 is 00:30 BST on Friday 3 July.
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2026-07-02T23:30:00Z")))
        // From Friday 3 July: Mon 6 = 1, Tue 7 = 2, Wed 8 = 3, Thu 9 = 4, Fri 10 = 5.
        // (Counting from the UTC date, Thursday 2 July, would give Thursday 9 July.)
        #expect(deadlines.acknowledgeStage1.due == date("2026-07-10"))
    }

    @Test("a complaint received just before Christmas 2025 skips 25 and 26 December and 1 January")
    func christmas2025() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-12-23T16:00:00Z"),
                                                 stage1AcknowledgedAt: at("2025-12-29T10:00:00Z")))
        // From Tuesday 23 December: Wed 24 = 1, Thu 25 and Fri 26 holidays, Mon 29 = 2, Tue 30 = 3,
        // Wed 31 = 4, Thu 1 January holiday, Fri 2 = 5.
        #expect(deadlines.acknowledgeStage1.due == date("2026-01-02"))
        #expect(deadlines.acknowledgeStage1.status(asOf: date("2026-01-02")) == .met)
        // From Monday 29 December: Tue 30 = 1, Wed 31 = 2, Fri 2 = 3, Mon 5 … Fri 9 = 8, Mon 12 = 9, Tue 13 = 10.
        #expect(deadlines.respondStage1.due == date("2026-01-13"))
    }

    @Test("a complaint received just before Christmas 2026 skips the substitute Monday 28 December")
    func christmas2026() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2026-12-23T12:00:00Z")))
        // From Wednesday 23 December: Thu 24 = 1, Fri 25 holiday, weekend, Mon 28 substitute,
        // Tue 29 = 2, Wed 30 = 3, Thu 31 = 4, Fri 1 January holiday, weekend, Mon 4 = 5.
        #expect(deadlines.acknowledgeStage1.due == date("2027-01-04"))
    }

    @Test("agreed extensions move the response due date by their working days, within the limit unflagged")
    func extensionsWithinLimit() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                                 stage1AcknowledgedAt: at("2025-06-04T09:00:00Z"),
                                                 stage1ExtensionWorkingDays: [5, 3]))
        // Due Wednesday 18 June without extensions; 8 more: Thu 19 = 1, Fri 20 = 2, Mon 23 … Fri 27 = 7, Mon 30 = 8.
        #expect(deadlines.respondStage1.due == date("2025-06-30"))
        #expect(deadlines.respondStage1.extendedBy == 8)
        #expect(!deadlines.respondStage1.isBeyondCodeLimit)
        // Exactly the Code's 10 working days is still within it.
        let atLimit = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"), stage1ExtensionWorkingDays: [10]))
        #expect(!atLimit.respondStage1.isBeyondCodeLimit)
    }

    @Test("extensions beyond the Code's 10 working days at stage 1 are allowed and flagged")
    func extensionsBeyondLimit() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                                 stage1AcknowledgedAt: at("2025-06-04T09:00:00Z"),
                                                 stage1ExtensionWorkingDays: [10, 2]))
        // 12 working days after Wednesday 18 June: Mon 30 = 8, Tue 1 July = 9, Wed 2 = 10, Thu 3 = 11, Fri 4 = 12.
        #expect(deadlines.respondStage1.due == date("2025-07-04"))
        #expect(deadlines.respondStage1.extendedBy == 12)
        #expect(deadlines.respondStage1.isBeyondCodeLimit)
        #expect(!deadlines.acknowledgeStage1.isBeyondCodeLimit)
    }

    @Test("stage 2 steps exist only once the complaint is escalated")
    func stageTwoOnlyWhenEscalated() {
        let atStage1 = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z")))
        #expect(atStage1.acknowledgeStage2 == nil && atStage1.respondStage2 == nil)
        #expect(atStage1.steps.map(\.step.name) == ["acknowledge-stage-1", "respond-stage-1"])
        let escalated = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                                 stage1RespondedAt: at("2025-06-13T15:00:00Z"),
                                                 escalatedAt: at("2025-06-23T10:00:00Z")))
        #expect(escalated.steps.map(\.step.name)
            == ["acknowledge-stage-1", "respond-stage-1", "acknowledge-stage-2", "respond-stage-2"])
    }

    @Test("an escalated complaint: all four steps, stage 2 extended beyond the Code's 20 working days")
    func escalatedWithAllFourSteps() throws {
        let deadlines = ComplaintDeadlines(.init(
            receivedAt: at("2025-06-02T09:00:00Z"), stage1AcknowledgedAt: at("2025-06-03T09:00:00Z"),
            stage1RespondedAt: at("2025-06-13T15:00:00Z"), escalatedAt: at("2025-06-23T10:00:00Z"),
            stage2AcknowledgedAt: at("2025-06-25T11:00:00Z"), stage2ExtensionWorkingDays: [25]))
        // Respond at stage 1: 10 after Tuesday 3 June: Wed 4 … Fri 6 = 3, Mon 9 … Fri 13 = 8, Mon 16 = 9, Tue 17 = 10.
        #expect(deadlines.respondStage1.due == date("2025-06-17"))
        #expect(deadlines.respondStage1.done == date("2025-06-13"))
        // Acknowledge at stage 2: 5 after Monday 23 June: Tue 24 … Fri 27 = 4, Mon 30 = 5.
        let acknowledgeStage2 = try #require(deadlines.acknowledgeStage2)
        #expect(acknowledgeStage2.due == date("2025-06-30"))
        #expect(acknowledgeStage2.done == date("2025-06-25"))
        // Respond at stage 2: 20 after Wednesday 25 June: Thu 26 = 1, Fri 27 = 2, Mon 30 … Fri 4 July
        // = 7, Mon 7 … Fri 11 = 12, Mon 14 … Fri 18 = 17, Mon 21 = 18, Tue 22 = 19, Wed 23 = 20; 25 more:
        // Thu 24 = 1, Fri 25 = 2, Mon 28 … Fri 1 Aug = 7, Mon 4 … Fri 8 = 12, Mon 11 … Fri 15 = 17,
        // Mon 18 … Fri 22 = 22, Mon 25 August bank holiday, Tue 26 = 23, Wed 27 = 24, Thu 28 = 25.
        let respondStage2 = try #require(deadlines.respondStage2)
        #expect(respondStage2.due == date("2025-08-28"))
        #expect(respondStage2.extendedBy == 25)
        #expect(respondStage2.isBeyondCodeLimit)
    }

    @Test("while stage 2 is unacknowledged, its response counts 20 working days from the acknowledgement's due date")
    func stageTwoUnacknowledged() throws {
        let deadlines = ComplaintDeadlines(.init(
            receivedAt: at("2025-06-02T09:00:00Z"), stage1RespondedAt: at("2025-06-13T15:00:00Z"),
            escalatedAt: at("2025-06-23T10:00:00Z"), stage2ExtensionWorkingDays: [20]))
        let respondStage2 = try #require(deadlines.respondStage2)
        // Acknowledgement due Monday 30 June; 20 after it: Tue 1 … Fri 4 July = 4, then three
        // weeks to Fri 25 July = 19, Mon 28 July = 20; the 20-day extension, exactly the limit,
        // then adds four weeks: Mon 25 August is a bank holiday, so Tue 26 August.
        #expect(respondStage2.due == date("2025-08-26"))
        #expect(!respondStage2.isBeyondCodeLimit)
        let unextended = ComplaintDeadlines(.init(
            receivedAt: at("2025-06-02T09:00:00Z"), stage1RespondedAt: at("2025-06-13T15:00:00Z"),
            escalatedAt: at("2025-06-23T10:00:00Z")))
        #expect(unextended.respondStage2?.due == date("2025-07-28"))
    }

    @Test("an acknowledgement on the due date's London evening is met; one after London midnight is late")
    func metAndLate() {
        // Due Monday 9 June. 22:30 UTC is 23:30 BST, still the 9th; 23:30 UTC is 00:30 BST on the 10th.
        let met = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                           stage1AcknowledgedAt: at("2025-06-09T22:30:00Z")))
        let late = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                            stage1AcknowledgedAt: at("2025-06-09T23:30:00Z")))
        #expect(met.acknowledgeStage1.status(asOf: date("2025-07-01")) == .met)
        #expect(late.acknowledgeStage1.done == date("2025-06-10"))
        #expect(late.acknowledgeStage1.status(asOf: date("2025-07-01")) == .late)
    }

    @Test("a step not done is open up to and including its due date, and overdue the day after")
    func openAndOverdue() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z")))
        // Respond at stage 1 is due Monday 23 June.
        #expect(deadlines.respondStage1.status(asOf: date("2025-06-02")) == .open)
        #expect(deadlines.respondStage1.status(asOf: date("2025-06-23")) == .open)
        #expect(deadlines.respondStage1.status(asOf: date("2025-06-24")) == .overdue)
        #expect(deadlines.acknowledgeStage1.status(asOf: date("2025-06-10")) == .overdue)
    }

    @Test("a stage 1 response without an acknowledgement also completes the acknowledgement")
    func responseAcknowledges() {
        let deadlines = ComplaintDeadlines(.init(receivedAt: at("2025-06-02T10:00:00Z"),
                                                 stage1RespondedAt: at("2025-06-05T12:00:00Z")))
        #expect(deadlines.acknowledgeStage1.done == date("2025-06-05"))
        #expect(deadlines.acknowledgeStage1.status(asOf: date("2025-07-01")) == .met)
        // The response still counts from the acknowledgement's due date, Monday 9 June.
        #expect(deadlines.respondStage1.due == date("2025-06-23"))
        #expect(deadlines.respondStage1.status(asOf: date("2025-07-01")) == .met)
    }
}
