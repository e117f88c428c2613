import CaseStore
import Casework
import EventLog
import Projections
import Testing

/// `replay(_:_:)` and `report(_:_:)` as a program outside caselog calls them.
@Suite("Replays and reports through the public API")
struct ReplayAndReportTests {
    @Test("replay(_:_:) merges the case with its subject's history, withholding personal fields unless asked")
    func replay() throws {
        let small = try SmallStore()
        let replay = try #require(try small.store.replay("CMP-2025-000001"))
        #expect(replay.entries.map(\.type) == ["subject.registered", "complaint.received", "case.assigned", "complaint.acknowledged",
                                               "complaint.received"])
        let received = try #require(replay.entries.first { $0.stream == "CMP-2025-000001" && $0.type == "complaint.received" })
        #expect(received.personal == .withheld(["summary"]), "a personal field is named as withheld, not shown")
        #expect(!received.fields.contains { $0.name == "summary" })
        let shown = try #require(try small.store.replay("CMP-2025-000001", ReplayRequest(includesPersonal: true)))
        #expect(shown.entries.contains { $0.fields.contains { $0.value == "Mould in the bedroom" } })
        // The default gap threshold is the store's setting, named as where it came from.
        #expect(replay.options.gapDays == 7)
        #expect(replay.options.gapDaysSource?.hasPrefix("replay.gap-days: ") == true)
        let json = SmallStore.text(replay.json())
        #expect(json.hasPrefix("{") && json.hasSuffix("}\n"))
        #expect(!json.contains("Mould in the bedroom"))
        #expect(replay.html().contains("<html"))
    }

    @Test("replay(_:_:) takes only what was known, and a gap threshold of the caller's")
    func replayKnownAtAndGap() throws {
        let small = try SmallStore()
        let known = try #require(try small.store.replay("CMP-2025-000001", ReplayRequest(knownAt: SmallStore.at(day: 1), gapDays: 3)))
        #expect(known.options.gapDays == 3)
        #expect(known.options.gapDaysSource == "--gap-days")
        // Recorded today, nothing was known on the 1st of March 2025: not the case's own three
        // events, nor its link to the subject, whose streams are then not read at all.
        #expect(known.entries.isEmpty)
        #expect(known.hiddenByKnownAt == 3)
    }

    @Test("replay(_:_:) is nil for a case the store lacks, and refuses a gap threshold out of range as a usage error")
    func replayRefusals() throws {
        let small = try SmallStore()
        #expect(try small.store.replay("CMP-2025-000042") == nil)
        let error = try #require(throws: CaselogError.self) { try small.store.replay("CMP-2025-000001", ReplayRequest(gapDays: 0)) }
        #expect(error.kind == .usage)
        #expect(error.kind.exitCode == 64 && error.kind.httpStatus == 400)
        #expect(error.message == "--gap-days must be from 1 to 36500")
    }

    @Test("report(_:_:) counts the period's complaints and explains a figure by its events")
    func report() throws {
        let small = try SmallStore()
        let march = try ReportPeriod(from: "2025-03-01", to: "2025-03-31")
        let reading = try small.store.report(.complaintsPerformance, ReportRequest(period: march))
        #expect(reading.result.figure("stage1.received")?.value == .count(2))
        #expect(reading.result.figure("stage1.acknowledged")?.value == .count(1))
        #expect(reading.explained == nil)
        #expect(SmallStore.text(reading.json()).hasPrefix("{"))
        let explained = try small.store.report(.complaintsPerformance, ReportRequest(period: march, explain: "stage1.received"))
        #expect(explained.explained?.map(\.reference) == ["CMP-2025-000001", "CMP-2025-000002"])
        #expect(SmallStore.text(explained.json()).hasPrefix("["))
        #expect(explained.text(in: .table).hasSuffix("complaint.received  2025-03-05T09:00:00Z\n"))
        let february = try ReportPeriod(from: "2025-02-01", to: "2025-02-28")
        #expect(try small.store.report(.complaintsPerformance, ReportRequest(period: february)).result.figure("stage1.received")?.value == .count(0))
    }

    @Test("report(_:_:) refuses a figure it does not have, as a usage error naming the valid ones")
    func reportUnknownFigure() throws {
        let small = try SmallStore()
        let march = try ReportPeriod(from: "2025-03-01", to: "2025-03-31")
        let error = try #require(throws: (any Error).self) {
            try small.store.report(.complaintsPerformance, ReportRequest(period: march, explain: "stage1.nonsense"))
        }
        let failure = CaselogError(error)
        #expect(failure.kind == .usage)
        #expect(failure.message.contains("stage1.received"))
        #expect(throws: ReportError.self) { try ReportPeriod(from: "2025-03-31", to: "2025-03-01") }
    }
}
