import Casework
import EventLog

/// What a learning report found for its period: named figures and itemised lists, each with
/// the events it counts. The formatters (`ReportJSON`, `ReportCSV`, `ReportMarkdown`,
/// `ReportHTML`, `ReportText`) print it; `events(explaining:)` answers `--explain`.
public struct ReportResult: Sendable, Equatable {
    /// The report's command-line name.
    public let name: String
    /// Its title for people.
    public let title: String
    /// The dates it covers.
    public let period: ReportPeriod
    /// The figures, in the order they are shown.
    public let figures: [ReportFigure]
    /// The itemised lists.
    public let lists: [ReportList]
    /// The settings and calendar it was worked out with, as it names them (DOMAIN.md §10).
    public var settings: [SettingInForce] = []
    /// When given, the report counts only what had been recorded by then, with the settings
    /// in force then (`--known-at`).
    public var knownAt: Timestamp?
    /// Each figure with a target in force for the period, with its status and trend
    /// (DOMAIN.md §10); for the progress report, every such figure of every report.
    public var targets: [TargetOutcome] = []

    /// A result with these parts.
    public init(name: String, title: String, period: ReportPeriod, figures: [ReportFigure], lists: [ReportList]) {
        self.name = name
        self.title = title
        self.period = period
        self.figures = figures
        self.lists = lists
    }

    /// The figure named `name`; nil when there is none.
    public func figure(_ name: String) -> ReportFigure? {
        figures.first { $0.name == name }
    }

    /// Every name `--explain` takes besides groups: each figure's, and each list row's
    /// (`repeatFailures.escalation`).
    public var explainableNames: [String] {
        figures.map(\.name) + lists.flatMap { list in list.rows.map { list.name + "." + $0.key } }
            + (figures.isEmpty ? targets.map(\.target.measure.description) : [])
    }

    /// The events that the figure or list row `name` counts, in log order. A group name (the
    /// start of some figures' names up to a dot, e.g. `upheldByCategory.repairs`, or a list's
    /// name) gives the events of all its figures or rows, each once.
    ///
    /// - Throws: `ReportError.unknownFigure` with every valid name when nothing has that name.
    public func events(explaining name: String) throws -> [TracedEvent] {
        if let figure = figure(name) { return figure.events }
        if let outcome = targets.first(where: { $0.target.measure.description == name }) { return outcome.figure.events }
        for list in lists {
            if list.name == name { return Self.merged(list.rows.map(\.events)) }
            if let row = list.rows.first(where: { list.name + "." + $0.key == name }) { return row.events }
        }
        let prefix = name + "."
        let group = figures.filter { $0.name.hasPrefix(prefix) }
        guard !group.isEmpty else { throw ReportError.unknownFigure(name: name, report: self.name, valid: explainableNames) }
        return Self.merged(group.map(\.events))
    }

    private static func merged(_ lists: [[TracedEvent]]) -> [TracedEvent] {
        Array(Set(lists.joined())).sorted()
    }
}
