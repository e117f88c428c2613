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
    /// Costs one scan of the log (records after the period are skipped by their header alone)
    /// plus the per-case work of `result()`.
    ///
    /// - Throws: what the store throws. `triageTarget` overrides the organisation's.
    public static func run(period: ReportPeriod, in store: EventStore, knownAt: Timestamp? = nil,
                           triageTarget: TriageTarget? = nil) throws -> ReportResult {
        try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader, knownAt: knownAt)
            let context = ReportContext(period: period, calendar: settings.calendar,
                                        triageTarget: triageTarget ?? settings.triageTarget, homes: settings.homes)
            var report = Self(context: context)
            var result = try report.run(over: reader, through: settings.position)
            result.settings = settings.inForce(settingsUsed)
            result.knownAt = knownAt
            return result
        }
    }
}

/// The built-in learning reports, by their command-line names.
public enum ReportKind: String, CaseIterable, Sendable {
    /// `ComplaintsPerformanceReport`.
    case complaintsPerformance = "complaints-performance"
    /// `SafeguardingLearningReport`.
    case safeguardingLearning = "safeguarding-learning"
    /// `TenancySustainmentReport`.
    case tenancySustainment = "tenancy-sustainment"
    /// `YouSaidWeDidReport`, the one written to be published.
    case youSaidWeDid = "you-said-we-did"

    /// Runs the report of this kind over `store` for `period` (see `LearningReport.run`).
    public func run(period: ReportPeriod, in store: EventStore, knownAt: Timestamp? = nil) throws -> ReportResult {
        switch self {
        case .complaintsPerformance: try ComplaintsPerformanceReport.run(period: period, in: store, knownAt: knownAt)
        case .safeguardingLearning: try SafeguardingLearningReport.run(period: period, in: store, knownAt: knownAt)
        case .tenancySustainment: try TenancySustainmentReport.run(period: period, in: store, knownAt: knownAt)
        case .youSaidWeDid: try YouSaidWeDidReport.run(period: period, in: store, knownAt: knownAt)
        }
    }
}
