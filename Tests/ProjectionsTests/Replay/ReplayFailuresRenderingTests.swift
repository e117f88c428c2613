import Casework
import EventLog
import Projections
import Testing

/// "What went wrong" and the deadlines on the timeline, in every form of the replay.
@Suite("Replay rendering: what went wrong")
struct ReplayFailuresRenderingTests {
    @Test("the text starts with what went wrong, then lists each deadline among the entries at the end of its due day")
    func text() throws {
        let text = ReplayText.render(try #require(try ReplayFailureScenario().replay()))
        let summary = try #require(text.range(of: "What went wrong (deadlines judged on 2025-03-03)"))
        let firstEntry = try #require(text.range(of: "safeguarding.concern-raised"))
        #expect(summary.lowerBound < firstEntry.lowerBound)
        #expect(text.contains("SG-2025-000001  triage: due 2025-01-07, done 2025-01-09: 2 days late"))
        #expect(text.contains("SG-2025-000001  action A1 (j.smith): due 2025-01-10, not done: overdue 52 days"))
        #expect(text.contains("CMP-2025-000001  respond, stage 1: due 2025-01-31, not done: overdue 31 days"))
        #expect(text.contains("SG-2025-000001 case.note-added: happened 2025-01-13 09:00, recorded 2025-01-16 09:30 (3 days later)"))
        #expect(text.contains("information-sharing: PR-2025-0001 F1"))
        #expect(text.contains("PR-2025-0001 R1 (s.lead, for F1): due 2025-02-28, overdue"))
        #expect(text.contains("information-sharing: in PR-2024-0001, PR-2025-0001; found again after PR-2024-0001:R1 was implemented"))
        #expect(text.contains("2025-01-07 end of day  !! deadline SG-2025-000001 triage late 2 days (done 2025-01-09)"))
        #expect(text.contains("2025-02-20 end of day  -- deadline PR-2025-0001 recommendation R3 due: met"))
    }

    @Test("the Markdown has the same first section")
    func markdown() throws {
        let markdown = ReplayMarkdown.render(try #require(try ReplayFailureScenario().replay()))
        #expect(markdown.contains("## What went wrong"))
        #expect(markdown.contains("### Deadlines breached"))
        #expect(markdown.contains("action A1 (j.smith): due 2025-01-10, not done: overdue 52 days"))
        #expect(markdown.contains("### Repeat failures"))
    }

    @Test("the HTML pack opens with what went wrong, and its timeline labels deadlines, breaches and entries and compresses long gaps")
    func html() throws {
        let html = ReplayHTML.render(try #require(try ReplayFailureScenario().replay()))
        let summary = try #require(html.range(of: "<section class=\"failures\">"))
        let timeline = try #require(html.range(of: "<section class=\"timeline\">"))
        #expect(summary.lowerBound < timeline.lowerBound)
        #expect(html.contains("<h2>What went wrong</h2>"))
        let svg = String(html[timeline.lowerBound...])
        #expect(svg.contains(">triage late 2 days</text>"))
        #expect(svg.contains(">action A1 overdue 52 days</text>"))
        #expect(svg.contains(">recommendation R3 due</text>"))
        #expect(svg.contains("class=\"deadline breach\""))
        // Every entry's mark is numbered as in the entries table.
        #expect(svg.contains("class=\"entry-label\""))
        #expect(svg.contains(">1</text>"))
        // The six months between the subjects' registration and the concern are a break, not most of the chart.
        #expect(svg.contains("class=\"break\""))
        #expect(!html.contains("http"))
        #expect(!html.contains("Nobody told the housing officer"))
    }

    @Test("the JSON carries what went wrong")
    func json() throws {
        let json = String(decoding: ReplayJSON.render(try #require(try ReplayFailureScenario().replay())), as: UTF8.self)
        #expect(json.contains(#""whatWentWrong":{"judgedOn":"2025-03-03","#))
        #expect(json.contains(#""stream":"SG-2025-000001","step":"action:A1","label":"action A1","due":"2025-01-10","done":null,"#
            + #""status":"overdue","daysLate":52,"owner":"j.smith""#))
        #expect(json.contains(#""factor":"information-sharing","reviews":["PR-2024-0001","PR-2025-0001"],"afterImplemented":true,"#
            + #""implementedRecommendations":["PR-2024-0001:R1"]"#))
        #expect(json.contains(#""recommendationId":"R1","findingIds":["F1"],"owner":"s.lead","dueDate":"2025-02-28","#
            + #""implementedOn":null,"status":"overdue""#))
    }
}
