import Casework
#if canImport(EventLog)
import EventLog
#endif

/// Days, office hours and working days as a housing organisation in England sees them: local
/// time is Europe/London, and working days are Monday to Friday outside the bank holidays of
/// England and Wales.
///
/// Days are counted from 1970-01-01 (day 0, a Thursday) in local time; instants are microseconds
/// since the Unix epoch. Bank holidays are computed from the rules that produce the published
/// lists (substitute days included), so a history can run for decades past the last published year.
struct SampleCalendar {
    static let microsecondsPerSecond: Int64 = 1_000_000
    static let microsecondsPerMinute: Int64 = 60_000_000
    static let microsecondsPerHour: Int64 = 3_600_000_000
    static let microsecondsPerDay: Int64 = 86_400_000_000

    private var cachedYear = Int.min
    private var cachedHolidays: [Int] = []

    // MARK: Local time

    /// 0 for Monday through 6 for Sunday.
    static func weekday(_ day: Int) -> Int {
        CalendarDate(daysSince1970: day).weekday.rawValue - 1
    }

    static func isWeekend(_ day: Int) -> Bool {
        CalendarDate(daysSince1970: day).weekday.isWeekend
    }

    /// Whether British Summer Time applies at an instant (see `EuropeLondon`).
    static func isSummerTime(_ instant: Int64) -> Bool {
        EuropeLondon.isSummerTime(at: Timestamp(microseconds: instant))
    }

    /// The instant of a local wall-clock time.
    static func instant(day: Int, minute: Int, second: Int = 0) -> Int64 {
        let wall = (Int64(day) * 86_400 + Int64(minute) * 60 + Int64(second)) * microsecondsPerSecond
        let summer = isSummerTime(wall - microsecondsPerHour)
        return summer ? wall - microsecondsPerHour : wall
    }

    private static func wallClock(_ instant: Int64) -> Int64 {
        isSummerTime(instant) ? instant + microsecondsPerHour : instant
    }

    /// The local day an instant falls on.
    static func localDay(of instant: Int64) -> Int {
        Int(wallClock(instant).floorDivided(by: microsecondsPerDay))
    }

    /// Minutes since local midnight.
    static func minuteOfDay(of instant: Int64) -> Int {
        let wall = wallClock(instant)
        return Int((wall - wall.floorDivided(by: microsecondsPerDay) * microsecondsPerDay) / microsecondsPerMinute)
    }

    // MARK: Working days

    mutating func isWorkingDay(_ day: Int) -> Bool {
        if Self.isWeekend(day) { return false }
        let year = Timestamp.civilFromDays(day).year
        if year != cachedYear {
            cachedYear = year
            cachedHolidays = Self.bankHolidays(year: year)
        }
        return !cachedHolidays.contains(day)
    }

    /// The `count`-th working day after `day` (day 1 is the first working day after it).
    mutating func workingDay(_ count: Int, after day: Int) -> Int {
        var current = day
        var remaining = count
        while remaining > 0 {
            current += 1
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// `day` itself when it is a working day, else the next working day.
    mutating func workingDay(onOrAfter day: Int) -> Int {
        var current = day
        while !isWorkingDay(current) { current += 1 }
        return current
    }

    /// The bank holidays of England and Wales in a year, as days, in date order.
    static func bankHolidays(year: Int) -> [Int] {
        func day(_ month: Int, _ dayOfMonth: Int) -> Int {
            Timestamp.daysFromCivil(year: year, month: month, day: dayOfMonth)
        }
        var holidays: [Int] = []
        let newYear = day(1, 1)
        holidays.append(newYear + (weekday(newYear) == 5 ? 2 : weekday(newYear) == 6 ? 1 : 0))
        let easter = easterSunday(year: year)
        holidays.append(easter - 2)
        holidays.append(easter + 1)
        let mayFirst = day(5, 1)
        holidays.append(mayFirst + (7 - weekday(mayFirst)) % 7)
        let lastOfMay = day(5, 31)
        holidays.append(lastOfMay - weekday(lastOfMay))
        let lastOfAugust = day(8, 31)
        holidays.append(lastOfAugust - weekday(lastOfAugust))
        let christmas = day(12, 25)
        switch weekday(christmas) {
        case 4: holidays += [christmas, christmas + 3]          // Friday: Boxing Day moves to Monday
        case 5: holidays += [christmas + 2, christmas + 3]      // Saturday: Monday and Tuesday
        case 6: holidays += [christmas + 1, christmas + 2]      // Sunday: Monday and Tuesday
        default: holidays += [christmas, christmas + 1]
        }
        return holidays
    }

    /// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
    static func easterSunday(year: Int) -> Int {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return Timestamp.daysFromCivil(year: year, month: month, day: dayOfMonth)
    }

    // MARK: Text

    /// `YYYY-MM-DD`.
    static func dateText(_ day: Int) -> String {
        CalendarDate(daysSince1970: day).iso8601
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, the same text as `Timestamp.iso8601` for whole seconds.
    static func isoText(_ instant: Int64) -> String {
        String(unsafeUninitializedCapacity: isoTextLength) { buffer in
            writeISOText(instant, into: buffer)
            return isoTextLength
        }
    }

    static let isoTextLength = 20

    /// Writes `isoText(instant)` into the first 20 bytes of `buffer`.
    static func writeISOText(_ instant: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let seconds = instant.floorDivided(by: microsecondsPerSecond)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let civil = Timestamp.civilFromDays(Int(days))
        write(civil.year, width: 4, into: buffer, at: 0)
        buffer[4] = UInt8(ascii: "-")
        write(civil.month, width: 2, into: buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        write(civil.day, width: 2, into: buffer, at: 8)
        buffer[10] = UInt8(ascii: "T")
        write(secondOfDay / 3600, width: 2, into: buffer, at: 11)
        buffer[13] = UInt8(ascii: ":")
        write(secondOfDay % 3600 / 60, width: 2, into: buffer, at: 14)
        buffer[16] = UInt8(ascii: ":")
        write(secondOfDay % 60, width: 2, into: buffer, at: 17)
        buffer[19] = UInt8(ascii: "Z")
    }

    private static func write(_ value: Int, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for position in stride(from: start + width - 1, through: start, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
