import Casework
import EventLog
@testable import Projections
import Testing

/// March 2025, three complaints in the period and one on each side of it. Working days are
/// counted on the England and Wales calendar (no bank holidays in February or March 2025).
@Suite("Complaints performance report")
struct ComplaintsPerformanceReportTests {
    static let responseID = "00000000-0000-4000-8000-000000000002"

    /// Positions: 1 subject; 2–4 CMP-1; 5–7 CMP-2 (response at 7); 8 CMP-3; 9 CMP-4;
    /// 10 CMP-1 learning; 11 correction of CMP-2's decision; 12 escalation; 13 remedy.
    static func history() throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-01-06T09:00:00Z"),
            // Received Thu 20 Feb (before the period): acknowledgement due Thu 27 Feb, done Mon 24 Feb;
            // response due 10 working days after 24 Feb = Mon 10 Mar, done Wed 5 Mar: within the Code.
            ReportTest.line("complaint.received", "CMP-2025-000001", #"{"complainant":"P-000001","categories":["repairs"],"summary":"s"}"#,
                            at: "2025-02-20T10:00:00Z"),
            ReportTest.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, at: "2025-02-24T10:00:00Z"),
            ReportTest.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld"}"#, at: "2025-03-05T10:00:00Z"),
            // Received Mon 3 Mar: acknowledgement due Mon 10 Mar, done Wed 12 Mar (late); response due
            // 10 working days after 12 Mar = Wed 26 Mar, done Thu 20 Mar (within the Code).
            ReportTest.line("complaint.received", "CMP-2025-000002",
                            #"{"complainant":"P-000001","categories":["damp-mould","repairs"],"summary":"s"}"#, at: "2025-03-03T09:00:00Z"),
            ReportTest.line("complaint.acknowledged", "CMP-2025-000002", #"{"stage":1}"#, at: "2025-03-12T09:00:00Z"),
            ReportTest.line("complaint.responded", "CMP-2025-000002", #"{"stage":1,"decision":"not-upheld"}"#,
                            at: "2025-03-20T09:00:00Z", id: responseID),
            // Received Mon 3 Mar, never answered: response due 10 working days after the acknowledgement's
            // due date (10 Mar) = Mon 24 Mar, so overdue on 31 Mar.
            ReportTest.line("complaint.received", "CMP-2025-000003", #"{"complainant":"P-000001","categories":["communication"],"summary":"s"}"#,
                            at: "2025-03-03T12:00:00Z"),
            // After the period: counted nowhere.
            ReportTest.line("complaint.received", "CMP-2025-000004", #"{"complainant":"P-000001","categories":["repairs"],"summary":"s"}"#,
                            at: "2025-04-02T09:00:00Z"),
            ReportTest.line("complaint.learning-identified", "CMP-2025-000001",
                            #"{"learningId":"L1","youSaid":"private","weDid":"Call back within 2 days","owner":"repairs.manager","dueDate":"2025-03-20"}"#,
                            at: "2025-03-06T10:00:00Z"),
            ReportTest.line("case.entry-corrected", "CMP-2025-000002",
                            #"{"eventId":"\#(responseID)","reason":"mistyped","changes":{"decision":"partly-upheld"}}"#, at: "2025-03-21T09:00:00Z"),
            ReportTest.line("complaint.escalated", "CMP-2025-000002", at: "2025-03-24T09:00:00Z"),
            ReportTest.line("complaint.remedy-offered", "CMP-2025-000002", #"{"kind":"compensation","amountPence":5000}"#,
                            at: "2025-03-25T09:00:00Z"),
        ])
        return fixture
    }

    @Test("stage counts and Code timeliness, with complaints outside the period left out")
    func stages() throws {
        let fixture = try Self.history()
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(result, "stage1.received") == 2)                 // CMP-2, CMP-3 (not 1, not 4)
        #expect(ReportTest.value(result, "stage1.acknowledged") == 1)             // CMP-2's, late
        #expect(ReportTest.value(result, "stage1.acknowledgedWithinCodePercent") == 0)
        #expect(ReportTest.value(result, "stage1.responded") == 2)                // CMP-1, CMP-2
        #expect(ReportTest.value(result, "stage1.respondedWithinCode") == 2)
        #expect(ReportTest.value(result, "stage1.respondedWithinCodePercent") == 100)
        #expect(ReportTest.value(result, "stage1.overdueAtEnd") == 1)             // CMP-3
        #expect(ReportTest.value(result, "stage2.received") == 1)                 // CMP-2 escalated
        #expect(ReportTest.value(result, "stage2.respondedWithinCodePercent") == nil)
        #expect(ReportTest.value(result, "escalation.ratePercent") == 50)         // 1 escalation per 2 stage 1 responses
        #expect(try ReportTest.positions(result, "stage1.respondedWithinCode") == [4, 7])
        #expect(try ReportTest.positions(result, "stage1.received") == [5, 8])
    }

    @Test("a corrected decision counts as corrected, under each of the complaint's categories")
    func correctedDecision() throws {
        let fixture = try Self.history()
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(result, "decisions.not-upheld") == 0)
        #expect(ReportTest.value(result, "decisions.partly-upheld") == 1)
        #expect(ReportTest.value(result, "decisions.upheld") == 1)
        #expect(ReportTest.value(result, "upheldByCategory.repairs.responses") == 2)
        #expect(ReportTest.value(result, "upheldByCategory.repairs.upheldPercent") == 100)
        #expect(ReportTest.value(result, "upheldByCategory.damp-mould.partly-upheld") == 1)
        #expect(ReportTest.value(result, "upheldByCategory.communication.upheldPercent") == nil)
        #expect(try ReportTest.positions(result, "upheldByCategory.repairs") == [4, 7])
    }

    @Test("remedies, themes, learning and You said, we did")
    func remediesAndLearning() throws {
        let fixture = try Self.history()
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(result, "remedies.compensationPence") == 5000)
        #expect(ReportTest.value(result, "remedies.byKind.compensation") == 1)
        #expect(ReportTest.value(result, "receivedByCategory.repairs") == 1)      // CMP-2 only
        #expect(ReportTest.value(result, "themes.damp-mould.2025-03") == 1)
        #expect(ReportTest.value(result, "learning.identified") == 1)
        #expect(ReportTest.value(result, "learning.overdue") == 1)                // due 20 Mar, never actioned
        let list = try #require(result.lists.first { $0.name == "youSaidWeDid" })
        #expect(list.rows.map(\.key) == ["CMP-2025-000001:L1"])
        #expect(list.rows.first?.cells.contains(.text("Call back within 2 days")) == true)
        #expect(list.rows.first?.cells.contains(.text("private")) == false)       // youSaid is personal
        #expect(list.rows.first?.cells.last == .text("overdue"))
    }

    @Test("complaints per 1,000 homes: null with a note until the number of homes is set")
    func perThousandHomes() throws {
        let fixture = try Self.history()
        let unset = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(unset, "complaintsPer1000Homes") == nil)
        #expect(unset.figure("complaintsPer1000Homes")?.note?.contains("config set homes") == true)
        try OrganisationSettings.change(.homes, to: 400, in: fixture.store, actor: "test")
        let set = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(set, "complaintsPer1000Homes") == 5)             // 2 × 1000 / 400
    }

    @Test("an unknown figure names the valid ones")
    func unknownFigure() throws {
        let fixture = try Self.history()
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(throws: ReportError.self) { try result.events(explaining: "stage3.received") }
        do {
            _ = try result.events(explaining: "stage3.received")
        } catch {
            #expect("\(error)".contains("stage1.respondedWithinCode"))
        }
    }
}

