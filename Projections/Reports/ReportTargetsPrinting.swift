import Casework
import Codec

/// How every form of a report prints its targets (DOMAIN.md §10): one row per figure with a
/// target, grouped by aim: the figure, its target, the actual, the status, the trend.
enum ReportTargetsPrinting {
    /// The heading above the targets, with what the colours mean.
    static let heading = "Targets (green: met; amber: missed by no more than the amber band; red: missed; no-data: nothing to measure)"

    /// What the progress report says when the board has set no target.
    static let noTargets = "No targets are set for this period: caselog target set REPORT:FIGURE at-least|at-most VALUE --from DATE"

    /// The figure's name as a row shows it: `REPORT:FIGURE` on the progress page (where the
    /// figures come from several reports), the figure's name in its own report.
    static func measure(_ outcome: TargetOutcome, in result: ReportResult) -> String {
        result.name == ProgressReport.name ? outcome.target.measure.description : outcome.target.measure.figure
    }

    /// "85.1% (amber)", "— (no-data)".
    static func actual(_ outcome: TargetOutcome) -> String { outcome.figure.value.text }

    /// "80.0% → 82.5% → 85.1%, better", with "since FROM" when the target changed.
    static func trend(_ outcome: TargetOutcome) -> String {
        outcome.trendText + (outcome.direction.map { ", \($0.rawValue)" } ?? "")
    }

    /// The rows of a table form, grouped by aim: (aim, rows of [measure, target, actual, status, trend]).
    static func rows(_ result: ReportResult) -> [(aim: String, rows: [[String]])] {
        ProgressReport.groups(result.targets).map { group in
            (group.aim, group.outcomes.map { outcome in
                [measure(outcome, in: result), outcome.targetText + amber(outcome), actual(outcome), outcome.status.rawValue, trend(outcome)]
            })
        }
    }

    static let columns = ["measure", "target", "actual", "status", "trend (oldest first)"]

    /// ", amber within 5" when the target has a band.
    static func amber(_ outcome: TargetOutcome) -> String {
        outcome.target.amberWithin.map { " (amber within \(Target.number($0)))" } ?? ""
    }

    /// The targets as a JSON array (`ReportJSON`'s `targets` member).
    static func writeJSON(_ outcomes: [TargetOutcome], into json: inout JSONWriter) {
        json.beginArray()
        for outcome in outcomes {
            let target = outcome.target
            json.beginObject()
            json.key("measure"); json.string(target.measure.description)
            json.key("report"); json.string(target.measure.report)
            json.key("figure"); json.string(target.measure.figure)
            json.key("aim"); json.stringOrNull(target.aim)
            json.key("comparison"); json.string(target.comparison.rawValue)
            json.key("target"); json.double(target.value)
            json.key("amberWithin")
            if let amber = target.amberWithin { json.double(amber) } else { json.null() }
            json.key("from"); json.string(target.from.iso8601)
            json.key("actual")
            if let number = outcome.figure.value.number { json.double(number) } else { json.null() }
            json.key("status"); json.string(outcome.status.rawValue)
            json.key("direction"); json.stringOrNull(outcome.direction?.rawValue)
            json.key("trend")
            json.beginArray()
            for point in outcome.trend {
                json.beginObject()
                json.key("from"); json.string(point.period.from.iso8601)
                json.key("to"); json.string(point.period.to.iso8601)
                json.key("value")
                if let number = point.value.number { json.double(number) } else { json.null() }
                json.endObject()
            }
            json.endArray()
            json.key("setAt")
            if let position = target.change?.position { json.unsigned(position) } else { json.null() }
            json.endObject()
        }
        json.endArray()
    }
}
