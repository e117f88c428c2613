import Casework
import EventLog
@testable import Projections
import Testing

/// March 2025: one referral in the period, one close (corrected), two sustainment checks of
/// tenancies closed in 2024.
@Suite("Tenancy sustainment report")
struct TenancySustainmentReportTests {
    static let closeID = "00000000-0000-4000-8000-000000000022"

    static func history() throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        func referral(_ reference: String, source: String, reasons: String, at: String) -> String {
            ReportTest.line("tenancy.referral-received", reference,
                            #"{"household":"P-000001","tenancyRef":"T-1","source":"\#(source)","reasons":\#(reasons)}"#, at: at)
        }
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"household","name":"A"}"#, at: "2024-01-02T09:00:00Z"),
            // Closed in 2024; checked 6 months after (in the period): still in tenancy.
            referral("TS-2024-000001", source: "self", reasons: #"["isolation"]"#, at: "2024-06-03T09:00:00Z"),
            ReportTest.line("tenancy.case-closed", "TS-2024-000001", #"{"outcome":"tenancy-sustained"}"#, at: "2024-09-02T09:00:00Z"),
            ReportTest.line("tenancy.sustainment-checked", "TS-2024-000001", #"{"monthsAfterClose":6,"stillInTenancy":true}"#,
                            at: "2025-03-03T09:00:00Z"),
            // Closed in March 2024; the 12-month check (in the period) finds the tenancy ended.
            referral("TS-2024-000002", source: "self", reasons: #"["hoarding"]"#, at: "2024-03-04T09:00:00Z"),
            ReportTest.line("tenancy.case-closed", "TS-2024-000002", #"{"outcome":"tenancy-sustained"}"#, at: "2024-03-28T09:00:00Z"),
            ReportTest.line("tenancy.sustainment-checked", "TS-2024-000002", #"{"monthsAfterClose":6,"stillInTenancy":true}"#,
                            at: "2024-09-30T09:00:00Z"),
            ReportTest.line("tenancy.sustainment-checked", "TS-2024-000002", #"{"monthsAfterClose":12,"stillInTenancy":false}"#,
                            at: "2025-03-28T09:00:00Z"),
            // Referred in January, visited in January (both outside), closed in March: outcome corrected.
            referral("TS-2025-000002", source: "self", reasons: #"["hoarding"]"#, at: "2025-01-06T09:00:00Z"),
            ReportTest.line("tenancy.visit-completed", "TS-2025-000002", #"{"visitId":"V1"}"#, at: "2025-01-08T09:00:00Z"),
            ReportTest.line("tenancy.case-closed", "TS-2025-000002", #"{"outcome":"tenancy-ended"}"#, at: "2025-03-14T09:00:00Z",
                            id: closeID),
            ReportTest.line("case.entry-corrected", "TS-2025-000002",
                            #"{"eventId":"\#(closeID)","reason":"wrong outcome","changes":{"outcome":"tenancy-sustained"}}"#,
                            at: "2025-03-17T09:00:00Z"),
            // Referred Mon 3 Mar, first visit Thu 6 Mar (3 days); V2 never done (overdue), V3 missed.
            referral("TS-2025-000001", source: "income-team", reasons: #"["rent-arrears","isolation"]"#, at: "2025-03-03T09:00:00Z"),
            ReportTest.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-03-07"}"#, at: "2025-03-03T10:00:00Z"),
            ReportTest.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"V1"}"#, at: "2025-03-06T10:00:00Z"),
            ReportTest.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"food-parcel","valuePence":2500}"#, at: "2025-03-06T11:00:00Z"),
            ReportTest.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"budgeting"}"#, at: "2025-03-10T11:00:00Z"),
            ReportTest.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V2","dueDate":"2025-03-20"}"#, at: "2025-03-10T12:00:00Z"),
            ReportTest.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V3","dueDate":"2025-03-12"}"#, at: "2025-03-10T12:30:00Z"),
            ReportTest.line("tenancy.visit-missed", "TS-2025-000001", #"{"visitId":"V3","reason":"no-access"}"#, at: "2025-03-12T12:00:00Z"),
        ])
        return fixture
    }

    @Test("referrals, a corrected outcome at close, and sustainment at 6 and 12 months")
    func outcomes() throws {
        let result = try TenancySustainmentReport.run(period: ReportTest.march(), in: Self.history().store)
        #expect(ReportTest.value(result, "referrals.received") == 1)
        #expect(ReportTest.value(result, "referrals.byReason.isolation") == 1)     // the 2024 one is outside
        #expect(ReportTest.value(result, "referrals.bySource.income-team") == 1)
        #expect(ReportTest.value(result, "closed.total") == 1)
        #expect(ReportTest.value(result, "closed.byOutcome.tenancy-sustained") == 1)
        #expect(ReportTest.value(result, "closed.byOutcome.tenancy-ended") == 0)
        #expect(ReportTest.value(result, "sustained.at6Months.checked") == 1)      // the September check is outside
        #expect(ReportTest.value(result, "sustained.at6Months.percent") == 100)
        #expect(ReportTest.value(result, "sustained.at12Months.checked") == 1)
        #expect(ReportTest.value(result, "sustained.at12Months.percent") == 0)
    }

    @Test("visits completed, missed and overdue; support and its value; days to the first visit")
    func visitsAndSupport() throws {
        let result = try TenancySustainmentReport.run(period: ReportTest.march(), in: Self.history().store)
        #expect(ReportTest.value(result, "visits.completed") == 1)
        #expect(ReportTest.value(result, "visits.missed") == 1)
        #expect(ReportTest.value(result, "visits.overdue") == 1)
        #expect(try result.events(explaining: "visits.overdue").map(\.type) == ["tenancy.visit-scheduled"])
        #expect(ReportTest.value(result, "support.byKind.food-parcel") == 1)
        #expect(ReportTest.value(result, "support.byKind.budgeting") == 1)
        #expect(ReportTest.value(result, "support.valuePence") == 2500)
        #expect(ReportTest.value(result, "firstVisit.medianDays") == 3)
    }
}

@Suite("Reports: amounts too large to add")
struct ReportAmountOverflowTests {
    @Test("two support values near Int64.max are held at the largest amount instead of stopping the report")
    func saturates() throws {
        let fixture = try ProjectionFixture()
        let huge = Int64.max - 1
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"household","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            ReportTest.line("tenancy.referral-received", "TS-2025-000001",
                            #"{"household":"P-000001","tenancyRef":"T-1","source":"self","reasons":["isolation"]}"#, at: "2025-03-03T09:00:00Z"),
            ReportTest.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"food-parcel","valuePence":\#(huge)}"#, at: "2025-03-04T09:00:00Z"),
            ReportTest.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"food-parcel","valuePence":\#(huge)}"#, at: "2025-03-05T09:00:00Z"),
        ])
        let result = try TenancySustainmentReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(result.figure("support.valuePence")?.value == .pence(Int64.max))
    }
}
