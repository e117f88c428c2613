import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Case file: safeguarding")
struct CaseFileSafeguardingTests {
    private static func raised(immediateRisk: Bool) -> String {
        #"{"subject":"P-000002","raisedBy":"housing-officer","categories":["self-neglect"],"immediateRisk":\#(immediateRisk)}"#
    }

    private static let triaged = #"{"riskLevel":"high","decision":"refer-local-authority"}"#

    /// The working-day rule for an immediate risk, which a store that set it before the
    /// clock-hours rule keeps (DOMAIN.md, corrections to §4).
    private static let workingDays = TriageTarget(immediateRiskHours: nil)

    @Test("under the working-day rule, a concern with an immediate risk raised on a Wednesday is due for triage that day")
    func immediateRiskSameDay() {
        var history = CaseHistory("SG-2025-000001")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: true))
        // 19:00 UTC is 20:00 BST, still Wednesday 4 June in London.
        history.record("safeguarding.triaged", at: "2025-06-04T19:00:00Z", Self.triaged)
        let triage = history.deadline(.triage, triageTarget: Self.workingDays)
        #expect(triage?.due == date("2025-06-04"))
        #expect(triage?.status(asOf: date("2025-06-05")) == .met)
        #expect(history.stepNames == ["triage"])
    }

    @Test("a concern without an immediate risk is due for triage the next working day")
    func otherwiseNextWorkingDay() {
        var history = CaseHistory("SG-2025-000002")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: false))
        #expect(history.deadline(.triage)?.due == date("2025-06-05"))
        #expect(history.deadline(.triage)?.status(asOf: date("2025-06-05")) == .open)
        #expect(history.deadline(.triage)?.status(asOf: date("2025-06-06")) == .overdue)
        history.record("safeguarding.triaged", at: "2025-06-06T10:00:00Z", Self.triaged)
        #expect(history.deadline(.triage)?.status(asOf: date("2025-06-06")) == .late)
    }

    @Test("under the working-day rule, a concern raised on a Saturday is due on Monday, with or without an immediate risk",
          arguments: [true, false])
    func raisedOnSaturday(immediateRisk: Bool) {
        var history = CaseHistory("SG-2025-000003")
        history.record("safeguarding.concern-raised", at: "2025-06-07T10:00:00Z", Self.raised(immediateRisk: immediateRisk))
        // The same working day of a Saturday is the next working day, Monday; and day 1 after a
        // Saturday is Monday too.
        #expect(history.deadline(.triage, triageTarget: Self.workingDays)?.due == date("2025-06-09"))
    }

    @Test("under the working-day rule, a concern raised on Easter Saturday 2025 is due on Tuesday, after Easter Monday",
          arguments: [true, false])
    func raisedOnEasterSaturday(immediateRisk: Bool) {
        var history = CaseHistory("SG-2025-000004")
        history.record("safeguarding.concern-raised", at: "2025-04-19T10:00:00Z", Self.raised(immediateRisk: immediateRisk))
        #expect(history.deadline(.triage, triageTarget: Self.workingDays)?.due == date("2025-04-22"))
    }

    @Test("an organisation's own triage target is used when given")
    func ownTriageTarget() {
        var history = CaseHistory("SG-2025-000005")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: false))
        // Two working days after Wednesday 4 June: Thu 5 = 1, Fri 6 = 2.
        let target = TriageTarget(immediateRiskWorkingDays: 0, otherWorkingDays: 2)
        #expect(history.deadline(.triage, triageTarget: target)?.due == date("2025-06-06"))
    }

    @Test("the triage sets the risk level, and the first triage is the one that counts for the deadline")
    func triageRiskLevel() {
        var history = CaseHistory("SG-2025-000006")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: true))
        #expect(history.file.riskLevel == nil)
        history.record("safeguarding.triaged", at: "2025-06-04T11:00:00Z", Self.triaged)
        history.record("safeguarding.triaged", at: "2025-06-09T11:00:00Z", #"{"riskLevel":"critical","decision":"refer-police"}"#)
        #expect(history.file.riskLevel == "critical")
        #expect(history.deadline(.triage)?.done == date("2025-06-04"))
        #expect(history.file.subject == "P-000002")
    }

    @Test("each action is due on its dueDate and done by its completion; a completion of no assigned action adds none")
    func actions() {
        var history = CaseHistory("SG-2025-000007")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: true))
        history.record("safeguarding.triaged", at: "2025-06-04T11:00:00Z", Self.triaged)
        history.record("safeguarding.action-assigned", at: "2025-06-05T09:00:00Z",
                       #"{"actionId":"A1","owner":"team-leader","dueDate":"2025-06-20"}"#)
        history.record("safeguarding.action-assigned", at: "2025-06-05T09:10:00Z",
                       #"{"actionId":"A2","owner":"caseworker","dueDate":"2025-06-13"}"#)
        history.record("safeguarding.action-completed", at: "2025-06-19T16:00:00Z", #"{"actionId":"A1"}"#)
        history.record("safeguarding.action-completed", at: "2025-06-19T16:05:00Z", #"{"actionId":"A9"}"#)
        #expect(history.stepNames == ["triage", "action:A1", "action:A2"])
        #expect(history.deadline(.action("A1"))?.status(asOf: date("2025-06-30")) == .met)
        #expect(history.deadline(.action("A2"))?.status(asOf: date("2025-06-13")) == .open)
        #expect(history.deadline(.action("A2"))?.status(asOf: date("2025-06-16")) == .overdue)
    }

    @Test("closing a concern records its outcome and leaves an open action reported")
    func closedWithOpenAction() {
        var history = CaseHistory("SG-2025-000008")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z", Self.raised(immediateRisk: false))
        history.record("safeguarding.triaged", at: "2025-06-05T09:00:00Z", Self.triaged)
        history.record("safeguarding.action-assigned", at: "2025-06-05T09:30:00Z",
                       #"{"actionId":"A1","owner":"caseworker","dueDate":"2025-06-13"}"#)
        history.record("safeguarding.closed", at: "2025-06-30T09:00:00Z", #"{"outcome":"risk-reduced","msp":"partly-achieved"}"#)
        #expect(history.file.state == .closed)
        #expect(history.file.outcome == "risk-reduced")
        #expect(history.deadline(.action("A1"))?.status(asOf: date("2025-07-01")) == .overdue)
    }
}
