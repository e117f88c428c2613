import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Case file: corrections")
struct CaseFileCorrectionTests {
    private static let referral = #"{"household":"P-000003","tenancyRef":"T-1042","reasons":["hoarding"]}"#
    private static let received = #"{"complainant":"P-000001","categories":["repairs"]}"#

    @Test("a corrected visit dueDate counts as if the scheduling had carried it")
    func visitDueDate() {
        var history = CaseHistory("TS-2025-000001")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        let scheduling = history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z",
                                        #"{"visitId":"V1","dueDate":"2025-06-10","kind":"home"}"#)
        #expect(history.deadline(.visit("V1"))?.status(asOf: date("2025-06-16")) == .overdue)
        history.correct(scheduling, at: "2025-06-04T09:00:00Z", changes: #"{"dueDate":"2025-06-20"}"#)
        #expect(history.deadline(.visit("V1"))?.due == date("2025-06-20"))
        #expect(history.deadline(.visit("V1"))?.status(asOf: date("2025-06-16")) == .open)
    }

    @Test("a corrected worker replaces the assignment's, unless a later assignment stands")
    func worker() {
        var history = CaseHistory("TS-2025-000002")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        let assignment = history.record("case.assigned", at: "2025-06-02T10:00:00Z", #"{"worker":"j.smith"}"#)
        history.correct(assignment, at: "2025-06-02T11:00:00Z", changes: #"{"worker":"j.smyth"}"#)
        #expect(history.file.assignedTo == "j.smyth")

        history.record("case.assigned", at: "2025-06-10T10:00:00Z", #"{"worker":"a.khan"}"#)
        history.correct(assignment, at: "2025-06-11T11:00:00Z", changes: #"{"worker":"j.smithson"}"#)
        #expect(history.file.assignedTo == "a.khan")
    }

    @Test("a corrected riskLevel of the triage is the case's risk (a re-triage is a correction)")
    func riskLevel() {
        var history = CaseHistory("SG-2025-000001")
        history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z",
                       #"{"subject":"P-000002","categories":["financial-material"],"immediateRisk":false}"#)
        let triage = history.record("safeguarding.triaged", at: "2025-06-04T15:00:00Z",
                                    #"{"riskLevel":"medium","decision":"internal-support"}"#)
        history.correct(triage, at: "2025-06-06T09:00:00Z", changes: #"{"riskLevel":"critical","decision":"refer-police"}"#)
        #expect(history.file.riskLevel == "critical")
        // The triage itself still happened when it did.
        #expect(history.deadline(.triage)?.done == date("2025-06-04"))
    }

    @Test("a corrected immediateRisk moves the triage due date")
    func immediateRisk() {
        var history = CaseHistory("SG-2025-000002")
        let raised = history.record("safeguarding.concern-raised", at: "2025-06-04T09:00:00Z",
                                    #"{"subject":"P-000002","categories":["physical"],"immediateRisk":false}"#)
        #expect(history.deadline(.triage)?.due == date("2025-06-05"))
        history.correct(raised, at: "2025-06-04T10:00:00Z", changes: #"{"immediateRisk":true}"#)
        // 24 clock hours after 09:00 UTC on the 4th, and under the working-day rule, that day.
        #expect(history.deadline(.triage)?.dueAt == Timestamp(iso8601: "2025-06-05T09:00:00Z"))
        #expect(history.deadline(.triage, triageTarget: TriageTarget(immediateRiskHours: nil))?.due == date("2025-06-04"))
    }

    @Test("corrected workingDays and stage of complaint steps move the deadlines")
    func complaintSteps() {
        var history = CaseHistory("CMP-2025-000001")
        history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        let acknowledgement = history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":2}"#)
        // Recorded as stage 2 by mistake: stage 1 is still unacknowledged.
        #expect(history.deadline(.acknowledgeStage1)?.done == nil)
        history.correct(acknowledgement, at: "2025-06-04T09:30:00Z", changes: #"{"stage":1}"#)
        #expect(history.deadline(.acknowledgeStage1)?.done == date("2025-06-04"))
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-18"))

        let agreement = history.record("complaint.extension-agreed", at: "2025-06-16T09:00:00Z",
                                        #"{"stage":1,"workingDays":5,"reason":"contractor report awaited"}"#)
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-25"))
        history.correct(agreement, at: "2025-06-16T10:00:00Z", changes: #"{"workingDays":3}"#)
        // 3 after Wednesday 18 June: Thu 19 = 1, Fri 20 = 2, Mon 23 = 3.
        #expect(history.deadline(.respondStage1)?.due == date("2025-06-23"))
        #expect(history.deadline(.respondStage1)?.extendedBy == 3)
    }

    @Test("a corrected visitId moves a completion to the visit it was about")
    func visitId() {
        var history = CaseHistory("TS-2025-000003")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z", #"{"visitId":"V1","dueDate":"2025-06-10"}"#)
        let completion = history.record("tenancy.visit-completed", at: "2025-06-10T14:00:00Z", #"{"visitId":"V2"}"#)
        #expect(history.deadline(.visit("V1"))?.done == nil)
        history.correct(completion, at: "2025-06-11T09:00:00Z", changes: #"{"visitId":"V1"}"#)
        #expect(history.deadline(.visit("V1"))?.status(asOf: date("2025-06-16")) == .met)
    }

    @Test("a corrected complainant is the case's subject")
    func subject() {
        var history = CaseHistory("CMP-2025-000002")
        let received = history.record("complaint.received", at: "2025-06-02T10:00:00Z", Self.received)
        history.correct(received, at: "2025-06-02T11:00:00Z", changes: #"{"complainant":"P-000009"}"#)
        #expect(history.file.subject == "P-000009")
        #expect(history.file.stage == 1)
    }

    @Test("a correction of an unknown event, or of a note, changes nothing but the activity")
    func nothingToCorrect() {
        var history = CaseHistory("TS-2025-000004")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("case.assigned", at: "2025-06-02T10:00:00Z", #"{"worker":"a.khan"}"#)
        let note = history.record("case.note-added", at: "2025-06-03T10:00:00Z")
        history.correct(note, at: "2025-06-04T10:00:00Z", changes: #"{"worker":"someone"}"#)
        history.correct(EventID.random(), at: "2025-06-05T10:00:00Z", changes: #"{"worker":"someone else"}"#)
        #expect(history.file.assignedTo == "a.khan")
        #expect(history.file.subject == "P-000003")
        #expect(history.file.version == 5)
        #expect(history.file.lastActivity == at("2025-06-05T10:00:00Z"))
    }
}
