import Casework
import EventLog
import Foundation
@testable import Projections
import Testing

/// Feedback as dialogue (DOMAIN.md §10) in the complaints report, and the "You said, we did"
/// report that can be published, on one hand-worked history of March 2025.
@Suite("Feedback in the reports, and You said, we did")
struct FeedbackReportTests {
    static let responseID = "00000000-0000-4000-8000-0000000000f2"

    /// The † values of the history, each distinctive, none of which may be published.
    static let personal = ["Kerry says the plumber never came", "Plumber visit log signed", "Mould came back in the nursery",
                           "Text tenants the day before a visit", "Thank you, we now text before every visit",
                           "Please publish bin days online", "The caretaker Mo was wonderful", "Maybe fit extractor fans"]

    /// Positions: 1 subject; 2–7 complaint learning (CMP-1 L1 identified 4 and actioned 6, CMP-2
    /// L2 identified 5, an April one at 7); 8–18 feedback; 19–21 CMP-3, identified in February,
    /// actioned in March.
    static func history() throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        func line(_ type: String, _ reference: String, _ data: String = "{}", at day: String, id: String? = nil) -> String {
            ReportTest.line(type, reference, data, at: day + "T10:00:00Z", id: id)
        }
        func feedback(_ reference: String, _ kind: String, about: String, text: String, from: Bool, at day: String) -> String {
            line("feedback.received", reference,
                 #"{"kind":"\#(kind)","about":[\#(about)],"channel":"web","text":"\#(text)"\#(from ? #","from":"P-000001""# : "")}"#,
                 at: day)
        }
        try fixture.record([
            ReportTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-01-06T09:00:00Z"),
            line("complaint.received", "CMP-2025-000001", #"{"complainant":"P-000001","categories":["repairs"],"summary":"s"}"#,
                 at: "2025-02-20"),
            line("complaint.received", "CMP-2025-000002",
                 #"{"complainant":"P-000001","categories":["damp-mould","repairs"],"summary":"Mould came back in the nursery"}"#,
                 at: "2025-03-03"),
            line("complaint.learning-identified", "CMP-2025-000001",
                 #"{"learningId":"L1","youSaid":"Kerry says the plumber never came","weDid":"Call back within 2 days","serviceArea":"repairs","owner":"repairs.manager","dueDate":"2025-03-20"}"#,
                 at: "2025-03-06"),
            line("complaint.learning-identified", "CMP-2025-000002",
                 #"{"learningId":"L2","weDid":"Mould survey within 10 days","serviceArea":"damp and mould","owner":"assets.manager","dueDate":"2025-05-30"}"#,
                 at: "2025-03-10"),
            line("complaint.learning-actioned", "CMP-2025-000001", #"{"learningId":"L1","evidence":"Plumber visit log signed"}"#,
                 at: "2025-03-18"),
            line("complaint.learning-identified", "CMP-2025-000002",
                 #"{"learningId":"L3","weDid":"Not in March","owner":"assets.manager","dueDate":"2025-06-30"}"#, at: "2025-04-03"),
            // 8–10: a suggestion, acknowledged, adopted.
            feedback("FB-2025-000001", "suggestion", about: #""repairs""#, text: "Text tenants the day before a visit", from: true,
                     at: "2025-03-04"),
            line("feedback.acknowledged", "FB-2025-000001", at: "2025-03-05"),
            line("feedback.responded", "FB-2025-000001", #"{"text":"Thank you, we now text before every visit","adopted":true}"#,
                 at: "2025-03-11"),
            // 11–12: a suggestion not adopted at first, corrected to adopted at 18.
            feedback("FB-2025-000002", "suggestion", about: #""communication""#, text: "Please publish bin days online", from: true,
                     at: "2025-03-05"),
            line("feedback.responded", "FB-2025-000002", #"{"adopted":false}"#, at: "2025-03-12", id: responseID),
            // 13: an anonymous compliment about two categories; 14: one before the period.
            feedback("FB-2025-000003", "compliment", about: #""repairs","neighbourhood""#, text: "The caretaker Mo was wonderful",
                     from: false, at: "2025-03-06"),
            feedback("FB-2025-000004", "compliment", about: #""repairs""#, text: "t", from: true, at: "2025-02-25"),
            // 15–16: a suggestion received in February, adopted in March.
            feedback("FB-2025-000005", "suggestion", about: #""damp-mould""#, text: "Maybe fit extractor fans", from: true,
                     at: "2025-02-20"),
            line("feedback.responded", "FB-2025-000005", #"{"adopted":true}"#, at: "2025-03-20"),
            // 17: after the period.
            feedback("FB-2025-000006", "suggestion", about: #""repairs""#, text: "t", from: true, at: "2025-04-02"),
            line("case.entry-corrected", "FB-2025-000002",
                 #"{"eventId":"\#(responseID)","reason":"mistyped","changes":{"adopted":true}}"#, at: "2025-03-13"),
            // 19–21: learning identified in February, actioned in March.
            line("complaint.received", "CMP-2025-000003", #"{"complainant":"P-000001","categories":["staff-conduct"],"summary":"s"}"#,
                 at: "2025-01-15"),
            line("complaint.learning-identified", "CMP-2025-000003",
                 #"{"learningId":"L1","weDid":"Name badges for all staff","serviceArea":"customer service","owner":"hr.lead","dueDate":"2025-03-31"}"#,
                 at: "2025-02-14"),
            line("complaint.learning-actioned", "CMP-2025-000003", #"{"learningId":"L1"}"#, at: "2025-03-03"),
        ])
        return fixture
    }

    // MARK: Complaints performance

    @Test("the complaints report counts compliments and suggestions received by category, and suggestions adopted")
    func complaintsReportFeedback() throws {
        let result = try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: Self.history().store)
        #expect(ReportTest.value(result, "compliments.received") == 1)            // FB-3 (not FB-4, February)
        #expect(ReportTest.value(result, "compliments.byCategory.repairs") == 1)
        #expect(ReportTest.value(result, "compliments.byCategory.neighbourhood") == 1)
        #expect(ReportTest.value(result, "compliments.byCategory.damp-mould") == 0)
        #expect(ReportTest.value(result, "suggestions.received") == 2)            // FB-1, FB-2 (not FB-5, not FB-6)
        #expect(ReportTest.value(result, "suggestions.byCategory.repairs") == 1)
        #expect(ReportTest.value(result, "suggestions.byCategory.communication") == 1)
        #expect(ReportTest.value(result, "suggestions.adopted") == 3)             // FB-1, FB-2 as corrected, FB-5
        #expect(ReportTest.value(result, "suggestions.adoptedByCategory.damp-mould") == 1)
        #expect(try ReportTest.positions(result, "compliments.received") == [13])
        #expect(try ReportTest.positions(result, "suggestions.received") == [8, 11])
        #expect(try ReportTest.positions(result, "suggestions.adopted") == [10, 12, 16])
        // Complaint figures are untouched by feedback.
        #expect(ReportTest.value(result, "stage1.received") == 1)
        // Adopted suggestions stand in its "You said, we did" list beside the learning.
        let list = try #require(result.lists.first { $0.name == "youSaidWeDid" })
        let adopted = list.rows.filter { $0.cells.last == .text("suggestion adopted") }
        #expect(adopted.map(\.key) == ["FB-2025-000001", "FB-2025-000002", "FB-2025-000005"])
    }

    @Test("a suggestion is counted adopted in the period of its response; a correction counts whenever it was recorded")
    func notAdoptedUntilCorrected() throws {
        let period = try ReportPeriod(from: "2025-03-01", to: "2025-03-12")
        let result = try ComplaintsPerformanceReport.run(period: period, in: Self.history().store)
        // Corrections count whenever recorded: FB-2 stands adopted even in a period ending before the correction.
        #expect(ReportTest.value(result, "suggestions.adopted") == 2)             // FB-1, FB-2 (FB-5 answered on the 20th)
    }

    // MARK: You said, we did

    static func published() throws -> ReportResult {
        try YouSaidWeDidReport.run(period: ReportTest.march(), in: Self.history().store)
    }

    @Test("learning by theme and month, what changed and whether it was actioned, and adopted suggestions")
    func youSaidWeDid() throws {
        let result = try Self.published()
        #expect(result.name == "you-said-we-did")
        #expect(ReportTest.value(result, "learning.identified") == 2)             // CMP-1 L1, CMP-2 L2 (not L3, April)
        #expect(ReportTest.value(result, "learning.actioned") == 2)               // CMP-1 L1, CMP-3 L1
        #expect(ReportTest.value(result, "suggestions.adopted") == 3)
        #expect(ReportTest.value(result, "learningByTheme.repairs") == 2)
        #expect(ReportTest.value(result, "learningByTheme.damp-mould") == 1)
        #expect(ReportTest.value(result, "learningByTheme.staff-conduct") == 1)
        #expect(ReportTest.value(result, "suggestionsAdoptedByTheme.communication") == 1)
        #expect(try ReportTest.positions(result, "learning.actioned") == [6, 21])

        let learning = try #require(result.lists.first { $0.name == "youSaidWeDid" })
        #expect(learning.columns == ["theme", "month", "serviceArea", "weDid", "actioned", "actionedIn"])
        #expect(learning.rows.map(\.cells) == [
            [.texts(["damp-mould", "repairs"]), .text("2025-03"), .text("damp and mould"), .text("Mould survey within 10 days"),
             .bool(false), .null],
            [.texts(["repairs"]), .text("2025-03"), .text("repairs"), .text("Call back within 2 days"), .bool(true), .text("2025-03")],
            [.texts(["staff-conduct"]), .text("2025-02"), .text("customer service"), .text("Name badges for all staff"),
             .bool(true), .text("2025-03")],
        ])
        let suggestions = try #require(result.lists.first { $0.name == "suggestionsAdopted" })
        #expect(suggestions.columns == ["theme", "month", "suggestions"])
        #expect(suggestions.rows.map(\.cells) == [
            [.texts(["communication"]), .text("2025-03"), .integer(1)],
            [.texts(["damp-mould"]), .text("2025-03"), .integer(1)],
            [.texts(["repairs"]), .text("2025-03"), .integer(1)],
        ])
    }

    @Test("no † value, case or subject reference, or a day more precise than a month, appears in any output form",
          arguments: ReportFormat.allCases)
    func nothingTraceable(format: ReportFormat) throws {
        let text = format.render(try Self.published())
        #expect(text.contains("Call back within 2 days"))
        for value in Self.personal { #expect(!text.contains(value), "\(format) shows \"\(value)\"") }
        for reference in ["CMP-", "FB-", "P-0", "L1", "L2"] { #expect(!text.contains(reference), "\(format) shows \(reference)") }
        for owner in ["repairs.manager", "assets.manager", "hr.lead"] { #expect(!text.contains(owner), "\(format) shows \(owner)") }
        // Days of the events and due dates: months only.
        for day in ["2025-03-04", "2025-03-06", "2025-03-10", "2025-03-11", "2025-03-18", "2025-03-20", "2025-02-14", "2025-05-30"] {
            #expect(!text.contains(day), "\(format) shows the day \(day)")
        }
    }

    @Test("the published HTML reads in words: themes and months named, what we did, and nothing to run")
    func publishedHTML() throws {
        let html = ReportFormat.html.render(try Self.published())
        #expect(html.contains("You said, we did"))
        #expect(html.contains("Damp and mould"))
        #expect(html.contains("March 2025"))
        #expect(html.contains("February 2025"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("learningByTheme"))
    }

    @Test("the page lists each theme's changes by month, the same change learnt in one month once with how many complaints")
    func pageLines() throws {
        func row(_ theme: [String], _ month: String, _ weDid: String) -> ReportList.Row {
            ReportList.Row(key: "", cells: [.texts(theme), .text(month), .null, .text(weDid), .bool(false), .null], events: [])
        }
        let result = ReportResult(name: YouSaidWeDidReport.name, title: YouSaidWeDidReport.title, period: try ReportTest.march(),
                                  figures: [], lists: [ReportList(name: "youSaidWeDid", columns: [], rows: [
                                      row(["damp-mould", "repairs"], "2025-03", "Survey"), row(["repairs"], "2025-02", "Call back"),
                                      row(["repairs"], "2025-03", "Survey"),
                                  ])])
        let page = YouSaidWeDidPage.content(result)
        #expect(page.sections.map(\.theme) == ["Repairs", "Damp and mould"])
        #expect(page.sections[0].rows.map(\.changeText) == ["Call back", "Survey (from 2 complaints)"])
        #expect(page.sections[1].rows.map(\.changeText) == ["Survey"])
    }

    @Test("markdown and JSON carry the lists by their names")
    func publishedMarkdownAndJSON() throws {
        let result = try Self.published()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(result).utf8)) as? [String: Any])
        #expect((object["learning"] as? [String: Any])?["actioned"] as? Int == 2)
        let rows = try #require(object["youSaidWeDid"] as? [[String: Any]])
        #expect(rows.first?["theme"] as? [String] == ["damp-mould", "repairs"])
        #expect(rows.first?["actioned"] as? Bool == false)
        #expect(ReportFormat.markdown.render(result).contains("Mould survey within 10 days"))
    }
}
