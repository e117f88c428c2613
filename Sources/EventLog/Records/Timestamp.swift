#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant, in microseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds), on the
/// proleptic Gregorian calendar.
///
/// Written and read as RFC 3339 text (`2025-03-04T10:15:00Z`); stored as the integer.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z; negative before.
    public var microseconds: Int64

    /// The instant `microseconds` after (or before, when negative) the Unix epoch.
    @inlinable
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The system's real-time clock (`CLOCK_REALTIME`), truncated to microseconds.
    public static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(microseconds: Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000)
    }

    /// Earlier instants first.
    @inlinable
    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.microseconds < b.microseconds
    }

    /// The instant of a civil date and time at `utcOffsetSeconds` east of UTC (so local
    /// 10:00 at +01:00 is 09:00Z). Out-of-range fields carry over (month 13 is January of the
    /// next year, day 0 the last day of the previous month), as `timegm` does; validate first
    /// when the fields come from input. Traps only on arithmetic overflow (years beyond about
    /// ±290,000).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                microsecond: Int = 0, utcOffsetSeconds: Int = 0) {
        let monthIndex = month - 1
        let yearCarry = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let days = Self.daysFromCivil(year: year + yearCarry, month: monthIndex - yearCarry * 12 + 1, day: 1) + day - 1
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - utcOffsetSeconds
        self.init(microseconds: Int64(seconds * 1_000_000 + microsecond))
    }

    /// The UTC date and time of this instant.
    public var utcComponents: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var ofDay = microseconds % perDay
        if ofDay < 0 {
            days -= 1
            ofDay += perDay
        }
        let date = Self.civilFromDays(Int(days))
        let secondOfDay = Int(ofDay / 1_000_000)
        return (date.year, date.month, date.day, secondOfDay / 3_600, secondOfDay / 60 % 60, secondOfDay % 60,
                Int(ofDay % 1_000_000))
    }

    /// Days from 1970-01-01 to the given date (negative before), for `month` 1…12 and any day
    /// (days past the month's end carry on). Howard Hinnant's `days_from_civil`; no tables.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (before, when negative). Howard Hinnant's
    /// `civil_from_days`; inverse of `daysFromCivil`.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The date `YYYY-MM-DD` in the first ten of `bytes` (years 0001…9999, a day that exists);
    /// nil for anything else. What follows the ten bytes is the caller's to check. No allocation.
    package static func civilDate(iso8601 bytes: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = decimal(bytes, at: 0, digits: 4), let month = decimal(bytes, at: 5, digits: 2),
              let day = decimal(bytes, at: 8, digits: 2),
              (1...9_999).contains(year), (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    /// The value of the `digits` ASCII digits at `start`; nil when one is not a digit.
    static func decimal(_ bytes: UnsafeRawBufferPointer, at start: Int, digits: Int) -> Int? {
        var value = 0
        for index in start..<(start + digits) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// The number of days in `month` (1…12) of `year`, leap years included.
    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same as `iso8601`.
    public var description: String { iso8601 }

    /// RFC 3339 in UTC: `2025-03-04T10:15:00Z`, with `.mmm` when the instant has whole
    /// milliseconds, `.uuuuuu` when it has microseconds, no fraction otherwise. Years outside
    /// 0001…9999 are written with a sign and at least four digits (ISO 8601's expanded form),
    /// which `init(iso8601:)` does not read. Costs one allocation.
    public var iso8601: String {
        let parts = utcComponents
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var length = 0
            func put(_ byte: UInt8) { buffer[length] = byte; length += 1 }
            func put(_ value: Int, digits: Int) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            if (1...9_999).contains(parts.year) {
                put(parts.year, digits: 4)
            } else {
                put(parts.year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                let magnitude = abs(parts.year)
                put(magnitude, digits: max(4, String(magnitude).count))
            }
            put(UInt8(ascii: "-")); put(parts.month, digits: 2)
            put(UInt8(ascii: "-")); put(parts.day, digits: 2)
            put(UInt8(ascii: "T")); put(parts.hour, digits: 2)
            put(UInt8(ascii: ":")); put(parts.minute, digits: 2)
            put(UInt8(ascii: ":")); put(parts.second, digits: 2)
            if parts.microsecond != 0 {
                put(UInt8(ascii: "."))
                if parts.microsecond % 1_000 == 0 {
                    put(parts.microsecond / 1_000, digits: 3)
                } else {
                    put(parts.microsecond, digits: 6)
                }
            }
            put(UInt8(ascii: "Z"))
            return length
        }
    }

    /// Reads RFC 3339 text; see `init?(iso8601: UnsafeRawBufferPointer)`.
    public init?(iso8601 text: String) {
        var text = text
        guard let value = text.withUTF8({ Timestamp(iso8601: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339; `t` and `z` accepted too).
    ///
    /// The fraction has 1…9 digits and is truncated to microseconds. Returns nil for anything
    /// else: a missing offset (the instant would be ambiguous), year 0000, an impossible date
    /// (2025-02-29), hour 24, second 60, offsets beyond 23:59, extra characters. No allocation.
    public init?(iso8601 bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count >= 20 else { return nil }
        func number(_ start: Int, _ digits: Int) -> Int? { Self.decimal(bytes, at: start, digits: digits) }
        func byte(_ index: Int, is expected: Unicode.Scalar) -> Bool {
            bytes[index] == UInt8(ascii: expected)
        }
        guard let (year, month, day) = Self.civilDate(iso8601: bytes), byte(10, is: "T") || byte(10, is: "t"),
              let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2), byte(16, is: ":"),
              let second = number(17, 2),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        var microsecond = 0
        if byte(index, is: ".") {
            index += 1
            let fractionStart = index
            while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                if index - fractionStart < 6 { microsecond = microsecond * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            let digits = index - fractionStart
            guard (1...9).contains(digits) else { return nil }
            for _ in digits..<max(digits, 6) { microsecond *= 10 }
        }
        guard index < count else { return nil }
        var offsetSeconds = 0
        if byte(index, is: "Z") || byte(index, is: "z") {
            index += 1
        } else if byte(index, is: "+") || byte(index, is: "-") {
            guard index + 6 <= count, let offsetHours = number(index + 1, 2), byte(index + 3, is: ":"),
                  let offsetMinutes = number(index + 4, 2), offsetHours <= 23, offsetMinutes <= 59
            else { return nil }
            offsetSeconds = (offsetHours * 3_600 + offsetMinutes * 60) * (byte(index, is: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == count else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                  microsecond: microsecond, utcOffsetSeconds: offsetSeconds)
    }
}
