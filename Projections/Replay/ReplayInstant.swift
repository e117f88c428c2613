import Casework
import EventLog

/// The instants `--known-at` and `--as-of` accept.
public enum ReplayInstant {
    /// The instant `text` names:
    ///
    /// - a date (`2025-03-04`): the end of that day in Europe/London (its last microsecond), so
    ///   that everything of the day is included;
    /// - an ISO 8601 instant with an offset or `Z` (`2025-03-04T10:15:00Z`);
    /// - a date and time without an offset (`2025-03-04T10:15`), read as London wall-clock time.
    ///
    /// Returns nil for anything else (including `now`, which a replay has no use for).
    public static func parse(_ text: String) -> Timestamp? {
        if let date = CalendarDate(text) {
            return Timestamp(microseconds: EuropeLondon.startOfDay(date.adding(days: 1)).microseconds - 1)
        }
        guard text != "now" else { return nil }
        return EuropeLondon.instant(text)
    }
}
