/// Benchmark files compared (DOMAIN.md §12): for each period and headline figure, the median
/// and quartiles of the organisations' values and each organisation's place; and, when the
/// files give several periods, each organisation's figure per period in order (the trend).
///
/// Only the files are read: no store is needed. A withheld value (a count under 5) or one
/// not known (homes not set) takes no part, and is counted.
public struct BenchmarkComparison: Sendable, Equatable {
    /// One file compared: whose, which period, and the head it was worked out at.
    public struct Source: Sendable, Equatable {
        /// The file's name as given.
        public let file: String
        public let organisation: String
        public let period: ReportPeriod
        public let headPosition: UInt64
        public let headDigest: String
    }

    /// One organisation's value of one figure in one period, and its place.
    public struct Standing: Sendable, Equatable {
        public let organisation: String
        /// The entry as its file gave it; nil when the file has no such figure.
        public let entry: BenchmarkEntry?
        /// 1 = best, ties sharing a place (1, 2, 2, 4); nil without a value, or for a figure
        /// that is context (`BenchmarkDirection.context`).
        public let place: Int?

        /// The value compared; nil when withheld, not known or not given.
        public var value: Double? { entry?.value }
    }

    /// One figure in one period across the organisations.
    public struct Row: Sendable, Equatable {
        /// `REPORT:FIGURE`.
        public let measure: String
        public let period: ReportPeriod
        /// One per organisation of the period, in the comparison's order of organisations.
        public let standings: [Standing]
        /// The quartiles of the values given (`BenchmarkComparison.quartiles`); nil when none is.
        public let lowerQuartile: Double?
        public let median: Double?
        public let upperQuartile: Double?
        /// How many values were compared.
        public let compared: Int
        /// How many were withheld for a count under 5.
        public let suppressed: Int
        /// How many were not known or not given (homes not set, a figure missing).
        public let missing: Int
    }

    /// The files, in the order given.
    public let sources: [Source]
    /// The organisations, in the order first given.
    public let organisations: [String]
    /// The periods, earliest first.
    public let periods: [ReportPeriod]
    /// Per period (earliest first), one row per headline figure in schema order.
    public let rows: [Row]

    /// Compares `files`, each named as given.
    ///
    /// - Throws: `BenchmarkError.usage` for no file; `.twice` when two files give the same
    ///   organisation and period.
    public init(_ files: [(name: String, file: BenchmarkFile)]) throws(BenchmarkError) {
        guard !files.isEmpty else { throw .usage("give one or more benchmark files to compare") }
        var seen: [String: String] = [:]
        var organisations: [String] = []
        for (name, file) in files {
            let key = file.organisation + "\u{0}" + file.period.description
            if let other = seen[key] {
                throw .twice(file: name, other: other, organisation: file.organisation, period: file.period)
            }
            seen[key] = name
            if !organisations.contains(file.organisation) { organisations.append(file.organisation) }
        }
        self.sources = files.map { Source(file: $0.name, organisation: $0.file.organisation, period: $0.file.period,
                                          headPosition: $0.file.headPosition, headDigest: $0.file.headDigest) }
        self.organisations = organisations
        self.periods = Set(files.map(\.file.period)).sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        var rows: [Row] = []
        for period in periods {
            let inPeriod = files.map(\.file).filter { $0.period == period }
            let whose = organisations.compactMap { organisation in inPeriod.first { $0.organisation == organisation } }
            for measure in BenchmarkMeasure.headline {
                let entries = whose.map { $0.entry(measure.id) }
                let values = entries.map { $0?.value }
                let places = Self.places(values, direction: measure.direction)
                let given = values.compactMap { $0 }
                let quartiles = Self.quartiles(given)
                let suppressed = entries.filter { $0?.isSuppressed == true }.count
                rows.append(Row(measure: measure.id, period: period,
                                standings: zip(whose, zip(entries, places)).map { Standing(organisation: $0.organisation, entry: $1.0, place: $1.1) },
                                lowerQuartile: quartiles?.lower, median: quartiles?.median, upperQuartile: quartiles?.upper,
                                compared: given.count, suppressed: suppressed, missing: entries.count - given.count - suppressed))
            }
        }
        self.rows = rows
    }

    /// True when the files give more than one period: the comparison then shows trends.
    public var hasTrends: Bool { periods.count > 1 }

    /// The row of `measure` in `period`; nil when there is none.
    public func row(_ measure: String, in period: ReportPeriod) -> Row? {
        rows.first { $0.measure == measure && $0.period == period }
    }

    /// `organisation`'s values of `measure`, one per period of the comparison in order (nil
    /// where it gave no file for the period or its value is withheld): the trend.
    public func trend(of organisation: String, _ measure: String) -> [Double?] {
        periods.map { period in
            row(measure, in: period)?.standings.first { $0.organisation == organisation }?.value
        }
    }

    /// The `p`-quantile (0…1) of `sorted` (ascending, not empty) by linear interpolation
    /// between closest ranks, the inclusive method (Excel's QUARTILE.INC and PERCENTILE.INC,
    /// R's type 7): position h = (n − 1)·p from 0, value x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    public static func quantile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty && (0...1).contains(p), "a quantile of no values, or p outside 0…1")
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        guard low + 1 < sorted.count else { return sorted[low] }
        return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
    }

    /// The lower quartile, median and upper quartile of `values` (`quantile` at ¼, ½, ¾);
    /// nil for no values.
    public static func quartiles(_ values: [Double]) -> (lower: Double, median: Double, upper: Double)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return (quantile(0.25, ofSorted: sorted), quantile(0.5, ofSorted: sorted), quantile(0.75, ofSorted: sorted))
    }

    /// Each value's place, 1 = best by `direction`, equal values sharing the better place
    /// ("standard competition" ranking: 1, 2, 2, 4); nil for a missing value, and every place
    /// nil for `context`.
    public static func places(_ values: [Double?], direction: BenchmarkDirection) -> [Int?] {
        guard direction != .context else { return values.map { _ in nil } }
        return values.map { value in
            guard let value else { return nil }
            let better = values.filter { other in
                guard let other else { return false }
                return direction == .higher ? other > value : other < value
            }
            return better.count + 1
        }
    }
}
