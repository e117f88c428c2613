import Casework
import EventLog
import Projections

/// What `CaseStore.replay(_:_:)` is asked besides the case: the options of `caselog replay`.
public struct ReplayRequest: Sendable, Equatable {
    /// Show only what had been recorded by then (`--known-at`; `ReplayInstant.parse` reads the CLI's text).
    public var knownAt: Timestamp?
    /// Show only what had happened by then (`--as-of`).
    public var asOf: Timestamp?
    /// Flag gaps longer than this many days (`--gap-days`, within `ReplayOptions.gapDaysRange`);
    /// nil: the setting `replay.gap-days` in force at `knownAt`, else 7.
    public var gapDays: Int?
    /// Show personal (†) fields instead of naming what was withheld (`--include-personal`).
    public var includesPersonal: Bool

    /// A replay of everything known now, personal fields withheld, gaps as the store's setting says.
    public init(knownAt: Timestamp? = nil, asOf: Timestamp? = nil, gapDays: Int? = nil, includesPersonal: Bool = false) {
        self.knownAt = knownAt
        self.asOf = asOf
        self.gapDays = gapDays
        self.includesPersonal = includesPersonal
    }
}

extension CaseStore {
    /// The panel's replay of `reference` with every related stream (docs/REPLAY.md), as
    /// `caselog replay` shows it; nil when the store has no such case. `json()` is what
    /// `--format json` prints, `html()` the panel's pack of `--format html`.
    ///
    /// Cost: one read of the related streams' records in one snapshot.
    ///
    /// - Throws: `CaselogError` (usage) for a `gapDays` outside `ReplayOptions.gapDaysRange`;
    ///   `StoreError` when the store cannot be read.
    public func replay(_ reference: String, _ request: ReplayRequest = ReplayRequest()) throws -> Replay? {
        var options = ReplayOptions(knownAt: request.knownAt, asOf: request.asOf, includesPersonal: request.includesPersonal)
        if let gapDays = request.gapDays {
            let range = ReplayOptions.gapDaysRange
            guard range.contains(gapDays) else {
                throw CaselogError(.usage, "--gap-days must be from \(range.lowerBound) to \(range.upperBound)",
                                   cause: ReplayRequestError.gapDaysOutOfRange(gapDays))
            }
            options.gapDays = gapDays
            options.gapDaysSource = "--gap-days"
        }
        return try log.read { reader -> Replay? in
            if request.gapDays == nil {
                // The threshold in force when the replay is known at (DOMAIN.md §13).
                let settings = try OrganisationSettings.inForce(in: reader, knownAt: options.knownAt)
                options.gapDays = settings.replayGapDays
                options.gapDaysSource = settings.inForce([.replayGapDays], includesCalendar: false).first.map { "replay.gap-days: \($0.source)" }
            }
            return try Replay.build(for: reference, options: options, in: reader)
        }
    }
}

/// A replay asked for with an option out of its range (the typed cause of a `CaselogError`).
public enum ReplayRequestError: Error, Equatable, Sendable {
    /// `gapDays` outside `ReplayOptions.gapDaysRange`.
    case gapDaysOutOfRange(Int)
}

extension Replay {
    /// The replay as one JSON object and a newline: what `caselog replay --format json` prints.
    public func json() -> [UInt8] { ReplayJSON.render(self) }

    /// The panel's pack, an HTML page to print on A4: what `caselog replay --format html` prints.
    public func html() -> String { ReplayHTML.render(self) }
}
