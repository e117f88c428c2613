import EventLog

extension EuropeLondon {
    /// The instant a caseworker means by `text` (`caselog record --occurred-at`, `--at`):
    ///
    /// - `now`;
    /// - RFC 3339 with an offset or `Z`: that instant (`2025-03-04T10:15:00Z`);
    /// - a date and a time without an offset, read as Europe/London wall-clock time
    ///   (`2025-07-01T14:30`, `2025-07-01 14:30:15`);
    /// - a date alone: the start of that day in Europe/London (`2025-07-01`).
    ///
    /// A wall-clock time the clocks skip (01:30 on the last Sunday of March) is read as GMT, an
    /// hour later in summer time; one they repeat (01:30 on the last Sunday of October) as the
    /// first of the two. Returns nil for anything else.
    public static func instant(_ text: String, now: Timestamp = .now()) -> Timestamp? {
        if text == "now" { return now }
        if let exact = Timestamp(iso8601: text) { return exact }
        if let date = CalendarDate(text) { return startOfDay(date) }
        let utf8 = Array(text.utf8)
        guard utf8.count == 16 || utf8.count == 19, utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " "),
              let date = CalendarDate(String(decoding: utf8[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ start: Int) -> Int64? {
            let digits = utf8[start..<start + 2]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int64(digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        guard let hour = number(11), hour < 24, utf8[13] == UInt8(ascii: ":"), let minute = number(14), minute < 60 else { return nil }
        var second: Int64 = 0
        if utf8.count == 19 {
            guard utf8[16] == UInt8(ascii: ":"), let parsed = number(17), parsed < 60 else { return nil }
            second = parsed
        }
        let wallClock = Int64(date.daysSince1970) * 86_400 + hour * 3_600 + minute * 60 + second
        let summer = Timestamp(microseconds: (wallClock - 3_600) * 1_000_000)
        return isSummerTime(at: summer) ? summer : Timestamp(microseconds: wallClock * 1_000_000)
    }
}

extension EuropeLondon {
    /// `instant` as Europe/London wall-clock time to the minute, as caseworkers read it:
    /// `2025-12-19 16:00`.
    public static func minuteText(of instant: Timestamp) -> String {
        let seconds = instant.microseconds.floorDivided(by: 1_000_000) + Int64(utcOffsetSeconds(at: instant))
        let date = CalendarDate(daysSince1970: Int(seconds.floorDivided(by: 86_400)))
        let minuteOfDay = Int(seconds - Int64(date.daysSince1970) * 86_400) / 60
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date) \(twoDigits(minuteOfDay / 60)):\(twoDigits(minuteOfDay % 60))"
    }
}
