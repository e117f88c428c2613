import EventLog
import Projections

/// What `CaseStore.report(_:_:)` is asked besides the report: the options of `caselog report`.
public struct ReportRequest: Sendable, Equatable {
    /// The dates counted (`--from`, `--to`; `ReportPeriod(from:to:)` reads the CLI's text).
    public var period: ReportPeriod
    /// The report as it could have been run then: only what had been recorded by this time,
    /// with the settings and calendar in force then (`--known-at`).
    public var knownAt: Timestamp?
    /// The figure, list or group whose events to list instead of the report (`--explain`).
    public var explain: String?
    /// How many earlier periods a figure with a target shows for its trend (`--periods`,
    /// 0 to `ReportRequestDefaults.mostPeriods`).
    public var periods: Int

    /// A report of `period` over everything recorded, or only of the events `explain` counts.
    public init(period: ReportPeriod, knownAt: Timestamp? = nil, explain: String? = nil,
                periods: Int = ReportRequestDefaults.periods) {
        self.period = period
        self.knownAt = knownAt
        self.explain = explain
        self.periods = periods
    }
}

/// A learning report as `caselog report` prints it: the result, or with `explain`, the events
/// that one figure counts.
public struct ReportReading: Sendable, Equatable {
    /// The report, every figure and list, with the settings it was worked out with.
    public let result: ReportResult
    /// The events of `ReportRequest.explain`, in log order; nil when none was asked for.
    public let explained: [TracedEvent]?

    /// Exactly what `caselog report --format json` prints: the report's JSON object, or with
    /// `explain` the JSON array of the events it counts, as UTF-8.
    public func json() -> [UInt8] { Array(text(in: .json).utf8) }

    /// The report (or the explained events) in `format`, as text ending in a newline (empty
    /// for an explanation of no events in `table` form). `visible` is applied to the typed
    /// text the table form shows (the CLI passes its terminal escaping); an explanation has a
    /// table form and, for every other format, JSON.
    public func text(in format: ReportFormat, visible: (String) -> String = { $0 }) -> String {
        if let explained { return format.renderExplanation(explained, visible: visible) }
        return format.render(result, visible: visible)
    }
}

extension CaseStore {
    /// The learning report `kind` for `request.period` (docs/REPORTS.md), worked out from the
    /// log with the settings and calendar in force (at `knownAt` when given), as
    /// `caselog report` prints it. Personal data is never read.
    ///
    /// Cost: one scan of the log in one snapshot (records after the period are skipped by
    /// their header alone), plus the per-case work of the report.
    ///
    /// - Throws: `ReportError.unknownFigure` (a usage error) when `explain` names no figure,
    ///   `.periodsOutOfRange` when `periods` is beyond 0…`ReportRequestDefaults.mostPeriods`;
    ///   `StoreError` when the store cannot be read.
    public func report(_ kind: ReportKind, _ request: ReportRequest) throws -> ReportReading {
        guard (0...ReportRequestDefaults.mostPeriods).contains(request.periods) else { throw ReportError.periodsOutOfRange }
        let result = try kind.run(period: request.period, in: log, knownAt: request.knownAt, periods: request.periods)
        return ReportReading(result: result, explained: try request.explain.map { try result.events(explaining: $0) })
    }
}
