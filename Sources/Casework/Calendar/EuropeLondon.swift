import EventLog
/// Civil time in the Europe/London time zone, worked out from the rule rather than read from
/// the machine's time-zone database, so that every machine gives the same dates.
///
/// The rule: Greenwich Mean Time (UTC+0), except British Summer Time (UTC+1) from 01:00 UTC on
/// the last Sunday of March until 01:00 UTC on the last Sunday of October. It has applied since
/// 1996 and is applied here to every year, so dates before 1996 may differ from history by an
/// hour around the clock changes. Every function costs a few integer operations and allocates
/// nothing.
public enum EuropeLondon {
    private static let microsecondsPerSecond: Int64 = 1_000_000
    private static let secondsPerDay: Int64 = 86_400
    private static let secondsPerHour: Int64 = 3_600

    /// The Europe/London date at `instant`: 2025-10-25T23:30:00Z is 2025-10-26 (BST), while
    /// 2025-10-26T23:30:00Z is still 2025-10-26 (GMT).
    public static func date(of instant: Timestamp) -> CalendarDate {
        let seconds = instant.microseconds.floorDivided(by: microsecondsPerSecond)
        let local = seconds + Int64(utcOffsetSeconds(atSecond: seconds))
        return CalendarDate(daysSince1970: Int(local.floorDivided(by: secondsPerDay)))
    }

    /// Today's date in Europe/London, by the system clock unless `now` is given.
    public static func today(now: Timestamp = .now()) -> CalendarDate {
        date(of: now)
    }

    /// True when British Summer Time is in force at `instant` (the clocks are at UTC+1).
    public static func isSummerTime(at instant: Timestamp) -> Bool {
        utcOffsetSeconds(at: instant) != 0
    }

    /// Seconds east of UTC at `instant`: 3,600 in British Summer Time, else 0.
    public static func utcOffsetSeconds(at instant: Timestamp) -> Int {
        utcOffsetSeconds(atSecond: instant.microseconds.floorDivided(by: microsecondsPerSecond))
    }

    /// The instant British Summer Time starts in `year`: 01:00 UTC on the last Sunday of March
    /// (the clocks go from 01:00 to 02:00).
    public static func summerTimeStart(year: Int) -> Timestamp {
        Timestamp(microseconds: startSecond(year: year) * microsecondsPerSecond)
    }

    /// The instant British Summer Time ends in `year`: 01:00 UTC on the last Sunday of October
    /// (the clocks go from 02:00 back to 01:00).
    public static func summerTimeEnd(year: Int) -> Timestamp {
        Timestamp(microseconds: endSecond(year: year) * microsecondsPerSecond)
    }

    /// The instant `date` begins in Europe/London (local midnight). Midnight is never skipped
    /// or repeated here, because the clocks change at 01:00 UTC, so the answer is always exact.
    public static func startOfDay(_ date: CalendarDate) -> Timestamp {
        let wallClock = Int64(date.daysSince1970) * secondsPerDay
        // Midnight BST is 23:00 UTC the day before; it is BST when that instant is.
        let summer = utcOffsetSeconds(atSecond: wallClock - secondsPerHour) != 0
        return Timestamp(microseconds: (summer ? wallClock - secondsPerHour : wallClock) * microsecondsPerSecond)
    }

    private static func utcOffsetSeconds(atSecond seconds: Int64) -> Int {
        // The changes happen at the end of March and October, so the UTC year is the local year.
        let year = Timestamp.civilFromDays(Int(seconds.floorDivided(by: secondsPerDay))).year
        return seconds >= startSecond(year: year) && seconds < endSecond(year: year) ? 3_600 : 0
    }

    private static func startSecond(year: Int) -> Int64 {
        Int64(lastSunday(year: year, month: 3)) * secondsPerDay + secondsPerHour
    }

    private static func endSecond(year: Int) -> Int64 {
        Int64(lastSunday(year: year, month: 10)) * secondsPerDay + secondsPerHour
    }

    /// Days since 1970-01-01 of the last Sunday of `month`, which must have 31 days.
    private static func lastSunday(year: Int, month: Int) -> Int {
        let lastDay = CalendarDate(daysSince1970: Timestamp.daysFromCivil(year: year, month: month, day: 31))
        return lastDay.daysSince1970 - lastDay.weekday.rawValue % 7
    }
}