@Suite("Complaints performance: the Code's extension limit")
struct ComplaintsCodeLimitTests {
    @Test("a response on time only thanks to an extension beyond the Code's limit is not within the Code")
    func beyondTheLimit() throws {
        let fixture = try ProjectionFixture()
        func received(_ reference: String) -> String {
            ReportTest.line("complaint.received", reference,
                            #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}"#, at: "2025-03-03T09:00:00Z")
        }
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            // A: acknowledged Tue 4 March, so the response is due Tue 18 March; 15 working days
            // agreed (5 beyond the limit) move it to Tue 8 April, but the Code's own date is
            // Tue 1 April (10 more). Answered Wed 2 April: on time as agreed, not within the Code.
            received("CMP-2025-000001"),
            ReportTest.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, at: "2025-03-04T09:00:00Z"),
            ReportTest.line("complaint.extension-agreed", "CMP-2025-000001", #"{"stage":1,"workingDays":15,"reason":"r"}"#,
                            at: "2025-03-10T09:00:00Z"),
            ReportTest.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld"}"#, at: "2025-04-02T09:00:00Z"),
            // B: the same with 5 days agreed (within the limit): due Tue 25 March, answered Mon 24.
            received("CMP-2025-000002"),
            ReportTest.line("complaint.acknowledged", "CMP-2025-000002", #"{"stage":1}"#, at: "2025-03-04T09:00:00Z"),
            ReportTest.line("complaint.extension-agreed", "CMP-2025-000002", #"{"stage":1,"workingDays":5,"reason":"r"}"#,
                            at: "2025-03-10T09:00:00Z"),
            ReportTest.line("complaint.responded", "CMP-2025-000002", #"{"stage":1,"decision":"upheld"}"#, at: "2025-03-24T09:00:00Z"),
            // C: 15 days agreed, but answered Tue 1 April, the Code's own date: within the Code.
            received("CMP-2025-000003"),
            ReportTest.line("complaint.acknowledged", "CMP-2025-000003", #"{"stage":1}"#, at: "2025-03-04T09:00:00Z"),
            ReportTest.line("complaint.extension-agreed", "CMP-2025-000003", #"{"stage":1,"workingDays":15,"reason":"r"}"#,
                            at: "2025-03-10T09:00:00Z"),
            ReportTest.line("complaint.responded", "CMP-2025-000003", #"{"stage":1,"decision":"upheld"}"#, at: "2025-04-01T09:00:00Z"),
        ])
        let period = try ReportPeriod(from: "2025-03-01", to: "2025-04-30")
        let result = try ComplaintsPerformanceReport.run(period: period, in: fixture.store)
        #expect(ReportTest.value(result, "stage1.responded") == 3)
        #expect(ReportTest.value(result, "stage1.respondedWithinCode") == 2)
        let within = try ReportTest.positions(result, "stage1.respondedWithinCode")
        let responses = try fixture.store.read { reader in
            var positions: [String: UInt64] = [:]
            try reader.scan { if $0.type == "complaint.responded" { positions[$0.stream] = $0.position } }
            return positions
        }
        #expect(Set(within) == [responses["CMP-2025-000002"]!, responses["CMP-2025-000003"]!])
    }
}
