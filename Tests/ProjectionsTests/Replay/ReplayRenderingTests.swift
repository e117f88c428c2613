import Casework
import EventLog
import Projections
import Testing

@Suite("Replay rendering")
struct ReplayRenderingTests {
    @Test("the text shows each entry with its recording time, actor and flags, and the gaps between")
    func text() throws {
        let text = ReplayText.render(try #require(try ReplayScenario().replay()))
        #expect(text.contains("2025-01-10 15:00  SG-2025-000001 v2  safeguarding.triaged  by test.worker  recorded 2025-01-14 09:00"))
        #expect(text.contains("! late entry (recorded 3 days later)"))
        // The correction's reason is personal data (DOMAIN.md §8): withheld and named.
        #expect(text.contains("! corrected 2025-01-26 09:05 by test.worker (v5) -> riskLevel: high"))
        #expect(text.contains("personal fields withheld: reason"))
        #expect(!text.contains("Risk was understated"))
        #expect(text.contains("~~ gap of 14 days with nothing recorded ~~"))
        #expect(text.contains("personal fields withheld: rationale"))
        #expect(!text.contains("Neighbour worried"))
    }

    @Test("the HTML pack is one self-contained page with an SVG timeline, printable on A4")
    func html() throws {
        let html = ReplayHTML.render(try #require(try ReplayScenario().replay()))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("size: A4"))
        #expect(html.contains("break-before: page"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http"))
        #expect(!html.contains("src="))
        #expect(html.contains("late entry (recorded 3 days later)"))
        #expect(html.contains("gap of 14 days"))
        #expect(!html.contains("Neighbour worried"))
    }

    @Test("typed text in the HTML pack is escaped")
    func escaping() throws {
        let replay = try #require(try ReplayScenario().replay("SG-2025-000001", ReplayOptions(includesPersonal: true)))
        let html = ReplayHTML.render(replay)
        #expect(html.contains("Known to the team &lt;b&gt;"))
        #expect(!html.contains("team <b>"))
    }

    @Test("the JSON gives every entry with its flags and corrections")
    func json() throws {
        let json = String(decoding: ReplayJSON.render(try #require(try ReplayScenario().replay())), as: UTF8.self)
        #expect(json.contains(#""lateDays":3"#))
        #expect(json.contains(#""gapDaysBefore":14"#))
        #expect(json.contains(#""reason":null,"changes":[{"name":"riskLevel","value":"high","personal":false}],"#
            + #""personal":{"state":"withheld","fields":["reason"]}"#))
        #expect(json.contains(#""personal":{"state":"withheld","fields":["raisedBy","description"]}"#))
    }
}
