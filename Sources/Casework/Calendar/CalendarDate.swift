import EventLog
/// A civil date (year, month, day) on the proleptic Gregorian calendar, with no time and no
/// time zone: the date a caseworker writes on a form, a due date, a bank holiday.
///
/// Stored as the number of days since 1970-01-01, so comparing, hashing and adding days are
/// single integer operations; year, month and day are worked out when asked for (a few integer
/// divisions, no tables, no Foundation). Read and written as `YYYY-MM-DD`.
///
/// To get the date of an instant, decide the time zone first: `EuropeLondon.date(of:)`.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (which is day 0, a Thursday); negative before.
    public let daysSince1970: Int

    /// The date `daysSince1970` days after 1970-01-01 (before, when negative). Never fails.
    @inlinable
    public init(daysSince1970: Int) {
        self.daysSince1970 = daysSince1970
    }

    /// The date with these fields; nil when `month` is not 1…12 or `day` is not a day of that
    /// month (2025-02-29, 2025-04-31). Any year is accepted. Costs a few integer operations.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Timestamp.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.init(daysSince1970: Timestamp.daysFromCivil(year: year, month: month, day: day))
    }

    /// Reads `YYYY-MM-DD`; see `init?(iso8601:)`.
    public init?(_ text: String) {
        var text = text
        guard let date = text.withUTF8({ CalendarDate(iso8601: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = date
    }

    /// Reads exactly `YYYY-MM-DD` (ISO 8601's calendar date, extended format), years 0001…9999.
    /// Returns nil for anything else: other lengths, signs, spaces, a time part, year 0000, an
    /// impossible date (2025-02-29, 2025-13-01). No allocation.
    public init?(iso8601 bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, let (year, month, day) = Timestamp.civilDate(iso8601: bytes) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month (1…12) and day of the month (1…31). Costs a few integer divisions.
    public var components: (year: Int, month: Int, day: Int) {
        Timestamp.civilFromDays(daysSince1970)
    }

    /// The year, e.g. 2025.
    public var year: Int { components.year }

    /// The month, 1 (January) … 12 (December).
    public var month: Int { components.month }

    /// The day of the month, 1…31.
    public var day: Int { components.day }

    /// The day of the week. One integer remainder.
    public var weekday: Weekday {
        let mondayBased = (daysSince1970 + 3) % 7
        return Weekday(rawValue: (mondayBased < 0 ? mondayBased + 7 : mondayBased) + 1)!
    }

    /// The date `days` calendar days later (earlier when negative). Traps only on integer overflow.
    @inlinable
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSince1970: daysSince1970 + days)
    }

    /// Calendar days from this date to `other`: positive when `other` is later, 0 on the same day.
    @inlinable
    public func days(to other: CalendarDate) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// Earlier dates first.
    @inlinable
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        a.daysSince1970 < b.daysSince1970
    }

    /// `YYYY-MM-DD`, the same as `iso8601`.
    public var description: String { iso8601 }

    /// `YYYY-MM-DD` for years 0001…9999; other years with a sign and at least four digits
    /// (ISO 8601's expanded form, `+10000-01-01`), which `init?(iso8601:)` does not read.
    /// Costs one small allocation.
    public var iso8601: String {
        let (year, month, day) = components
        guard (1...9_999).contains(year) else {
            let magnitude = String(abs(year))
            let padded = String(repeating: "0", count: max(0, 4 - magnitude.count)) + magnitude
            return (year < 0 ? "-" : "+") + padded + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            var rest = year
            for index in stride(from: 3, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = UInt8(ascii: "0") + UInt8(month / 10)
            buffer[6] = UInt8(ascii: "0") + UInt8(month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = UInt8(ascii: "0") + UInt8(day / 10)
            buffer[9] = UInt8(ascii: "0") + UInt8(day % 10)
            return 10
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
