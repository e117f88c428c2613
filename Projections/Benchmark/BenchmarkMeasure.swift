/// Which way a benchmark figure is better, which decides each organisation's place.
public enum BenchmarkDirection: String, Sendable, CaseIterable {
    /// The highest value takes place 1.
    case higher = "higher-is-better"
    /// The lowest value takes place 1.
    case lower = "lower-is-better"
    /// Context, not a score (complaints per 1,000 homes: more complaints may mean an easier
    /// door to knock on): median and quartiles, no places.
    case context
}

/// What a benchmark figure's value is.
public enum BenchmarkUnit: String, Sendable, CaseIterable {
    /// numerator / denominator × 100.
    case percent
    /// numerator × 1,000 / denominator, the denominator being the homes managed.
    case perThousandHomes = "per-1000-homes"
    /// A median in hours; the denominator is how many intervals were measured.
    case hours
    /// A median in days; the denominator is how many intervals were measured.
    case days
}

/// One headline figure of a benchmark file (DOMAIN.md §12, docs/BENCHMARK.md): a learning
/// report's figure named `REPORT:FIGURE` by its `--explain` id, with the counts it is worked
/// out from, its unit and which way is better.
public struct BenchmarkMeasure: Sendable {
    /// The report the figure comes from.
    public let report: ReportKind
    /// The figure's `--explain` id in its report, e.g. `stage1.respondedWithinCodePercent`.
    public let figure: String
    /// What the value is.
    public let unit: BenchmarkUnit
    /// Which way is better.
    public let direction: BenchmarkDirection
    /// A label for people, e.g. "Stage 1 responded within the Code's timescale (CH02)".
    public let label: String
    /// The numerator's count in a report's result; nil for a median, which has none.
    let numerator: (@Sendable (ReportResult) -> Int?)?
    /// The denominator's count in a report's result; nil when it cannot be known (homes not set).
    let denominator: @Sendable (ReportResult) -> Int?

    /// `REPORT:FIGURE`, the name a benchmark file and a target use.
    public var id: String { report.rawValue + ":" + figure }

    /// The numerator in `result`, the report of this measure; nil for a median.
    public func numerator(in result: ReportResult) -> Int? { numerator?(result) }

    /// The denominator in `result`, the report of this measure; nil when it is not known.
    public func denominator(in result: ReportResult) -> Int? { denominator(result) }

    /// The figure's value in `result`, as the report gives it (one decimal place).
    public func value(in result: ReportResult) -> Double? { result.figure(figure)?.value.number }

    /// The measure whose `id` is `id`; nil when the schema has none.
    public static func named(_ id: String) -> BenchmarkMeasure? { headline.first { $0.id == id } }

