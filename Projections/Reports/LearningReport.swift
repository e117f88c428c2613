import Casework
import EventLog

/// A learning report (DOMAIN.md §7): a `Projection` of the log's records for a period, run by
/// the same engine as any other (`run(over:from:through:)`). Start from `init(context:)`,
/// `apply` every record in log order, then ask for the `result()`.
///
/// A report keeps per-case state (`ReportCases`: memory grows with the cases and the few
/// events of each that it counts, never with the rest of the log), reads only records' headers
/// and data (never the personal section), and honours `case.entry-corrected` wherever a
/// correction changes a value it counts. `apply` must be cheap for records it does not count:
/// compare `streamBytes` and `typeBytes`, allocate nothing.
public protocol LearningReport: Projection where Result == ReportResult {
    /// The report's name on the command line, e.g. `complaints-performance`.
    static var name: String { get }
    /// The report's title for people.
    static var title: String { get }
    /// The settings it reads besides the calendar (which every report names).
    static var settingsUsed: [StoreSetting] { get }
    /// An empty report for `context`.
    init(context: ReportContext)
}

/// What a report needs besides the log: its period and the organisation's settings.
public struct ReportContext: Sendable {
    /// The dates the report covers.
    public var period: ReportPeriod
    /// The working-day calendar deadlines count (the store's, `OrganisationSettings`).
    public var calendar: WorkingDayCalendar
    /// How soon a safeguarding concern must be triaged.
    public var triageTarget: TriageTarget
    /// The homes the organisation manages (`StoreSetting.homes`); nil when not set.
    public var homes: Int?

    /// A context for `period`; the rest defaults to DOMAIN.md's calendar and triage target and
    /// no number of homes.
    public init(period: ReportPeriod, calendar: WorkingDayCalendar = .englandAndWales,
                triageTarget: TriageTarget = .standard, homes: Int? = nil) {
        self.period = period
        self.calendar = calendar
        self.triageTarget = triageTarget
        self.homes = homes
    }
}

extension LearningReport {
    /// Runs the report over the log of `store` in one read transaction, with the settings
    /// and calendar in force (`OrganisationSettings`), which the result names.
    ///
    /// With `knownAt`, only what had been recorded by then is counted, with the settings in
    /// force then: the report as it could have been run at that time (DOMAIN.md §13).
    ///
    /// Every figure with a target in force for the period (`target.set`) is also worked out
    /// for the `periods` periods before, for its trend (`ReportResult.targets`).
    ///
    /// Costs one scan of the log (records after the period are skipped by their header alone)
    /// plus the per-case work of `result()`, and one more of each for every earlier period
    /// when the report has targets.
    ///
    /// - Throws: what the store throws. `triageTarget` overrides the organisation's.
    public static func run(period: ReportPeriod, in store: EventStore, knownAt: Timestamp? = nil,
                           triageTarget: TriageTarget? = nil, periods: Int = ReportRequestDefaults.periods) throws -> ReportResult {
        try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader, knownAt: knownAt)
            return try run(period: period, over: reader, settings: settings, knownAt: knownAt, triageTarget: triageTarget, periods: periods)
        }
    }

    /// `run(period:in:knownAt:triageTarget:periods:)` in a snapshot already open, with the
    /// settings in force for it.
    static func run(period: ReportPeriod, over reader: borrowing LogReader, settings: OrganisationSettings, knownAt: Timestamp?,
                    triageTarget: TriageTarget? = nil, periods: Int) throws -> ReportResult {
        let triage = triageTarget ?? settings.triageTarget
        var result = try figures(for: period, over: reader, settings: settings, triageTarget: triage)
        result.settings = settings.inForce(settingsUsed)
        result.knownAt = knownAt
        let targets = settings.targets(ofReport: name, endingOn: period.to)
        guard !targets.isEmpty else { return result }
        var earlier: [(ReportPeriod, ReportResult)] = []
        for previous in period.previous(periods) {
            earlier.append((previous, try figures(for: previous, over: reader, settings: settings, triageTarget: triage)))
        }
        result.targets = targets.map { target in
            let figure = result.figure(target.measure.figure)
                ?? ReportFigure(target.measure.figure, .rate(nil), note: "this caselog's \(name) report has no figure \(target.measure.figure)")
            let trend = earlier.compactMap { period, result in
                result.figure(target.measure.figure).map { TargetOutcome.Point(period: period, value: $0.value) }
            }
            return TargetOutcome(target: target, figure: figure, trend: trend)
        }
        return result
    }

    /// The report's figures and lists for `period`, as of `settings.position`.
    private static func figures(for period: ReportPeriod, over reader: borrowing LogReader, settings: OrganisationSettings,
                                triageTarget: TriageTarget) throws -> ReportResult {
        let context = ReportContext(period: period, calendar: settings.calendar, triageTarget: triageTarget, homes: settings.homes)
        var report = Self(context: context)
        return try report.run(over: reader, through: settings.position)
    }

    /// The figures the report gives for an empty log, their values empty: the names and units
    /// a target's measure may name (a report gives the same figures whatever the log holds,
    /// but for the months of its themes).
    public static var figureTemplates: [ReportFigure] {
        let day = CalendarDate(daysSince1970: 20_000)
        // A period of one day cannot be reversed.
        return Self(context: ReportContext(period: try! ReportPeriod(from: day, to: day))).result().figures
    }
}

