import CaseStore
import Casework
import EventLog
import Projections
import Testing

/// The board's targets (DOMAIN.md §10) through the public API: set on a report figure, shown
/// with status and trend in the report, gathered by aim on the progress page.
@Suite("Targets")
struct TargetTests {
    /// Complaints whose stage 1 acknowledgement is due 5 working days after receipt:
    /// - January 2025: received Mon 6th twice; acknowledged the 7th (on time) and the 20th
    ///   (late: due the 13th): 1 of 2, 50%.
    /// - February: received Mon 3rd twice, both acknowledged the 4th: 2 of 2, 100%.
    /// - March: received Mon 3rd four times; three acknowledged the 4th, one the 20th (due
    ///   the 10th): 3 of 4, 75%.
    static func history() throws -> (ScratchDirectory, CaseStore) {
        let scratch = ScratchDirectory()
        var options = CaseStore.Options()
        options.isDurable = false
        let store = try CaseStore.create(at: scratch.path + "/store", options: options).store
        func at(_ month: Int, _ day: Int) -> Timestamp { Timestamp(year: 2025, month: month, day: day, hour: 10) }
        var events = [NewEvent(type: "subject.registered", occurredAt: at(1, 2), fields: ["kind": "person", "name": "Kerry Asante"])]
        let plan: [(month: Int, received: Int, acknowledged: [Int])] = [(1, 6, [7, 20]), (2, 3, [4, 4]), (3, 3, [4, 4, 4, 20])]
        var serial = 0
        for month in plan {
            for day in month.acknowledged {
                serial += 1
                events.append(NewEvent(type: "complaint.received", occurredAt: at(month.month, month.received),
                                       fields: ["complainant": "P-000001", "categories": ["repairs"], "summary": "Leak"]))
                events.append(NewEvent(type: "complaint.acknowledged", caseReference: "CMP-2025-" + String(1_000_000 + serial).dropFirst(),
                                       occurredAt: at(month.month, day), fields: ["stage": 1]))
            }
        }
        _ = try store.record(events, actor: "a.khan")
        return (scratch, store)
    }

    static let measure = Measure(report: "complaints-performance", figure: "stage1.acknowledgedWithinCodePercent")
    static let march = try! ReportPeriod(from: "2025-03-01", to: "2025-03-31")

