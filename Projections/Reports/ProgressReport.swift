import Casework
import EventLog

/// The board's page (DOMAIN.md §10, `caselog report progress`): every report figure with a
/// target in force for the period, grouped by the aim it serves, each with its target, actual,
/// status and trend. It counts nothing itself: each learning report that has targets runs in
/// the same snapshot, and its `targets` are gathered here.
public enum ProgressReport {
    /// The command-line name.
    public static let name = ReportKind.progress.rawValue
    /// The title for people.
    public static let title = "Progress against our aims"
    /// The heading of targets set without an aim.
    public static let withoutAim = "Other measures"

    /// The progress page for `period` over `store` (see `LearningReport.run` for `knownAt`
    /// and `periods`).
    static func run(period: ReportPeriod, in store: EventStore, knownAt: Timestamp?, periods: Int) throws -> ReportResult {
        try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader, knownAt: knownAt)
            return try run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        }
    }

    /// The page in a snapshot already open. Costs, for each report with a target, that
    /// report's run (see `LearningReport.run`); nothing for the others.
    static func run(period: ReportPeriod, over reader: borrowing LogReader, settings: OrganisationSettings, knownAt: Timestamp?,
                    periods: Int) throws -> ReportResult {
        var outcomes: [TargetOutcome] = []
        var used: [StoreSetting] = []
        for kind in ReportKind.withFigures where !settings.targets(ofReport: kind.rawValue, endingOn: period.to).isEmpty {
            outcomes += try kind.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods).targets
            used += kind.settingsUsed.filter { !used.contains($0) }
        }
        var result = ReportResult(name: name, title: title, period: period, figures: [], lists: [])
        result.targets = byAim(outcomes)
        result.settings = settings.inForce(used)
        result.knownAt = knownAt
        return result
    }

    /// `outcomes` grouped by aim, the aims in the order their first target was set and the
    /// targets without an aim last; within an aim, in the order set.
    static func byAim(_ outcomes: [TargetOutcome]) -> [TargetOutcome] {
        let ordered = outcomes.sorted { ($0.target.change?.position ?? 0) < ($1.target.change?.position ?? 0) }
        var aims: [String?] = []
        for outcome in ordered where !aims.contains(outcome.target.aim) { aims.append(outcome.target.aim) }
        if let none = aims.firstIndex(of: nil) { aims.append(aims.remove(at: none)) }
        return aims.flatMap { aim in ordered.filter { $0.target.aim == aim } }
    }

    /// The outcomes by aim, in order, for the printers: (aim or `withoutAim`, its outcomes).
    public static func groups(_ outcomes: [TargetOutcome]) -> [(aim: String, outcomes: [TargetOutcome])] {
        var groups: [(aim: String, outcomes: [TargetOutcome])] = []
        for outcome in outcomes {
            let aim = outcome.target.aim ?? withoutAim
            if let index = groups.firstIndex(where: { $0.aim == aim }) { groups[index].outcomes.append(outcome) }
            else { groups.append((aim, [outcome])) }
        }
        return groups
    }
}
