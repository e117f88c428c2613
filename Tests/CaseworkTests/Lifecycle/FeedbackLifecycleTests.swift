@testable import Casework
import EventLog
import Testing
import TestSupport

/// Feedback as dialogue (DOMAIN.md §10): a compliment or suggestion is received, acknowledged,
/// responded to (a suggestion saying whether it was adopted) and closed, on an `FB-` case.
@Suite("Feedback lifecycle")
struct FeedbackLifecycleTests {
    typealias F = LifecycleFixture

    static func feedback(_ reference: String?, kind: String = "suggestion", from: String? = "P-000001",
                         at occurredAt: String = F.monday) -> String {
        let sender = from.map { #","from":"\#($0)""# } ?? ""
        return F.line("feedback.received", reference,
                      #"{"kind":"\#(kind)","about":["repairs"],"channel":"web","text":"Text us before a visit"\#(sender)}"#,
                      at: occurredAt)
    }

    static func responded(_ reference: String, adopted: Bool?) -> String {
        let flag = adopted.map { #","adopted":\#($0)"# } ?? ""
        return F.line("feedback.responded", reference, #"{"text":"Thank you, we will"\#(flag)}"#)
    }

    @Test("a compliment and a suggestion go received, acknowledged, responded, closed; the sender is optional")
    func wholeLifecycle() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        try fixture.record(Self.feedback("FB-2025-000001"),
                           F.line("feedback.acknowledged", "FB-2025-000001"),
                           Self.responded("FB-2025-000001", adopted: true),
                           F.line("feedback.closed", "FB-2025-000001"))
        try fixture.record(Self.feedback("FB-2025-000002", kind: "compliment", from: nil),
                           F.line("feedback.acknowledged", "FB-2025-000002"),
                           Self.responded("FB-2025-000002", adopted: nil),
                           F.line("feedback.closed", "FB-2025-000002"))
        #expect(try fixture.store.head().position == 9)
    }

    @Test("acknowledging, responding to or closing feedback that was never received is refused")
    func beforeReceived() throws {
        let fixture = try F()
        try fixture.expectRefused(F.line("feedback.acknowledged", "FB-2025-000001"), mentioning: "feedback.received")
        try fixture.expectRefused(Self.responded("FB-2025-000001", adopted: true), mentioning: "feedback.received")
        try fixture.expectRefused(F.line("feedback.closed", "FB-2025-000001"), mentioning: "feedback.received")
    }

    @Test("feedback is acknowledged once, and not after its response")
    func acknowledgedOnce() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), Self.feedback("FB-2025-000001"), F.line("feedback.acknowledged", "FB-2025-000001"))
        try fixture.expectRefused(F.line("feedback.acknowledged", "FB-2025-000001"), mentioning: "already acknowledged")
        try fixture.record(Self.feedback("FB-2025-000002"), Self.responded("FB-2025-000002", adopted: false))
        try fixture.expectRefused(F.line("feedback.acknowledged", "FB-2025-000002"), mentioning: "already responded")
    }

    @Test("adopted is for a suggestion: a compliment's response carrying it is refused, a suggestion's must say it")
    func adoptedOnlyForSuggestion() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), Self.feedback("FB-2025-000001", kind: "compliment"),
                           Self.feedback("FB-2025-000002", kind: "suggestion"))
        try fixture.expectRefused(Self.responded("FB-2025-000001", adopted: false), mentioning: "adopted", "suggestion")
        try fixture.expectRefused(Self.responded("FB-2025-000002", adopted: nil), mentioning: "adopted")
        try fixture.record(Self.responded("FB-2025-000001", adopted: nil), Self.responded("FB-2025-000002", adopted: true))
        try fixture.expectRefused(Self.responded("FB-2025-000002", adopted: false), mentioning: "already responded")
    }

    @Test("feedback is closed only after its response, and a closed one takes no more steps until reopened")
    func closedAfterResponse() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), Self.feedback("FB-2025-000001"), F.line("feedback.acknowledged", "FB-2025-000001"))
        try fixture.expectRefused(F.line("feedback.closed", "FB-2025-000001"), mentioning: "only after", "feedback.responded")
        try fixture.record(Self.responded("FB-2025-000001", adopted: true), F.line("feedback.closed", "FB-2025-000001"))
        try fixture.expectRefused(F.line("feedback.closed", "FB-2025-000001"), mentioning: "closed")
        try fixture.record(F.line("case.note-added", "FB-2025-000001", #"{"text":"Shared with the repairs team"}"#))
    }

    @Test("a kind that is neither compliment nor suggestion, or no categories, is refused")
    func receivedFields() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        try fixture.expectRefused(F.line("feedback.received", "FB-2025-000001", #"{"kind":"complaint","about":["repairs"],"text":"x"}"#),
                                  mentioning: "kind")
        try fixture.expectRefused(F.line("feedback.received", "FB-2025-000001", #"{"kind":"compliment","about":[],"text":"x"}"#),
                                  mentioning: "about")
    }

    @Test("feedback without a reference gets FB-YYYY-NNNNNN, numbered by the year of occurredAt")
    func allocation() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        func allocated(_ line: String) throws -> String? { try fixture.record(line).first?.caseReference }
        #expect(try allocated(Self.feedback(nil)) == "FB-2025-000001")
        #expect(try allocated(Self.feedback(nil, kind: "compliment")) == "FB-2025-000002")
        #expect(try allocated(Self.feedback(nil, at: "2024-12-31T10:00:00Z")) == "FB-2024-000001")
        #expect(try allocated(F.complaint(nil)) == "CMP-2025-000001")
        #expect(CaseReference("FB-2025-000002")?.caseType == .feedback)
        #expect(CaseReference("FB-2025-00002") == nil)
    }
}