    @Test("a figure with a target shows it, its status within the amber band, and the months before as its trend")
    func statusAndTrend() throws {
        let (scratch, store) = try Self.history()
        _ = scratch
        let set = try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 80, from: CalendarDate("2025-01-01")!,
                                             aim: "Answer complaints on time", amberWithin: 10), actor: "board")
        #expect(set.change?.position != nil)
        let result = try store.report(.complaintsPerformance, ReportRequest(period: Self.march, periods: 2)).result
        let outcome = try #require(result.targets.first)
        #expect(result.targets.count == 1)
        #expect(outcome.figure.value == .percent(75))
        #expect(outcome.status == .amber)
        #expect(outcome.trend.map(\.period.description) == ["2025-01-01 to 2025-01-31", "2025-02-01 to 2025-02-28"])
        #expect(outcome.trend.map(\.value) == [.percent(50), .percent(100)])
        #expect(outcome.direction == .worse)
        #expect(outcome.targetText == "at least 80.0%")
        // Without an amber band, 5 short is red; with none before, the trend is empty.
        _ = try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 80, from: CalendarDate("2025-01-01")!),
                                actor: "board")
        let strict = try store.report(.complaintsPerformance, ReportRequest(period: Self.march, periods: 0)).result.targets
        #expect(strict.map(\.status) == [.red])
        #expect(strict.first?.trend == [])
    }

    @Test("the target in force is the one with the latest first date on or before the period's end")
    func targetInForce() throws {
        let (scratch, store) = try Self.history()
        _ = scratch
        _ = try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 90, from: CalendarDate("2025-01-01")!), actor: "board")
        _ = try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 70, from: CalendarDate("2025-03-01")!), actor: "board")
        let february = try ReportPeriod(from: "2025-02-01", to: "2025-02-28")
        let inFebruary = try store.report(.complaintsPerformance, ReportRequest(period: february)).result.targets
        #expect(inFebruary.map(\.target.value) == [90])
        #expect(inFebruary.map(\.status) == [.green])
        let inMarch = try store.report(.complaintsPerformance, ReportRequest(period: Self.march)).result.targets
        #expect(inMarch.map(\.target.value) == [70])
        #expect(inMarch.map(\.status) == [.green])
        // A period ending before every target's first date has none.
        let december = try ReportPeriod(from: "2024-12-01", to: "2024-12-31")
        #expect(try store.report(.complaintsPerformance, ReportRequest(period: december)).result.targets.isEmpty)
        #expect(try store.targets().targets.map(\.value) == [90, 70])
    }

    @Test("the progress page gathers every target by aim, explains a measure by its events, and prints in every form")
    func progress() throws {
        let (scratch, store) = try Self.history()
        _ = scratch
        let triage = Measure(report: "safeguarding-learning", figure: "triage.withinTargetPercent")
        let received = Measure(report: "complaints-performance", figure: "stage1.received")
        let from = CalendarDate("2025-01-01")!
        _ = try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 70, from: from, aim: "Answer complaints on time"),
                                actor: "board")
        _ = try store.setTarget(Target(measure: triage, comparison: .atLeast, value: 90, from: from, aim: "Keep people safe"), actor: "board")
        _ = try store.setTarget(Target(measure: received, comparison: .atMost, value: 3, from: from, aim: "Answer complaints on time"),
                                actor: "board")
        let reading = try store.report(.progress, ReportRequest(period: Self.march))
        let outcomes = reading.result.targets
        #expect(outcomes.map(\.target.measure) == [Self.measure, received, triage])
        #expect(outcomes.map(\.status) == [.green, .red, .noData])
        #expect(outcomes[1].figure.value == .count(4))
        let explained = try store.report(.progress, ReportRequest(period: Self.march, explain: received.description)).explained
        #expect(explained?.count == 4)
        let json = reading.text(in: .json)
        #expect(json.contains(#""measure":"complaints-performance:stage1.received""#))
        #expect(json.contains(#""status":"red""#))
        let table = reading.text(in: .table)
        #expect(table.contains("Answer complaints on time") && table.contains("Keep people safe"))
        #expect(table.range(of: "Answer complaints on time")!.lowerBound < table.range(of: "Keep people safe")!.lowerBound)
        let html = reading.text(in: .html)
        #expect(html.contains("<span class=\"status red\">Missed</span>"))
        #expect(html.contains("<line class=\"target\""))
        #expect(reading.text(in: .csv).contains("targets.complaints-performance:stage1.received.status,red"))
        #expect(reading.text(in: .markdown).contains("### Keep people safe"))
    }

    @Test("a target on a figure no report has, or a percentage beyond 100, is refused as a usage error and nothing is written")
    func refusals() throws {
        let (scratch, store) = try Self.history()
        _ = scratch
        let before = try store.targets().targets
        for (measure, value, expected) in [
            (Measure(report: "complaints-performance", figure: "stage1.acknowledgedWithinCodePercnt"), 90.0, "did you mean \"stage1.acknowledgedWithinCodePercent\"?"),
            (Measure(report: "complaints", figure: "stage1.received"), 3, "no report \"complaints\""),
            (Self.measure, 101, "must be from 0 to 100"),
        ] {
            let error = try #require(throws: CaselogError.self) {
                try store.setTarget(Target(measure: measure, comparison: .atLeast, value: value, from: CalendarDate("2025-01-01")!), actor: "board")
            }
            #expect(error.kind == .usage)
            #expect(error.message.contains(expected))
        }
        let negative = try #require(throws: CaselogError.self) {
            try store.setTarget(Target(measure: Self.measure, comparison: .atLeast, value: 90, from: CalendarDate("2025-01-01")!, amberWithin: -1),
                                actor: "board")
        }
        #expect(negative.kind == .usage)
        #expect(try store.targets().targets == before)
    }

    @Test("a report's periods before are as long as it: whole months back for whole months, else the same days")
    func previousPeriods() throws {
        let year = try ReportPeriod(from: "2025-04-01", to: "2026-03-31")
        #expect(year.previous(2).map(\.description) == ["2023-04-01 to 2024-03-31", "2024-04-01 to 2025-03-31"])
        let march = try ReportPeriod(from: "2025-03-01", to: "2025-03-31")
        #expect(march.previous(2).map(\.description) == ["2025-01-01 to 2025-01-31", "2025-02-01 to 2025-02-28"])
        let quarter = try ReportPeriod(from: "2025-01-01", to: "2025-03-31")
        #expect(quarter.previous(1).map(\.description) == ["2024-10-01 to 2024-12-31"])
        let week = try ReportPeriod(from: "2025-03-03", to: "2025-03-09")
        #expect(week.previous(2).map(\.description) == ["2025-02-17 to 2025-02-23", "2025-02-24 to 2025-03-02"])
        #expect(week.previous(0).isEmpty)
    }

    @Test("a status is worked out on the figure as shown, to one decimal place, both ways")
    func statuses() {
        let from = CalendarDate("2025-01-01")!
        let atLeast = Target(measure: Self.measure, comparison: .atLeast, value: 90, from: from, amberWithin: 5)
        #expect(atLeast.status(of: 89.96) == .green)
        #expect(atLeast.status(of: 85) == .amber)
        #expect(atLeast.status(of: 84.9) == .red)
        #expect(atLeast.status(of: nil) == .noData)
        let atMost = Target(measure: Self.measure, comparison: .atMost, value: 3.5, from: from, amberWithin: 0.5)
        #expect(atMost.status(of: 3.5) == .green)
        #expect(atMost.status(of: 4.0) == .amber)
        #expect(atMost.status(of: 4.1) == .red)
        #expect(Measure("complaints-performance:stage1.received") == Measure(report: "complaints-performance", figure: "stage1.received"))
        #expect(Measure("stage1.received") == nil)
        #expect(Measure("a:b:c") == nil)
        #expect(Measure("a :b") == nil)
    }
}
