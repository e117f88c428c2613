import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Case file: tenancy support")
struct CaseFileTenancyTests {
    private static let referral =
        #"{"household":"P-000003","tenancyRef":"T-1042","source":"income-team","reasons":["rent-arrears"]}"#

    private static func scheduled(_ visitId: String, due: String) -> String {
        #"{"visitId":"\#(visitId)","dueDate":"\#(due)","kind":"home"}"#
    }

    @Test("visits are met, done when missed, late, or overdue; an unplanned visit has no deadline")
    func visits() {
        var history = CaseHistory("TS-2025-000001")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z", Self.scheduled("V1", due: "2025-06-10"))
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:01:00Z", Self.scheduled("V2", due: "2025-06-12"))
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:02:00Z", Self.scheduled("V3", due: "2025-06-13"))
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:03:00Z", Self.scheduled("V4", due: "2025-06-11"))
        history.record("tenancy.visit-completed", at: "2025-06-10T14:00:00Z", #"{"visitId":"V1"}"#)
        history.record("tenancy.visit-missed", at: "2025-06-12T11:00:00Z", #"{"visitId":"V2","reason":"no-access"}"#)
        history.record("tenancy.visit-completed", at: "2025-06-12T10:00:00Z", #"{"visitId":"V4"}"#)
        history.record("tenancy.visit-completed", at: "2025-06-14T10:00:00Z", #"{"visitId":"V9"}"#)

        #expect(history.stepNames == ["visit:V1", "visit:V2", "visit:V3", "visit:V4"])
        let asOf = date("2025-06-16")
        #expect(history.deadline(.visit("V1"))?.status(asOf: asOf) == .met)
        // A missed visit is no longer due, so it is not overdue.
        #expect(history.deadline(.visit("V2"))?.done == date("2025-06-12"))
        #expect(history.deadline(.visit("V2"))?.status(asOf: asOf) == .met)
        #expect(history.deadline(.visit("V3"))?.status(asOf: date("2025-06-13")) == .open)
        #expect(history.deadline(.visit("V3"))?.status(asOf: asOf) == .overdue)
        #expect(history.deadline(.visit("V4"))?.status(asOf: asOf) == .late)
        #expect(history.deadline(.visit("V9")) == nil)
    }

    @Test("a visit scheduled again keeps its place and takes the later due date")
    func rescheduled() {
        var history = CaseHistory("TS-2025-000002")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z", Self.scheduled("V1", due: "2025-06-10"))
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:01:00Z", Self.scheduled("V2", due: "2025-06-12"))
        history.record("tenancy.visit-scheduled", at: "2025-06-09T09:00:00Z", Self.scheduled("V1", due: "2025-06-17"))
        #expect(history.stepNames == ["visit:V1", "visit:V2"])
        #expect(history.deadline(.visit("V1"))?.due == date("2025-06-17"))
    }

    @Test("a completion entered late, after a scheduling recorded later still, completes the visit")
    func completionBeforeSchedulingInTheStream() {
        var history = CaseHistory("TS-2025-000003")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("tenancy.visit-completed", at: "2025-06-09T10:00:00Z", #"{"visitId":"V1"}"#)
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z", Self.scheduled("V1", due: "2025-06-10"))
        #expect(history.deadline(.visit("V1"))?.status(asOf: date("2025-06-16")) == .met)
    }

    @Test("the summary names the household, the assessed risk, the worker, and the outcome at close")
    func summary() {
        var history = CaseHistory("TS-2025-000004")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("case.assigned", at: "2025-06-02T10:00:00Z", #"{"worker":"a.khan"}"#)
        history.record("tenancy.needs-assessed", at: "2025-06-05T10:00:00Z", #"{"needs":["rent-arrears"],"riskLevel":"medium"}"#)
        history.record("tenancy.needs-assessed", at: "2025-06-20T10:00:00Z", #"{"needs":["rent-arrears","isolation"]}"#)
        #expect(history.file.caseType == .tenancy)
        #expect(history.file.subject == "P-000003")
        #expect(history.file.assignedTo == "a.khan")
        // A later assessment without a risk level leaves the last one standing.
        #expect(history.file.riskLevel == "medium")
        #expect(history.file.stage == nil)
        #expect(history.file.state == .open)
        #expect(history.file.openedAt == at("2025-06-02T09:00:00Z"))

        history.record("tenancy.case-closed", at: "2025-09-01T10:00:00Z", #"{"outcome":"tenancy-sustained"}"#)
        history.record("tenancy.sustainment-checked", at: "2026-03-02T10:00:00Z", #"{"monthsAfterClose":6,"stillInTenancy":true}"#)
        #expect(history.file.state == .closed)
        #expect(history.file.outcome == "tenancy-sustained")
        #expect(history.file.closedAt == at("2025-09-01T10:00:00Z"))
        #expect(history.file.lastActivity == at("2026-03-02T10:00:00Z"))
        #expect(history.file.version == 6)
    }

    @Test("an overdue visit of a closed case is still reported")
    func overdueVisitAfterClose() {
        var history = CaseHistory("TS-2025-000005")
        history.record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        history.record("tenancy.visit-scheduled", at: "2025-06-03T09:00:00Z", Self.scheduled("V1", due: "2025-06-10"))
        history.record("tenancy.case-closed", at: "2025-06-05T10:00:00Z", #"{"outcome":"disengaged"}"#)
        #expect(history.deadline(.visit("V1"))?.status(asOf: date("2025-06-11")) == .overdue)
    }
}
