import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Case file: panel reviews")
struct CaseFileReviewTests {
    @Test("recommendations are due on their dueDate and done when implemented; a review names no subject")
    func recommendations() {
        var history = CaseHistory("PR-2025-0001")
        history.record("review.opened", at: "2025-09-01T09:00:00Z", #"{"incidents":["SG-2025-000001"],"trigger":"serious-harm"}"#)
        history.record("review.finding-recorded", at: "2025-10-01T09:00:00Z",
                       #"{"findingId":"F1","contributingFactors":["information-sharing"]}"#)
        history.record("review.recommendation-made", at: "2025-10-02T09:00:00Z",
                       #"{"recommendationId":"R1","findingIds":["F1"],"owner":"head-of-housing","dueDate":"2025-12-31"}"#)
        history.record("review.recommendation-made", at: "2025-10-02T09:05:00Z",
                       #"{"recommendationId":"R2","findingIds":["F1"],"owner":"safeguarding-lead","dueDate":"2026-03-31"}"#)
        history.record("review.recommendation-implemented", at: "2026-01-05T09:00:00Z", #"{"recommendationId":"R1"}"#)

        #expect(history.file.caseType == .review)
        #expect(history.file.subject == nil)
        #expect(history.file.stage == nil)
        #expect(history.stepNames == ["recommendation:R1", "recommendation:R2"])
        #expect(history.deadline(.recommendation("R1"))?.status(asOf: date("2026-01-05")) == .late)
        #expect(history.deadline(.recommendation("R2"))?.status(asOf: date("2026-03-31")) == .open)
        #expect(history.deadline(.recommendation("R2"))?.status(asOf: date("2026-04-01")) == .overdue)

        history.record("review.closed", at: "2026-04-10T09:00:00Z")
        #expect(history.file.state == .closed)
        #expect(history.file.outcome == nil)
        #expect(history.file.closedAt == at("2026-04-10T09:00:00Z"))
    }
}
