import Casework
import Codec
import EventLog
import Projections

/// The board's targets (DOMAIN.md §10, `caselog target`): setting one on a report figure, and
/// listing those set.
extension CaseStore {
    /// Records `target` (`target.set` on the settings stream) by `actor`, for the store's
    /// `onBehalfOf` when given, after checking that its measure names a figure of a report,
    /// and that a percentage's target lies from 0 to 100.
    ///
    /// - Returns: the target as recorded, with its position.
    /// - Throws: `CaselogError` (usage, exit 64) for a measure that names no report or no
    ///   figure (with the nearest name), a percentage beyond 0–100, a value or band that is not
    ///   a number, an aim that is empty or too long; `StoreError` when the store cannot be written.
    public func setTarget(_ target: Target, actor: String) throws -> Target {
        try Self.checkMeasure(target.measure, value: target.value)
        do {
            return try OrganisationSettings.setTarget(target, in: log, actor: actor, onBehalfOf: onBehalfOf)
        } catch let error as ValidationError {
            throw CaselogError(.usage, error.message, cause: error)
        }
    }

    /// The largest target any figure takes: more than any count, sum of pence or rate a housing
    /// organisation's report gives.
    public static let largestTarget: Double = 1_000_000_000_000

    /// Checks that `measure` names a figure a target may be set on, and that `value` suits it
    /// (0 to `largestTarget`; a percentage 0 to 100).
    ///
    /// - Throws: `CaselogError` (usage) naming what is wrong and what would be right.
    public static func checkMeasure(_ measure: Measure, value: Double) throws {
        let reports = ReportKind.withFigures
        guard let kind = reports.first(where: { $0.rawValue == measure.report }) else {
            var message = "no report \"\(measure.report)\" has figures to set a target on"
            if let nearest = NameSuggestion.nearest(to: measure.report, in: reports.map(\.rawValue)) { message += " (did you mean \"\(nearest)\"?)" }
            throw CaselogError(.usage, message + "; reports: " + reports.map(\.rawValue).joined(separator: ", "), cause: TargetRefusal.unknownMeasure)
        }
        let figures = kind.figureTemplates
        guard let figure = figures.first(where: { $0.name == measure.figure }) else {
            var message = "the \(kind.rawValue) report has no figure \"\(measure.figure)\""
            if let nearest = NameSuggestion.nearest(to: measure.figure, in: figures.map(\.name)) { message += " (did you mean \"\(nearest)\"?)" }
            throw CaselogError(.usage, message + "; `caselog report \(kind.rawValue) --from … --to … --format json` lists its figures",
                               cause: TargetRefusal.unknownMeasure)
        }
        guard (0...Self.largestTarget).contains(value) else {
            throw CaselogError(.usage, "\(measure)'s target must be from 0 to \(Target.number(Self.largestTarget)), not \(Target.number(value))",
                               cause: TargetRefusal.percentageOutOfRange)
        }
        if case .percent = figure.value, !(0...100).contains(value) {
            throw CaselogError(.usage, "\(measure) is a percentage: its target must be from 0 to 100, not \(Target.number(value))",
                               cause: TargetRefusal.percentageOutOfRange)
        }
    }

    /// Every target set, as it stood at the head (or as recorded by `knownAt`): for each measure
    /// and first date, the last one set, ordered by measure and date.
    public func targets(knownAt: Timestamp? = nil) throws -> TargetList {
        let settings = try log.read { try OrganisationSettings.inForce(in: $0, knownAt: knownAt) }
        var latest: [String: Target] = [:]
        for target in settings.targets { latest[target.measure.description + " " + target.from.iso8601] = target }
        return TargetList(targets: latest.values.sorted { ($0.measure, $0.from) < ($1.measure, $1.from) })
    }
}

/// Why a target was refused before anything was written.
public enum TargetRefusal: Error, Sendable {
    /// The measure names no report with figures, or no figure of it.
    case unknownMeasure
    /// A percentage's target beyond 0–100.
    case percentageOutOfRange
}

/// The targets as `caselog target list` prints them.
public struct TargetList: Sendable, Equatable {
    /// For each measure and first date, the target set last.
    public let targets: [Target]

    /// The forms `caselog target list` prints.
    public static let formats: [OutputFormat] = [.table, .json]

    /// The list in `format`: a table (measure, target, from, amber band, aim, who set it when)
    /// or a JSON array.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        if format == .json {
            var json = JSONWriter(capacity: 256 * targets.count + 4)
            json.beginArray()
            for target in targets {
                json.beginObject()
                json.key("measure"); json.string(target.measure.description)
                json.key("comparison"); json.string(target.comparison.rawValue)
                json.key("value"); json.double(target.value)
                json.key("from"); json.string(target.from.iso8601)
                json.key("amberWithin")
                if let amber = target.amberWithin { json.double(amber) } else { json.null() }
                json.key("aim"); json.stringOrNull(target.aim)
                json.key("position")
                if let position = target.change?.position { json.unsigned(position) } else { json.null() }
                json.key("actor"); json.stringOrNull(target.change?.actor)
                json.endObject()
            }
            json.endArray()
            printout.write(json.bytes + Array("\n".utf8))
            return printout
        }
        guard !targets.isEmpty else {
            printout.note("no target is set: caselog target set REPORT:FIGURE at-least|at-most VALUE --from DATE")
            return printout
        }
        let rows = [["measure", "target", "from", "amber within", "aim", "set"]] + targets.map { target in
            [target.measure.description, target.words, target.from.iso8601, target.amberWithin.map(Target.number) ?? "—",
             target.aim ?? "—", target.change?.description ?? ""]
        }
        let widths = rows[0].indices.map { column in (rows.map { $0[column].count }.max() ?? 0) + 2 }
        for row in rows {
            printout.print(String(zip(row, widths).map { TextLayout.padded($0, $1) }.joined().reversed().drop { $0 == " " }.reversed()))
        }
        return printout
    }
}
