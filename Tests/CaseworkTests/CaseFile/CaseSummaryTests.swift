import Testing
@testable import Casework
import Codec
import EventLog

@Suite("Case summary: one source of a case's state, worker and subject")
struct CaseSummaryTests {
    private static let referral = #"{"household":"P-000003","tenancyRef":"T-1042","reasons":["hoarding"]}"#

    /// A complaint with late entries, a corrected assignment and complainant, a withdrawal
    /// and a reopening, escalated at the end.
    private static func busyComplaint() -> CaseHistory {
        var history = CaseHistory("CMP-2025-000001")
        let received = history.record("complaint.received", at: "2025-06-02T09:00:00Z", #"{"complainant":"P-000001","categories":["repairs"]}"#)
        let assignment = history.record("case.assigned", at: "2025-06-02T10:00:00Z", #"{"worker":"j.smith"}"#)
        history.record("case.assigned", at: "2025-06-01T10:00:00Z", #"{"worker":"a.earlier"}"#)
        history.correct(assignment, at: "2025-06-03T09:00:00Z", changes: #"{"worker":"j.smyth"}"#)
        history.correct(received, at: "2025-06-03T09:30:00Z", changes: #"{"complainant":"P-000002"}"#)
        history.record("complaint.acknowledged", at: "2025-06-04T09:00:00Z", #"{"stage":1}"#)
        history.record("complaint.withdrawn", at: "2025-06-05T09:00:00Z")
        history.record("case.reopened", at: "2025-06-06T09:00:00Z", #"{"reason":"Came back"}"#)
        history.record("complaint.responded", at: "2025-06-07T09:00:00Z", #"{"stage":1,"decision":"upheld"}"#)
        history.record("complaint.closed", at: "2025-06-08T09:00:00Z")
        history.record("complaint.escalated", at: "2025-06-09T09:00:00Z", #"{"reason":"Unhappy"}"#)
        history.record("case.note-added", at: "2025-05-30T09:00:00Z", #"{"text":"A late note"}"#)
        return history
    }

    @Test("a summary read from a row without its entries equals the case file's, corrections and all")
    func summaryFromRow() throws {
        let file = Self.busyComplaint().file
        let summary = try #require(file.encoded().withUnsafeBytes { CaseSummary(reference: "CMP-2025-000001", encoded: $0) })
        #expect(summary == file.summary)
        #expect(summary.assignedTo == "j.smyth" && summary.subject == "P-000002")
        #expect(summary.state == .open && summary.stage == 2 && summary.version == 12)
        #expect(summary.openedAt == at("2025-06-02T09:00:00Z") && summary.lastActivity == at("2025-06-09T09:00:00Z"))
    }

    @Test("a case file's own properties are its summary's")
    func forwarded() {
        let file = Self.busyComplaint().file
        let summary = file.summary
        #expect(file.reference == summary.reference && file.caseType == summary.caseType && file.version == summary.version)
        #expect(file.state == summary.state && file.stage == summary.stage && file.assignedTo == summary.assignedTo)
        #expect(file.subject == summary.subject && file.riskLevel == summary.riskLevel && file.openedAt == summary.openedAt)
        #expect(file.closedAt == summary.closedAt && file.lastActivity == summary.lastActivity && file.outcome == summary.outcome)
        #expect(file.isWithdrawn == summary.isWithdrawn)
    }

    @Test("a summary is not read from damaged bytes, nor for a stream that is not a case or subject",
          arguments: [0, 1, 9, 20, 40])
    func damaged(cut: Int) {
        let bytes = Array(Self.busyComplaint().file.encoded().prefix(cut))
        #expect(bytes.withUnsafeBytes { CaseSummary(reference: "CMP-2025-000001", encoded: $0) } == nil)
        let whole = Self.busyComplaint().file.encoded()
        #expect(whole.withUnsafeBytes { CaseSummary(reference: "settings", encoded: $0) } == nil)
    }

    @Test("the lifecycle keeps its worker by the summary's rule: the latest to happen, the later recorded on a tie")
    func lifecycleWorkerRule() throws {
        var history = CaseHistory("TS-2025-000001")
        var lifecycle = CaseLifecycle()
        var version: UInt64 = 0
        func record(_ type: String, at utc: String, _ json: String) throws {
            history.record(type, at: utc, json)
            let data = CaseHistory.cbor(json)
            try data.withUnsafeBytes { bytes in
                try lifecycle.apply(EventCatalogue.type(named: type)!, on: .tenancy, version: version, occurredAt: at(utc),
                                    data: CBORView(bytes))
            }
            version += 1
        }
        try record("tenancy.referral-received", at: "2025-06-02T09:00:00Z", Self.referral)
        try record("case.assigned", at: "2025-06-03T09:00:00Z", #"{"worker":"b.first"}"#)
        try record("case.assigned", at: "2025-06-03T09:00:00Z", #"{"worker":"c.tie"}"#)
        try record("case.assigned", at: "2025-06-02T12:00:00Z", #"{"worker":"d.back-dated"}"#)
        #expect(history.file.assignedTo == "c.tie")
        #expect(lifecycle.assignedTo == history.file.assignedTo)
        #expect(lifecycle.subject == history.file.subject)
        #expect(lifecycle.subject == "P-000003")
    }
}
