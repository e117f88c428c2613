import Casework
import EventLog
@testable import Projections
import SampleHistory
import Testing

/// A report's kinds with one name misspelt, as a slip of the keyboard would leave them.
private enum MisspeltKind: String, ReportEventKind {
    case received = "complaint.received"
    case responded = "complaint.responsded"
}

/// The event types the reports match are the catalogue's, and the deadlines they judge are the
/// case summary's.
@Suite("Reports: the event types they match and the cases they follow")
struct ReportCasesTests {
    /// The report's kinds that are not catalogue types, and whether they name the correction
    /// and the opening event of every case type the report follows. A switch over every
    /// report, so that a new one cannot be left out.
    static func check(_ report: ReportKind) -> (uncatalogued: [String], readsCorrections: Bool, opens: Bool) {
        func check<Kind: ReportEventKind>(_: Kind.Type, _ caseTypes: [CaseType]) -> ([String], Bool, Bool) {
            // Voids put right what an earlier event said, as corrections do: every report reads both.
            let corrections = EventCatalogue.types.filter(\.correctsAnEvent).map(\.name) + [CaseVoids.type]
            return (Kind.uncatalogued, !corrections.isEmpty && corrections.allSatisfy { Kind(rawValue: $0) != nil },
                    caseTypes.allSatisfy { Kind(rawValue: $0.openingType) != nil })
        }
        /// Both checks passed: a report that follows complaints and feedback with two kinds.
        func both(_ one: ([String], Bool, Bool), _ other: ([String], Bool, Bool)) -> ([String], Bool, Bool) {
            (one.0 + other.0, one.1 && other.1, one.2 && other.2)
        }
        return switch report {
        case .complaintsPerformance, .youSaidWeDid:
            both(check(ComplaintsPerformanceReport.Kind.self, [.complaint]), check(ReportFeedback.Kind.self, [.feedback]))
        case .safeguardingLearning: check(SafeguardingLearningReport.Kind.self, [.safeguarding, .review])
        case .tenancySustainment: check(TenancySustainmentReport.Kind.self, [.tenancy])
        // Counts nothing itself: its figures are the other reports'.
        case .progress: ([], true, true)
        }
    }

    @Test("every event type a report matches is a type of the catalogue")
    func everyTypeIsCatalogued() {
        for report in ReportKind.allCases {
            #expect(Self.check(report).uncatalogued == [], "\(report.rawValue)")
        }
    }

    @Test("a misspelt event type is named by the check, so that it cannot silently count nothing")
    func misspeltTypeIsNamed() {
        #expect(MisspeltKind.uncatalogued == ["complaint.responsded"])
    }

    @Test("every report reads corrections and the opening event of the cases it follows")
    func everyReportReadsCorrectionsAndOpenings() {
        for report in ReportKind.allCases {
            let check = Self.check(report)
            #expect(check.readsCorrections && check.opens, "\(report.rawValue)")
        }
    }

    @Test("every report runs over an empty store")
    func everyReportRunsOverAnEmptyStore() throws {
        let fixture = try ProjectionFixture()
        for report in ReportKind.allCases {
            let result = try report.run(period: ReportTest.march(), in: fixture.store)
            #expect(result.name == report.rawValue)
        }
    }

    static let complaint = "CMP-2025-000001"

    /// CMP-1, received Mon 3 Mar 2025, assigned, noted, withdrawn and reopened, and never
    /// answered: its response was due Mon 24 Mar (10 working days after the acknowledgement's
    /// due date, Mon 10 Mar). CMP-2, received the same day, withdrawn and left so.
    static func withdrawnAndReopened() throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        let received = #"{"complainant":"P-000001","categories":["repairs"],"summary":"s"}"#
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-01-06T09:00:00Z"),
            ReportTest.line("complaint.received", complaint, received, at: "2025-03-03T09:00:00Z"),
            ReportTest.line("case.assigned", complaint, #"{"worker":"c.officer"}"#, at: "2025-03-03T10:00:00Z"),
            ReportTest.line("case.note-added", complaint, #"{"text":"called"}"#, at: "2025-03-03T11:00:00Z"),
            ReportTest.line("complaint.withdrawn", complaint, at: "2025-03-04T09:00:00Z"),
            ReportTest.line("case.reopened", complaint, #"{"reason":"changed their mind"}"#, at: "2025-03-05T09:00:00Z"),
            ReportTest.line("complaint.received", "CMP-2025-000002", received, at: "2025-03-03T12:00:00Z"),
            ReportTest.line("complaint.withdrawn", "CMP-2025-000002", at: "2025-03-04T12:00:00Z"),
        ])
        return fixture
    }

    @Test("a complaint withdrawn and reopened has its overdue response counted again")
    func reopenedComplaintIsOverdueAgain() throws {
        let fixture = try Self.withdrawnAndReopened()
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: fixture.store)
        #expect(ReportTest.value(result, "stage1.overdueAtEnd") == 1)
        #expect(try ReportTest.positions(result, "stage1.overdueAtEnd") == [2])   // CMP-1's complaint.received
        #expect(ReportTest.value(result, "withdrawn") == 2)
    }

    @Test("every deadline a report judges is the case summary's, over a generated history")
    func judgedDeadlinesAreTheCaseSummarys() throws {
        let fixture = try ProjectionFixture()
        var configuration = SampleHistory.Configuration()
        configuration.events = 20_000
        configuration.seed = 11
        try fixture.record(SampleHistory(configuration).map(\.jsonLine))
        // A period past the history's end, so that the report folds every record of its kinds.
        let always = try ReportPeriod(from: "2000-01-01", to: "2099-12-31")
        func compare<Entry: ReportEntry>(_ caseType: CaseType, _: Entry.Type, judging: (DeadlineStep) -> Bool = { _ in true },
                                         in reader: borrowing LogReader) throws -> Int {
            var cases = ReportCases<Entry>(caseType, period: always)
            let followed = try cases.run(over: reader)
            for followedCase in followed {
                let summary = try #require(try CaseSummaryView.view.fold(of: followedCase.reference, in: reader))
                #expect(followedCase.file.deadlines().filter { judging($0.step) } == summary.deadlines().filter { judging($0.step) },
                        "\(followedCase.reference)")
            }
            return followed.count
        }
        let compared = try fixture.store.read { reader in
            [try compare(.complaint, ComplaintsPerformanceReport.Entry.self, in: reader),
             // The safeguarding report judges a concern's triage, not its actions.
             try compare(.safeguarding, SafeguardingLearningReport.Entry.self, judging: { if case .action = $0 { false } else { true } },
                         in: reader),
             try compare(.review, SafeguardingLearningReport.Entry.self, in: reader),
             try compare(.tenancy, TenancySustainmentReport.Entry.self, in: reader)]
        }
        #expect(compared.allSatisfy { $0 > 0 }, "\(compared)")
    }
}
