/// A target the board set for one report figure (DOMAIN.md §10): `target.set` on the store's
/// `settings` stream, in force for the periods that end on or after its `from` date until a
/// later target for the same measure takes over.
public struct Target: Sendable, Equatable {
    /// Which way the figure should go.
    public enum Comparison: String, CaseIterable, Sendable {
        /// The figure should be at least the value (a percentage on time).
        case atLeast = "at-least"
        /// The figure should be at most the value (complaints per 1,000 homes).
        case atMost = "at-most"

        /// "at least", "at most".
        public var words: String { self == .atLeast ? "at least" : "at most" }
    }

    /// How a figure stands against its target.
    public enum Status: String, CaseIterable, Sendable {
        /// Met.
        case green
        /// Missed by no more than `amberWithin`.
        case amber
        /// Missed by more.
        case red
        /// The figure could not be worked out for the period (no complaints responded to, no
        /// number of homes): neither met nor missed.
        case noData = "no-data"
    }

    /// The report figure, `REPORT:FIGURE`.
    public let measure: Measure
    /// Which way it should go.
    public let comparison: Comparison
    /// The value to reach.
    public let value: Double
    /// The first date of the first period it applies to.
    public let from: CalendarDate
    /// The organisation's aim it serves, in words that may be published; nil when none was given.
    public let aim: String?
    /// How far short of the value still counts as amber rather than red; nil: no amber band.
    public let amberWithin: Double?
    /// The event that set it; nil for a target not yet recorded.
    public let change: OrganisationSettings.Change?

    /// A target as `target.set` records it.
    public init(measure: Measure, comparison: Comparison, value: Double, from: CalendarDate, aim: String? = nil,
                amberWithin: Double? = nil, change: OrganisationSettings.Change? = nil) {
        self.measure = measure
        self.comparison = comparison
        self.value = value
        self.from = from
        self.aim = aim
        self.amberWithin = amberWithin
        self.change = change
    }

    /// How `actual` stands: green when the comparison holds, amber when it misses by no more
    /// than `amberWithin`, red otherwise, no-data when there is no actual figure. Values are
    /// compared as reports print them, to one decimal place, so that 89.96 shown as 90.0 is
    /// not red against 90.
    public func status(of actual: Double?) -> Status {
        guard let actual else { return .noData }
        let shown = (actual * 10).rounded() / 10
        let shortfall = comparison == .atLeast ? value - shown : shown - value
        if shortfall <= 1e-9 { return .green }
        if let amberWithin, shortfall <= amberWithin + 1e-9 { return .amber }
        return .red
    }

    /// "at least 90" or "at most 3.5", the value written as short as it reads.
    public var words: String { comparison.words + " " + Self.number(value) }

    /// `95`, `95.5`: a whole number without its point.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A report figure a target can be set on: the report's command-line name and the figure's
/// `--explain` id, written `REPORT:FIGURE` (`complaints-performance:stage1.respondedWithinCodePercent`).
public struct Measure: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The report, e.g. `complaints-performance`.
    public let report: String
    /// The figure's dotted name within it, e.g. `stage1.respondedWithinCodePercent`.
    public let figure: String

    /// The measure of `figure` in `report`.
    public init(report: String, figure: String) {
        self.report = report
        self.figure = figure
    }

    /// The measure written `REPORT:FIGURE`; nil when `text` has no colon or an empty side, or
    /// characters beyond letters, digits, `-`, `.` and `_`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let allowed = { (part: Substring) in
            !part.isEmpty && part.count <= 100 && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
        }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else { return nil }
        self.init(report: String(parts[0]), figure: String(parts[1]))
    }

    /// `REPORT:FIGURE`.
    public var description: String { report + ":" + figure }

    public static func < (lhs: Measure, rhs: Measure) -> Bool { lhs.description < rhs.description }
}
