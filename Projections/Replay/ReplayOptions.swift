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

    /// The default gap threshold when the organisation has not set one.
    public static let defaultGapDays = 7
    /// The store setting (`LogWriter.saveSetting`) that holds an organisation's gap threshold,
    /// as ASCII digits.
    public static let gapDaysSetting = "replay.gap-days"

    /// Options with nothing hidden, personal fields withheld and gaps flagged after `gapDays`.
    public init(knownAt: Timestamp? = nil, asOf: Timestamp? = nil, gapDays: Int = defaultGapDays,
                includesPersonal: Bool = false) {
        self.knownAt = knownAt
        self.asOf = asOf
        self.gapDays = gapDays
        self.includesPersonal = includesPersonal
    }

    /// The thresholds a gap may have: a day to a hundred years.
    public static let gapDaysRange = 1...36_500

    /// The days in `text`, checked against `gapDaysRange`; nil for anything else.
    public static func parseGapDays(_ text: String) -> Int? {
        guard let days = Int(text), gapDaysRange.contains(days) else { return nil }
        return days
    }

    /// The organisation's stored gap threshold, if it saved a valid one (`gapDaysRange`).
    public static func storedGapDays(in reader: borrowing LogReader) throws -> Int? {
        try reader.setting(named: gapDaysSetting).flatMap { parseGapDays(String(decoding: $0, as: UTF8.self)) }
    }
}
