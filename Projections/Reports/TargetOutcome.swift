import Casework

/// A report figure beside the target in force for its period (DOMAIN.md §10): the target, the
/// actual figure, its status, and the figure in the periods before, oldest first.
public struct TargetOutcome: Sendable, Equatable {
    /// The figure in one earlier period.
    public struct Point: Sendable, Equatable {
        /// The earlier period, as long as the report's.
        public let period: ReportPeriod
        /// The figure then.
        public let value: ReportFigure.Value
    }

    /// Whether the figure moved the way the target asks, from the period before to this one.
    public enum Direction: String, Sendable {
        /// Moved the way the target asks.
        case better
        /// Moved against it.
        case worse
        /// Shown the same to one decimal place.
        case level
    }

    /// The target.
    public let target: Target
    /// The figure in the report's period, with the events it counts (`--explain`). A target
    /// on a figure the report does not have (a later caselog's) has a missing value and a note.
    public let figure: ReportFigure
    /// How the figure stands against the target.
    public let status: Target.Status
    /// The figure in each of the periods before, oldest first (`--periods`).
    public let trend: [Point]

    /// The outcome of `target` for `figure`, with `trend`.
    public init(target: Target, figure: ReportFigure, trend: [Point]) {
        self.target = target
        self.figure = figure
        self.status = target.status(of: figure.value.number)
        self.trend = trend
    }

    /// From the last earlier period to this one; nil when either has no value.
    public var direction: Direction? {
        guard let now = figure.value.number, let before = trend.last?.value.number else { return nil }
        if abs(now - before) < 1e-9 { return .level }
        return (now > before) == (target.comparison == .atLeast) ? .better : .worse
    }

    /// The values, oldest first and this period's last, as text: `80.0% → 82.5% → 85.1%`.
    public var trendText: String {
        (trend.map(\.value.text) + [figure.value.text]).joined(separator: " → ")
    }

    /// The target as words in the figure's unit: "at least 90%", "at most 3.5", "at most £500.00".
    public var targetText: String {
        // A target is checked when set (`CaseStore.checkMeasure`); a restored one is clamped, never trapped on.
        let whole = min(max(target.value.rounded(), -9e15), 9e15)
        let value: ReportFigure.Value = switch figure.value {
        case .count: .count(Int(whole))
        case .percent: .percent(target.value)
        case .pence: .pence(Int64(whole))
        case .hours: .hours(target.value)
        case .days: .days(target.value)
        case .rate: .rate(target.value)
        }
        return target.comparison.words + " " + value.text
    }

    /// The figure's name in people's words ("Stage 1: responded within Code %").
    public var label: String { ReportWords.figure(target.measure.figure) }
}

extension ReportPeriod {
    /// The `count` periods before this one, oldest first, each as long as it: whole calendar
    /// months back when the period is whole months (2026-04-01 to 2027-03-31 gives the year
    /// before), else the same number of days back. Periods before 1900 are left out.
    public func previous(_ count: Int) -> [ReportPeriod] {
        guard count > 0 else { return [] }
        var periods: [ReportPeriod] = []
        let days = from.days(to: to) + 1
        let (fromYear, fromMonth, fromDay) = from.components
        let next = to.adding(days: 1)
        let months = (next.year - fromYear) * 12 + (next.month - fromMonth)
        let wholeMonths = fromDay == 1 && next.day == 1 && months > 0
        for back in 1...count {
            let start: CalendarDate?, end: CalendarDate?
            if wholeMonths {
                start = Self.firstOfMonth(year: fromYear, month: fromMonth - back * months)
                end = Self.firstOfMonth(year: fromYear, month: fromMonth - (back - 1) * months)?.adding(days: -1)
            } else {
                start = from.adding(days: -back * days)
                end = to.adding(days: -back * days)
            }
            guard let start, let end, start.year >= 1900, let period = try? ReportPeriod(from: start, to: end) else { break }
            periods.insert(period, at: 0)
        }
        return periods
    }

    private static func firstOfMonth(year: Int, month: Int) -> CalendarDate? {
        let index = year * 12 + (month - 1)
        let (y, m) = index >= 0 ? (index / 12, index % 12) : ((index - 11) / 12, ((index % 12) + 12) % 12)
        return CalendarDate(year: y, month: m + 1, day: 1)
    }
}
