import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Case file: complaints")
struct CaseFileComplaintTests {
    private static let received = #"{"complainant":"P-000001","channel":"email","categories":["repairs"]}"#

    @Test("a complaint received before Easter 2025 is acknowledged on time and answered a day late")
    func easter2025() {
        var history = CaseHistory("CMP-2025-000001")
        history.record("complaint.received", at: "2025-04-17T14:00:00Z", Self.received)
        history.record("complaint.acknowledged", at: "2025-04-23T10:00:00Z", #"{"stage":1}"#)
        history.record("complaint.responded", at: "2025-05-09T09:00:00Z", #"{"stage":1,"decision":"upheld"}"#)
        let deadlines = history.file.deadlines()
        #expect(deadlines.map(\.step) == [.acknowledgeStage1, .respondStage1])
        // From Thursday 17 April: Good Friday 18 and Easter Monday 21 are bank holidays;
        // Tue 22 = 1, Wed 23 = 2, Thu 24 = 3, Fri 25 = 4, Mon 28 = 5.
        #expect(deadlines[0].due == date("2025-04-28"))
        #expect(deadlines[0].done == date("2025-04-23"))
        #expect(deadlines[0].status(asOf: date("2025-06-01")) == .met)
        // From the acknowledgement, Wednesday 23 April: Thu 24 = 1, Fri 25 = 2, Mon 28 … Fri 2 May
        // = 3 … 7, Mon 5 May is a bank holiday, Tue 6 = 8, Wed 7 = 9, Thu 8 = 10.
        #expect(deadlines[1].due == date("2025-05-08"))
        #expect(deadlines[1].done == date("2025-05-09"))
        #expect(deadlines[1].status(asOf: date("2025-06-01")) == .late)
    }

    @Test("an unanswered complaint received before Christmas 2025 is open, then overdue, step by step")
    func christmas2025() {
        var history = CaseHistory("CMP-2025-000002")
        history.record("complaint.received", at: "2025-12-23T16:00:00Z", Self.received)
        let deadlines = history.file.deadlines()
        // From Tuesday 23 December: Wed 24 = 1, Thu 25 and Fri 26 bank holidays, Mon 29 = 2,
        // Tue 30 = 3, Wed 31 = 4, Thu 1 January bank holiday, Fri 2 = 5.
        #expect(deadlines[0].due == date("2026-01-02"))
        // Unacknowledged: 10 working days after the acknowledgement's due date, Fri 2 January:
        // Mon 5 … Fri 9 = 1 … 5, Mon 12 … Fri 16 = 6 … 10.
        #expect(deadlines[1].due == date("2026-01-16"))
        #expect(deadlines.map { $0.status(asOf: date("2026-01-02")) } == [.open, .open])
        #expect(deadlines.map { $0.status(asOf: date("2026-01-05")) } == [.overdue, .open])
        #expect(deadlines.map { $0.status(asOf: date("2026-01-19")) } == [.overdue, .overdue])
        #expect(history.file.state == .open)
        #expect(history.file.stage == 1)
    }

    @Test("agreed extensions move the response due date, and beyond 10 working days are flagged")
    func extensions() {
        var history = CaseHistory("CMP-2025-000003")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":1}"#)
        // From Wednesday 4 June: Thu 5 = 1, Fri 6 = 2, Mon 9 … Fri 13 = 3 … 7, Mon 16 = 8, Tue 17 = 9, Wed 18 = 10.
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-18"))

        history.record("complaint.extension-agreed", at: "2025-06-16T09:00:00Z",
                       #"{"stage":1,"workingDays":5,"reason":"contractor report awaited"}"#)
        // 5 more: Thu 19 = 1, Fri 20 = 2, Mon 23 = 3, Tue 24 = 4, Wed 25 = 5.
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-25"))
        #expect(history.deadline(.respondStage1)?.extendedBy == 5)
        #expect(history.deadline(.respondStage1)?.isBeyondCodeLimit == false)

        history.record("complaint.extension-agreed", at: "2025-06-24T09:00:00Z",
                       #"{"stage":1,"workingDays":6,"reason":"second survey"}"#)
        // 11 after 18 June: Thu 19 = 1, Fri 20 = 2, Mon 23 … Fri 27 = 3 … 7, Mon 30 = 8, Tue 1 July = 9,
        // Wed 2 = 10, Thu 3 = 11.
        #expect(history.deadline(.respondStage1)?.due == date("2025-07-03"))
        #expect(history.deadline(.respondStage1)?.extendedBy == 11)
        #expect(history.deadline(.respondStage1)?.isBeyondCodeLimit == true)
        // The acknowledgement's due date does not move.
        #expect(history.deadline(.acknowledgeStage1)?.due == date("2025-06-09"))
    }

    @Test("an escalation moves the complaint to stage 2 and adds the stage 2 steps")
    func escalation() {
        var history = CaseHistory("CMP-2025-000004")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":1}"#)
        history.record("complaint.responded", at: "2025-06-16T15:00:00Z", #"{"stage":1,"decision":"not-upheld"}"#)
        #expect(history.file.stage == 1)
        #expect(history.stepNames == ["acknowledge-stage-1", "respond-stage-1"])

        history.record("complaint.escalated", at: "2025-07-01T09:00:00Z")
        history.record("complaint.acknowledged", at: "2025-07-03T11:00:00Z", #"{"stage":2}"#)
        #expect(history.file.stage == 2)
        #expect(history.stepNames == ["acknowledge-stage-1", "respond-stage-1", "acknowledge-stage-2", "respond-stage-2"])
        // From Tuesday 1 July: Wed 2 = 1, Thu 3 = 2, Fri 4 = 3, Mon 7 = 4, Tue 8 = 5.
        let acknowledgement = history.deadline(.acknowledgeStage2)
        #expect(acknowledgement?.due == date("2025-07-08"))
        #expect(acknowledgement?.status(asOf: date("2025-07-03")) == .met)
        // From Thursday 3 July: Fri 4 = 1, Mon 7 … Fri 11 = 2 … 6, Mon 14 … Fri 18 = 7 … 11,
        // Mon 21 … Fri 25 = 12 … 16, Mon 28 = 17, Tue 29 = 18, Wed 30 = 19, Thu 31 = 20.
        let response = history.deadline(.respondStage2)
        #expect(response?.due == date("2025-07-31"))
        #expect(response?.status(asOf: date("2025-08-01")) == .overdue)
        // The stage 1 steps keep their history.
        #expect(history.deadline(.respondStage1)?.status(asOf: date("2025-08-01")) == .met)
    }

    @Test("a withdrawn complaint is closed with outcome withdrawn and drops only the steps not done")
    func withdrawn() {
        var history = CaseHistory("CMP-2025-000005")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":1}"#)
        history.record("complaint.withdrawn", at: "2025-06-09T12:30:00Z", #"{"reason":"resolved informally"}"#)
        #expect(history.file.state == .closed)
        #expect(history.file.outcome == "withdrawn")
        #expect(history.file.isWithdrawn)
        #expect(history.file.closedAt == at("2025-06-09T12:30:00Z"))
        #expect(history.stepNames == ["acknowledge-stage-1"])
        #expect(history.deadline(.acknowledgeStage1)?.status(asOf: date("2025-12-31")) == .met)
    }

    @Test("a reopened withdrawn complaint is open again and its response is due again")
    func reopenedAfterWithdrawal() {
        var history = CaseHistory("CMP-2025-000006")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.withdrawn", at: "2025-06-03T12:30:00Z")
        #expect(history.stepNames.isEmpty)
        history.record("case.reopened", at: "2025-06-05T09:00:00Z", #"{"reason":"complainant changed their mind"}"#)
        #expect(history.file.state == .open)
        #expect(history.file.outcome == nil)
        #expect(history.file.closedAt == nil)
        #expect(history.stepNames == ["acknowledge-stage-1", "respond-stage-1"])
    }

    @Test("a closed complaint keeps every step, and its outcome is nil because complaint.closed carries none")
    func closed() {
        var history = CaseHistory("CMP-2025-000007")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.responded", at: "2025-06-20T10:00:00Z", #"{"stage":1,"decision":"partly-upheld"}"#)
        history.record("complaint.closed", at: "2025-06-23T10:00:00Z")
        #expect(history.file.state == .closed)
        #expect(history.file.outcome == nil)
        // Answered without an acknowledgement: the response acknowledges it, on 20 June, after
        // the acknowledgement's due date (Monday 9 June).
        #expect(history.deadline(.acknowledgeStage1)?.status(asOf: date("2025-06-23")) == .late)
        // The response counts from the acknowledgement's due date: 10 after Monday 9 June is Monday 23 June.
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-23"))
        #expect(history.deadline(.respondStage1)?.status(asOf: date("2025-06-23")) == .met)
    }

    @Test("the first acknowledgement of a stage counts; a second one changes nothing")
    func firstAcknowledgementCounts() {
        var history = CaseHistory("CMP-2025-000008")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":1}"#)
        history.record("complaint.acknowledged", at: "2025-06-10T09:00:00Z", #"{"stage":1}"#)
        #expect(history.deadline(.acknowledgeStage1)?.done == date("2025-06-04"))
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-18"))
    }

    @Test("learning is due on its dueDate, done when actioned, and listed after the complaint's steps")
    func learning() {
        var history = CaseHistory("CMP-2025-000009")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.learning-identified", at: "2025-06-20T10:00:00Z",
                       #"{"learningId":"L1","weDid":"damp checks at every void","owner":"repairs","dueDate":"2025-09-30"}"#)
        history.record("complaint.learning-identified", at: "2025-06-20T10:05:00Z",
                       #"{"learningId":"L2","weDid":"call back within a day","owner":"contact-centre","dueDate":"2025-10-31"}"#)
        history.record("complaint.learning-actioned", at: "2025-10-02T10:00:00Z", #"{"learningId":"L1"}"#)
        #expect(history.stepNames == ["acknowledge-stage-1", "respond-stage-1", "learning:L1", "learning:L2"])
        #expect(history.deadline(.learning("L1"))?.status(asOf: date("2025-11-03")) == .late)
        #expect(history.deadline(.learning("L2"))?.status(asOf: date("2025-10-31")) == .open)
        #expect(history.deadline(.learning("L2"))?.status(asOf: date("2025-11-03")) == .overdue)
    }

    @Test("a withdrawn complaint keeps its learning, which is the organisation's own commitment")
    func withdrawnKeepsLearning() {
        var history = CaseHistory("CMP-2025-000010")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.record("complaint.learning-identified", at: "2025-06-03T10:00:00Z",
                       #"{"learningId":"L1","weDid":"clearer letters","owner":"lettings","dueDate":"2025-09-30"}"#)
        history.record("complaint.withdrawn", at: "2025-06-04T10:00:00Z")
        #expect(history.stepNames == ["learning:L1"])
    }
}
