import Casework
import Foundation
@testable import Projections
import Testing

/// The output formats, on the complaints history of `ComplaintsPerformanceReportTests`.
@Suite("Report formats")
struct ReportFormatTests {
    static func result() throws -> ReportResult {
        try ComplaintsPerformanceReport.run(period: ReportTest.march(), in: ComplaintsPerformanceReportTests.history().store)
    }

    @Test("JSON has the issue's keys, nested by the figures' names, and null with a note for homes")
    func json() throws {
        let text = ReportFormat.json.render(try Self.result())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let stage1 = try #require(object["stage1"] as? [String: Any])
        for key in ["received", "respondedWithinCode", "respondedWithinCodePercent"] { #expect(stage1[key] != nil, "stage1.\(key)") }
        #expect(stage1["respondedWithinCodePercent"] as? Double == 100)
        #expect((object["stage2"] as? [String: Any])?["received"] as? Int == 1)
        #expect(object["complaintsPer1000Homes"] is NSNull)
        #expect((object["notes"] as? [String: Any])?["complaintsPer1000Homes"] != nil)
        #expect((object["upheldByCategory"] as? [String: Any])?["repairs"] is [String: Any])
        let learning = try #require(object["youSaidWeDid"] as? [[String: Any]])
        #expect(learning.first?["weDid"] as? String == "Call back within 2 days")
        #expect(!text.contains("private"))
    }

    @Test("safeguarding and tenancy JSON have the issue's keys")
    func otherReportsJSON() throws {
        let safeguarding = try SafeguardingLearningReport.run(period: ReportTest.march(),
                                                              in: SafeguardingLearningReportTests.history().store)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(safeguarding).utf8)) as? [String: Any])
        #expect((object["concerns"] as? [String: Any])?["byCategory"] is [String: Any])
        #expect((object["triage"] as? [String: Any])?["medianHours"] as? Double == 24)
        #expect((object["triage"] as? [String: Any])?["withinTargetPercent"] != nil)
        #expect(object["findingsByFactor"] is [String: Any])
        let repeats = try #require(object["repeatFailures"] as? [[String: Any]])
        #expect(repeats.first?["factor"] as? String == "information-sharing")
        #expect(repeats.first?["reviews"] as? [String] == ["PR-2025-0002"])
        #expect(repeats.first?["afterImplemented"] as? Bool == true)

        let tenancy = try TenancySustainmentReport.run(period: ReportTest.march(), in: TenancySustainmentReportTests.history().store)
        let tenancyObject = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(tenancy).utf8)) as? [String: Any])
        #expect((tenancyObject["closed"] as? [String: Any])?["byOutcome"] is [String: Any])
        let sustained = try #require(tenancyObject["sustained"] as? [String: Any])
        #expect(sustained["at6Months"] != nil && sustained["at12Months"] != nil)
        let visits = try #require(tenancyObject["visits"] as? [String: Any])
        #expect(visits["completed"] as? Int == 1 && visits["missed"] as? Int == 1 && visits["overdue"] as? Int == 1)
        #expect((tenancyObject["support"] as? [String: Any])?["byKind"] is [String: Any])
    }

    @Test("CSV is one figure,value row per figure, then the list cells")
    func csv() throws {
        let lines = ReportFormat.csv.render(try Self.result()).split(separator: "\r\n").map(String.init)
        #expect(lines.first == "figure,value")
        #expect(lines.contains("stage1.received,2"))
        #expect(lines.contains("stage1.respondedWithinCodePercent,100"))
        #expect(lines.contains("complaintsPer1000Homes,"))
        #expect(lines.contains("youSaidWeDid.CMP-2025-000001:L1.weDid,Call back within 2 days"))
    }

    @Test("HTML is self-contained: inline SVG charts, no scripts, no links")
    func html() throws {
        let html = ReportFormat.html.render(try Self.result())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("@page { size: A4"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http"))
    }

    @Test("HTML charts people read: captions and bars in words, every month of the period, one scale for the months of each theme, headings that repeat and references that do not break")
    func chartsPeopleRead() throws {
        let result = try Self.result()
        let html = ReportFormat.html.render(result)
        #expect(html.contains("<figcaption>Complaints by category <code class=\"id\">receivedByCategory</code></figcaption>"))
        #expect(html.contains("<figcaption>Remedies offered, by kind"))
        #expect(html.contains(">damp and mould</text>"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("<td class=\"ref\">CMP-2025-000001</td>"))
        #expect(html.contains("<td>Stage 1: responded within Code %<br><code class=\"id\">stage1.respondedWithinCodePercent</code></td>"))
        // The quarter January–March: every theme has all three months, the empty ones as 0.
        let quarter = try ComplaintsPerformanceReport.run(period: ReportPeriod(from: "2025-01-01", to: "2025-03-31"),
                                                          in: ComplaintsPerformanceReportTests.history().store)
        let repairs = quarter.figures.filter { $0.name.hasPrefix("themes.repairs.") }
        #expect(repairs.map(\.name) == ["themes.repairs.2025-01", "themes.repairs.2025-02", "themes.repairs.2025-03"])
        #expect(repairs.first?.value == .count(0))
        // Two theme charts drawn on one scale: equal counts give equal bars.
        let figures = [ReportFigure("themes.a.2025-01", .count(4)), ReportFigure("themes.a.2025-02", .count(2)),
                       ReportFigure("themes.b.2025-01", .count(2)), ReportFigure("themes.b.2025-02", .count(1)),
                       ReportFigure("other.x", .count(1)), ReportFigure("other.y", .count(2))]
        let scales = ReportHTML.sharedScales(ReportHTML.chartGroups(figures))
        #expect(scales == ["themes.a": 4, "themes.b": 4, "other": 2])
        #expect(ReportWords.caption("themes.damp-mould") == "Damp and mould complaints by month")
        #expect(ReportWords.value("2026-05") == "May 2026")
        #expect(ReportWords.figure("triage.percentile90Hours") == "Triage: 90th percentile hours")
        #expect(ReportFigure.Value.pence(32_990).text == "£329.90")
        #expect(ReportFigure.Value.pence(3_416_000).text == "£34,160.00")
        #expect(ReportFigure.Value.pence(123_456_789).text == "£1,234,567.89")
        #expect(ReportFigure.Value.pence(5).text == "£0.05")
    }

    @Test("Markdown has tables; explain is one line per event in table form and a JSON array otherwise")
    func markdownAndExplain() throws {
        let result = try Self.result()
        #expect(ReportFormat.markdown.render(result).contains("| `stage1.received` | 2 |  |"))
        let events = try result.events(explaining: "stage1.respondedWithinCode")
        #expect(ReportFormat.table.renderExplanation(events)
                == "4  CMP-2025-000001  complaint.responded  2025-03-05T10:00:00Z\n7  CMP-2025-000002  complaint.responded  2025-03-20T09:00:00Z\n")
        let array = try JSONSerialization.jsonObject(with: Data(ReportFormat.json.renderExplanation(events).utf8)) as? [[String: Any]]
        #expect(array?.map { $0["position"] as? Int } == [4, 7])
    }

    @Test("a period with --from after --to, or a date that does not exist, is refused")
    func period() {
        #expect(throws: ReportError.periodReversed(from: CalendarDate("2025-03-02")!, to: CalendarDate("2025-03-01")!)) {
            try ReportPeriod(from: "2025-03-02", to: "2025-03-01")
        }
        #expect(throws: ReportError.invalidDate(option: "--to", text: "2025-02-30")) {
            try ReportPeriod(from: "2025-02-01", to: "2025-02-30")
        }
    }
}