    /// The headline figures of schema version 1, in the order files and comparisons list them
    /// (docs/BENCHMARK.md lists the same, tested).
    public static let headline: [BenchmarkMeasure] = [
        BenchmarkMeasure(.complaintsPerformance, "stage1.per1000Homes", .perThousandHomes, .context,
                         "Stage 1 complaints per 1,000 homes (CH01)", count("stage1.received"), homes),
        BenchmarkMeasure(.complaintsPerformance, "stage2.per1000Homes", .perThousandHomes, .context,
                         "Stage 2 complaints per 1,000 homes (CH01)", count("stage2.received"), homes),
        BenchmarkMeasure(.complaintsPerformance, "stage1.acknowledgedWithinCodePercent", .percent, .higher,
                         "Stage 1 acknowledged within the Code's timescale",
                         count("stage1.acknowledgedWithinCode"), count("stage1.acknowledged")),
        BenchmarkMeasure(.complaintsPerformance, "stage1.respondedWithinCodePercent", .percent, .higher,
                         "Stage 1 responded within the Code's timescale (CH02)",
                         count("stage1.respondedWithinCode"), count("stage1.responded")),
        BenchmarkMeasure(.complaintsPerformance, "stage2.respondedWithinCodePercent", .percent, .higher,
                         "Stage 2 responded within the Code's timescale (CH02)",
                         count("stage2.respondedWithinCode"), count("stage2.responded")),
        BenchmarkMeasure(.complaintsPerformance, "decisions.upheldPercent", .percent, .context,
                         "Complaints upheld or partly upheld",
                         sum(["decisions.upheld", "decisions.partly-upheld"]), decisions),
        BenchmarkMeasure(.complaintsPerformance, "escalation.ratePercent", .percent, .lower,
                         "Stage 1 responses escalated to stage 2", count("stage2.received"), count("stage1.responded")),
        BenchmarkMeasure(.complaintsPerformance, "ombudsman.ratePercent", .percent, .lower,
                         "Stage 2 responses referred to the Ombudsman", count("ombudsman.referred"), count("stage2.responded")),
        BenchmarkMeasure(.safeguardingLearning, "triage.withinTargetPercent", .percent, .higher,
                         "Concerns triaged within target", count("triage.withinTarget"), count("triage.dueOrDone")),
        BenchmarkMeasure(.safeguardingLearning, "triage.medianHours", .hours, .lower,
                         "Median time to triage", nil, count("triage.triaged")),
        BenchmarkMeasure(.safeguardingLearning, "referrals.ratePercent", .percent, .context,
                         "Concerns referred to another agency", count("referrals.concernsReferred"), count("concerns.raised")),
        BenchmarkMeasure(.safeguardingLearning, "msp.askedPercent", .percent, .higher,
                         "Closed concerns where the person was asked what they wanted (MSP)", mspAsked, count("outcomes.closed")),
        BenchmarkMeasure(.safeguardingLearning, "msp.achievedPercent", .percent, .higher,
                         "Outcomes fully or partly achieved, of those asked (MSP)",
                         sum(["msp.byResult.fully-achieved", "msp.byResult.partly-achieved"]), mspAsked),
        BenchmarkMeasure(.tenancySustainment, "sustained.at6Months.percent", .percent, .higher,
                         "Tenancies sustained at 6 months",
                         count("sustained.at6Months.stillInTenancy"), count("sustained.at6Months.checked")),
        BenchmarkMeasure(.tenancySustainment, "sustained.at12Months.percent", .percent, .higher,
                         "Tenancies sustained at 12 months",
                         count("sustained.at12Months.stillInTenancy"), count("sustained.at12Months.checked")),
        BenchmarkMeasure(.tenancySustainment, "firstVisit.medianDays", .days, .lower,
                         "Median days from referral to first visit", nil, count("firstVisit.visited")),
    ]

    private init(_ report: ReportKind, _ figure: String, _ unit: BenchmarkUnit, _ direction: BenchmarkDirection, _ label: String,
                 _ numerator: (@Sendable (ReportResult) -> Int?)?, _ denominator: @escaping @Sendable (ReportResult) -> Int?) {
        self.report = report
        self.figure = figure
        self.unit = unit
        self.direction = direction
        self.label = label
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The count figure `name`.
    private static func count(_ name: String) -> @Sendable (ReportResult) -> Int? {
        { result in
            guard case .count(let count)? = result.figure(name)?.value else { return nil }
            return count
        }
    }

    /// The sum of the count figures `names`.
    private static func sum(_ names: [String]) -> @Sendable (ReportResult) -> Int? {
        { result in
            var total = 0
            for name in names {
                guard let count = count(name)(result) else { return nil }
                total += count
            }
            return total
        }
    }

    /// The homes managed; nil when not set (the report gives 0 then).
    private static let homes: @Sendable (ReportResult) -> Int? = { result in
        count("homes")(result).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Every decision counted (`decisions.*` counts), the denominator of the upheld rate.
    private static let decisions: @Sendable (ReportResult) -> Int? = { result in
        result.figures.reduce(0) { total, figure in
            guard figure.name.hasPrefix("decisions."), case .count(let count) = figure.value else { return total }
            return total + count
        }
    }

    /// Closes where the person was asked: closed, less "not asked" and "not recorded".
    private static let mspAsked: @Sendable (ReportResult) -> Int? = { result in
        guard let closed = count("outcomes.closed")(result) else { return nil }
        return closed - (count("msp.byResult.not-asked")(result) ?? 0) - (count("msp.byResult.not-recorded")(result) ?? 0)
    }
}
