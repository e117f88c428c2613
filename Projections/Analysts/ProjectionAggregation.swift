import Casework
import EventLog

/// Turns a run's rows into its table: each row's values (per-case values worked out once per
/// case), the groups it falls in (every element of a list, every combination of columns), and
/// each group's measures.
struct ProjectionAggregation {
    let run: ProjectionRun
    private var spec: ProjectionSpec { run.plan.spec }

    /// One row with everything a grouping or measure may ask of it.
    private struct RowValues {
        let occurredAt: Int64
        let captured: [ProjectionValue]
        let caseValues: [ProjectionValue]
    }

    /// The figures of one group, as they are added up.
    private struct Accumulator {
        var rows = 0
        var counts: [Int]
        var distinct: [Set<ProjectionValue>]
        var numbers: [[Double]]
        var shareDenominators: [Int]

        init(measures: Int) {
            counts = Array(repeating: 0, count: measures)
            distinct = Array(repeating: [], count: measures)
            numbers = Array(repeating: [], count: measures)
            shareDenominators = Array(repeating: 0, count: measures)
        }
    }

    /// The table: one row per group, sorted by the group's values.
    func table() -> ProjectionTable {
        var groups: [[ProjectionValue]: Accumulator] = [:]
        forEachRow { row in
            for key in keys(of: row) {
                var accumulator = groups[key.values] ?? Accumulator(measures: spec.measures.count)
                add(row, exploded: key.exploded, to: &accumulator)
                groups[key.values] = accumulator
            }
        }
        if spec.groupBy.isEmpty, groups.isEmpty { groups[[]] = Accumulator(measures: spec.measures.count) }
        let rows = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in key + figures(groups[key]!) }
        return ProjectionTable(name: spec.name, title: spec.title,
                               columns: spec.groupBy.map(\.name) + spec.measures.map(\.name), rows: rows)
    }

    private func forEachRow(_ body: (RowValues) -> Void) {
        if spec.isPerCase {
            for caseRow in run.state.cases {
                guard let anchor = caseRow.anchor else { continue }
                body(RowValues(occurredAt: anchor.occurredAt, captured: anchor.values, caseValues: caseValues(caseRow)))
            }
        } else {
            for row in run.state.rows { body(RowValues(occurredAt: row.occurredAt, captured: row.values, caseValues: [])) }
        }
    }

    /// The first of `times` at or after `start`: the `to` event that ends a span from `start`.
    static func firstAtOrAfter(_ start: Int64, _ times: [Int64]) -> Int64? {
        times.filter { $0 >= start }.min()
    }

    /// The per-case values of `caseRow`, in `spec.perCase` order.
    private func caseValues(_ caseRow: ProjectionState.CaseRow) -> [ProjectionValue] {
        var deadlines: [Deadline]?
        return spec.perCase.indices.map { index in
            switch (spec.perCase[index].fold, caseRow.folds[index]) {
            case (.exists, .count(let count)): return .bool(count > 0)
            case (.count, .count(let count)): return .integer(Int64(count))
            case (.first, .value(let value, _)), (.last, .value(let value, _)): return value
            case (.workingDays, .between(let from?, let tos)):
                guard let to = Self.firstAtOrAfter(from, tos) else { return .null }
                let start = EuropeLondon.date(of: Timestamp(microseconds: from)), finish = EuropeLondon.date(of: Timestamp(microseconds: to))
                return .integer(Int64(run.calendar.workingDays(from: start, to: finish)))
            case (.days, .between(let from?, let tos)):
                guard let to = Self.firstAtOrAfter(from, tos) else { return .null }
                let start = EuropeLondon.date(of: Timestamp(microseconds: from)), finish = EuropeLondon.date(of: Timestamp(microseconds: to))
                return .integer(Int64(start.days(to: finish)))
            case (.hours, .between(let from?, let tos)):
                guard let to = Self.firstAtOrAfter(from, tos) else { return .null }
                return .number(Double(to - from) / 3_600_000_000)
            case (.deadline(let step), _):
                guard let file = caseRow.file else { return .null }
                if deadlines == nil { deadlines = file.deadlines(calendar: run.calendar, triageTarget: run.triageTarget) }
                guard let deadline = deadlines?.first(where: { $0.step == step }) else { return .null }
                switch deadline.status(asOf: run.asOf) {
                case .met: return .bool(true)
                case .late, .overdue: return .bool(false)
                default: return .null
                }
            default: return .null
            }
        }
    }

    private func value(_ source: ProjectionSpec.Source, of row: RowValues, exploded: [ProjectionSpec.Source: ProjectionValue]) -> ProjectionValue {
        if case .caseValue(let index) = source { return row.caseValues[index] }
        if let value = exploded[source] { return value }
        guard let index = run.plan.captured.firstIndex(of: source) else { return .null }
        let value = row.captured[index]
        if source == .afterImplemented, case .list(let factors) = value {
            // Grouped by factor, a finding recurred for the factor of its group only.
            if case .text(let factor)? = exploded[.field("contributingFactors")] { return .bool(factors.contains(factor)) }
            return .bool(!factors.isEmpty)
        }
        return value
    }

    /// Every group key of `row`: one value per column, lists spread into one key per element.
    private func keys(of row: RowValues) -> [(values: [ProjectionValue], exploded: [ProjectionSpec.Source: ProjectionValue])] {
        var keys: [(values: [ProjectionValue], exploded: [ProjectionSpec.Source: ProjectionValue])] = [([], [:])]
        for dimension in spec.groupBy {
            switch dimension {
            case .time(let bucket):
                let label = ProjectionValue.text(bucket.label(of: EuropeLondon.date(of: Timestamp(microseconds: row.occurredAt))))
                keys = keys.map { ($0.values + [label], $0.exploded) }
            case .value(let source, _):
                let choices = value(source, of: row, exploded: [:]).groupKeys
                keys = keys.flatMap { key in
                    choices.map { choice in
                        var exploded = key.exploded
                        exploded[source] = choice
                        return (key.values + [choice], exploded)
                    }
                }
            }
        }
        return keys
    }

    private func add(_ row: RowValues, exploded: [ProjectionSpec.Source: ProjectionValue], to accumulator: inout Accumulator) {
        accumulator.rows += 1
        for (index, measure) in spec.measures.enumerated() {
            switch measure.kind {
            case .count: accumulator.counts[index] += 1
            case .countWhere(let source, let wanted):
                if value(source, of: row, exploded: exploded).holds(wanted ?? .bool(true)) { accumulator.counts[index] += 1 }
            case .distinct(let source):
                let found = value(source, of: row, exploded: exploded)
                if found != .null { accumulator.distinct[index].insert(found) }
            case .sum(let source), .min(let source), .max(let source), .mean(let source), .median(let source), .percentile(_, let source):
                if let number = value(source, of: row, exploded: exploded).double { accumulator.numbers[index].append(number) }
            case .share(let source, let wanted):
                let found = value(source, of: row, exploded: exploded)
                if let wanted {
                    accumulator.shareDenominators[index] += 1
                    if found.holds(wanted) { accumulator.counts[index] += 1 }
                } else if case .bool(let flag) = found {
                    accumulator.shareDenominators[index] += 1
                    if flag { accumulator.counts[index] += 1 }
                }
            }
        }
    }

    private func figures(_ accumulator: Accumulator) -> [ProjectionValue] {
        spec.measures.enumerated().map { index, measure in
            let numbers = accumulator.numbers[index]
            func number(_ value: Double?) -> ProjectionValue { value.map(ProjectionValue.number) ?? .null }
            switch measure.kind {
            case .count, .countWhere: return .integer(Int64(accumulator.counts[index]))
            case .distinct: return .integer(Int64(accumulator.distinct[index].count))
            case .sum: return number(numbers.reduce(0, +))
            case .min: return number(numbers.min())
            case .max: return number(numbers.max())
            case .mean: return number(numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count))
            case .median: return number(ReportMath.median(numbers))
            case .percentile(let percent, _): return number(ReportMath.percentile(percent, of: numbers))
            case .share: return number(ReportMath.percent(accumulator.counts[index], of: accumulator.shareDenominators[index]))
            }
        }
    }
}
