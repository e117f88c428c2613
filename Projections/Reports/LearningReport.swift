import Casework
import EventLog

/// A learning report (DOMAIN.md §7): a fold over the log's records for a period. Start from
/// `init(context:)`, `apply` every record in log order, then ask for the `result()`.
///
/// A report keeps per-case state (memory grows with the cases and the few events of each that
/// it counts, never with the rest of the log), reads only records' headers and data (never the
/// personal section), and honours `case.entry-corrected` wherever a correction changes a value
/// it counts. `apply` must be cheap for records it does not count: compare `streamBytes` and
/// `typeBytes`, allocate nothing.
public protocol LearningReport {
    /// The report's name on the command line, e.g. `complaints-performance`.
    static var name: String { get }
    /// The report's title for people.
    static var title: String { get }
    /// An empty report for `context`.
    init(context: ReportContext)
    /// Folds one record into the report; records come in log order.
    mutating func apply(_ record: RecordView)
    /// The figures, worked out from everything applied so far.
    func result() -> ReportResult
}

/// What a report needs besides the log: its period and the organisation's settings.
public struct ReportContext: Sendable {
    /// The dates the report covers.
    public var period: ReportPeriod
    /// The working-day calendar deadlines count (the store's, `OrganisationCalendar`).
    public var calendar: WorkingDayCalendar
    /// How soon a safeguarding concern must be triaged.
    public var triageTarget: TriageTarget
    /// The homes the organisation manages (`HomesSetting`); nil when not set.
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
    /// Runs the report over the whole log of `store` in one read transaction, with the store's
    /// calendar and number of homes.
    ///
    /// Costs one scan of the log (records after the period are skipped by their header alone)
    /// plus the per-case work of `result()`.
    ///
    /// - Throws: what the store throws; `ValidationError` when the store's calendar is damaged.
    /// `triageTarget` overrides the organisation's (`OrganisationTriageTarget`).
    public static func run(period: ReportPeriod, in store: EventStore,
                           triageTarget: TriageTarget? = nil) throws -> ReportResult {
        try store.read { reader in
            let context = ReportContext(period: period, calendar: try OrganisationCalendar.calendar(in: reader),
                                        triageTarget: try triageTarget ?? OrganisationTriageTarget.target(in: reader),
                                        homes: try HomesSetting.homes(in: reader))
            var report = Self(context: context)
            try reader.scan(from: 1) { report.apply($0) }
            return report.result()
        }
    }
}

/// The three built-in learning reports, by their command-line names.
public enum ReportKind: String, CaseIterable, Sendable {
    /// `ComplaintsPerformanceReport`.
    case complaintsPerformance = "complaints-performance"
    /// `SafeguardingLearningReport`.
    case safeguardingLearning = "safeguarding-learning"
    /// `TenancySustainmentReport`.
    case tenancySustainment = "tenancy-sustainment"

    /// Runs the report of this kind over `store` for `period` (see `LearningReport.run`).
    public func run(period: ReportPeriod, in store: EventStore) throws -> ReportResult {
        switch self {
        case .complaintsPerformance: try ComplaintsPerformanceReport.run(period: period, in: store)
        case .safeguardingLearning: try SafeguardingLearningReport.run(period: period, in: store)
        case .tenancySustainment: try TenancySustainmentReport.run(period: period, in: store)
        }
    }
}
