import Casework
import EventLog

/// How a replay is cut and flagged (`caselog replay`'s options).
public struct ReplayOptions: Sendable, Equatable {
    /// Show only what had been recorded by then (`recordedAt` ≤ it): "what did we know at the time?".
    public var knownAt: Timestamp?
    /// Show only what had happened by then (`occurredAt` ≤ it), as the store knows it now.
    public var asOf: Timestamp?
    /// Flag a gap between consecutive entries longer than this many days.
    public var gapDays: Int
    /// Show personal (†) fields instead of naming what was withheld.
    public var includesPersonal: Bool
    /// The date deadlines are judged on when neither `knownAt` nor `asOf` says (a step not done
    /// by then is overdue): today in London unless a caller fixes it.
    public var today: CalendarDate
    /// Where `gapDays` came from, as the replay says it ("--gap-days", or the setting's
    /// `SettingInForce` text); nil when not said.
    public var gapDaysSource: String?

    /// The default gap threshold when the organisation has not set one.
    public static let defaultGapDays = StoreSetting.replayGapDays.defaultValue ?? 7

    /// Options with nothing hidden, personal fields withheld, gaps flagged after `gapDays` and
    /// deadlines judged on `today` (London's today when not given).
    public init(knownAt: Timestamp? = nil, asOf: Timestamp? = nil, gapDays: Int = defaultGapDays,
                includesPersonal: Bool = false, today: CalendarDate? = nil) {
        self.knownAt = knownAt
        self.asOf = asOf
        self.gapDays = gapDays
        self.includesPersonal = includesPersonal
        self.today = today ?? EuropeLondon.today()
    }

    /// The date deadlines are judged on: that of `knownAt` (what was known then), else of
    /// `asOf` (what had happened by then), else `today`.
    public var judgedOn: CalendarDate {
        (knownAt ?? asOf).map(EuropeLondon.date(of:)) ?? today
    }

    /// The thresholds a gap may have: a day to a hundred years (`StoreSetting.replayGapDays`).
    public static let gapDaysRange = StoreSetting.replayGapDays.range

    /// The days in `text`, checked against `gapDaysRange`; nil for anything else.
    public static func parseGapDays(_ text: String) -> Int? {
        guard let days = Int(text), gapDaysRange.contains(days) else { return nil }
        return days
    }

}