/// Defaults of a report's options.
public enum ReportRequestDefaults {
    /// Earlier periods shown beside a figure with a target (`--periods`).
    public static let periods = 4
    /// The most earlier periods a report works out: each is another scan of the log.
    public static let mostPeriods = 12
}

/// The built-in learning reports, and the board's progress page over them, by their
/// command-line names.
public enum ReportKind: String, CaseIterable, Sendable {
    /// `ComplaintsPerformanceReport`.
    case complaintsPerformance = "complaints-performance"
    /// `SafeguardingLearningReport`.
    case safeguardingLearning = "safeguarding-learning"
    /// `TenancySustainmentReport`.
    case tenancySustainment = "tenancy-sustainment"
    /// `YouSaidWeDidReport`, the one written to be published.
    case youSaidWeDid = "you-said-we-did"
    /// `ProgressReport`: every figure with a target, by aim (DOMAIN.md §10).
    case progress

    /// The reports whose figures may have targets.
    public static var withFigures: [ReportKind] { allCases.filter { $0 != .progress } }

    /// Runs the report of this kind over `store` for `period` (see `LearningReport.run`).
    public func run(period: ReportPeriod, in store: EventStore, knownAt: Timestamp? = nil,
                    periods: Int = ReportRequestDefaults.periods) throws -> ReportResult {
        guard self != .progress else { return try ProgressReport.run(period: period, in: store, knownAt: knownAt, periods: periods) }
        return try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader, knownAt: knownAt)
            return try run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        }
    }

    /// Runs the report of this kind over the snapshot `reader`, with the settings in force in
    /// it (at `knownAt` when given): for several reports, and the head they were worked out at,
    /// from one snapshot, as a benchmark file needs. Targets are shown without trends.
    public func run(period: ReportPeriod, over reader: borrowing LogReader, knownAt: Timestamp? = nil) throws -> ReportResult {
        let settings = try OrganisationSettings.inForce(in: reader, knownAt: knownAt)
        return try run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: 0)
    }

    /// The report in a snapshot already open (not `progress`, which is made of the others).
    func run(period: ReportPeriod, over reader: borrowing LogReader, settings: OrganisationSettings, knownAt: Timestamp?,
             periods: Int) throws -> ReportResult {
        switch self {
        case .complaintsPerformance:
            try ComplaintsPerformanceReport.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        case .safeguardingLearning:
            try SafeguardingLearningReport.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        case .tenancySustainment:
            try TenancySustainmentReport.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        case .youSaidWeDid:
            try YouSaidWeDidReport.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        case .progress:
            try ProgressReport.run(period: period, over: reader, settings: settings, knownAt: knownAt, periods: periods)
        }
    }

    /// The report's title for people.
    public var title: String {
        switch self {
        case .complaintsPerformance: ComplaintsPerformanceReport.title
        case .safeguardingLearning: SafeguardingLearningReport.title
        case .tenancySustainment: TenancySustainmentReport.title
        case .youSaidWeDid: YouSaidWeDidReport.title
        case .progress: ProgressReport.title
        }
    }

    /// The figures a target may be set on, their values empty (`LearningReport.figureTemplates`);
    /// none for `progress`.
    public var figureTemplates: [ReportFigure] {
        switch self {
        case .complaintsPerformance: ComplaintsPerformanceReport.figureTemplates
        case .safeguardingLearning: SafeguardingLearningReport.figureTemplates
        case .tenancySustainment: TenancySustainmentReport.figureTemplates
        case .youSaidWeDid: YouSaidWeDidReport.figureTemplates
        case .progress: []
        }
    }

    /// The settings the report reads besides the calendar.
    var settingsUsed: [StoreSetting] {
        switch self {
        case .complaintsPerformance: ComplaintsPerformanceReport.settingsUsed
        case .safeguardingLearning: SafeguardingLearningReport.settingsUsed
        case .tenancySustainment: TenancySustainmentReport.settingsUsed
        case .youSaidWeDid: YouSaidWeDidReport.settingsUsed
        case .progress: ReportKind.withFigures.flatMap(\.settingsUsed)
        }
    }
}
