import EventLog
import TestSupport
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("RFC 3339 text in UTC is read as microseconds since 1970")
    func readsUTC() {
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00Z")?.microseconds == 1_741_083_300_000_000)
        #expect(Timestamp(iso8601: "1970-01-01T00:00:00Z")?.microseconds == 0)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59Z")?.microseconds == -1_000_000)
        #expect(Timestamp(iso8601: "0001-01-01T00:00:00Z")?.microseconds == -62_135_596_800_000_000)
        #expect(Timestamp(iso8601: "9999-12-31T23:59:59.999999Z")?.microseconds == 253_402_300_799_999_999)
        #expect(Timestamp(iso8601: "2025-03-04t10:15:00z")?.microseconds == 1_741_083_300_000_000)
    }

    @Test("leap days exist only in leap years")
    func leapDays() {
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z")?.microseconds == 1_709_164_800_000_000)
        #expect(Timestamp(iso8601: "2000-02-29T12:00:00Z") != nil)
        #expect(Timestamp(iso8601: "2025-02-29T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "1900-02-29T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2025-04-31T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2025-12-31T00:00:00Z") != nil)
    }

    @Test("offsets are subtracted to give UTC")
    func offsets() {
        let utc = Timestamp(iso8601: "2025-03-04T09:15:00Z")
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00+01:00") == utc)
        #expect(Timestamp(iso8601: "2025-03-04T03:45:00-05:30") == utc)
        #expect(Timestamp(iso8601: "2025-03-05T08:14:00+23:59")?.microseconds == utc!.microseconds - 3_600 * 1_000_000)
        #expect(Timestamp(iso8601: "2025-03-04T09:15:00-00:00") == utc)
    }

    @Test("fractions of 1 to 9 digits are truncated to microseconds")
    func fractions() {
        let base: Int64 = 1_741_083_300_000_000
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.5Z")?.microseconds == base + 500_000)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.123Z")?.microseconds == base + 123_000)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.123456Z")?.microseconds == base + 123_456)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.123456789Z")?.microseconds == base + 123_456)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.999999999+00:00")?.microseconds == base + 999_999)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.1234567891Z") == nil)
        #expect(Timestamp(iso8601: "2025-03-04T10:15:00.Z") == nil)
    }

    @Test("anything else is rejected")
    func rejects() {
        for text in ["2025-03-04T24:00:00Z", "2025-03-04T23:60:00Z", "2025-03-04T23:59:60Z", "2025-03-04T10:15:00",
                     "2025-03-04 10:15:00Z", "2025-3-04T10:15:00Z", "0000-01-01T00:00:00Z", "2025-13-01T00:00:00Z",
                     "2025-00-01T00:00:00Z", "2025-01-00T00:00:00Z", "2025-03-04T10:15:00+24:00", "2025-03-04T10:15:00+01:60",
                     "2025-03-04T10:15:00+0100", "2025-03-04T10:15:00Zx", "2025-03-04T10:15:00+01:00 ", "", "2025-03-04",
                     "+2025-03-04T10:15:00Z", "2025-03-04T10:15Z", "２025-03-04T10:15:00Z"] {
            #expect(Timestamp(iso8601: text) == nil, "\(text)")
        }
    }

    @Test("text is UTC with no fraction, milliseconds or microseconds as needed")
    func writesISO8601() {
        #expect(Timestamp(microseconds: 1_741_083_300_000_000).iso8601 == "2025-03-04T10:15:00Z")
        #expect(Timestamp(microseconds: 1_741_083_300_120_000).iso8601 == "2025-03-04T10:15:00.120Z")
        #expect(Timestamp(microseconds: 1_741_083_300_000_001).iso8601 == "2025-03-04T10:15:00.000001Z")
        #expect(Timestamp(microseconds: -1).iso8601 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(microseconds: -62_135_596_800_000_000).iso8601 == "0001-01-01T00:00:00Z")
        #expect(Timestamp(microseconds: 0).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(microseconds: .max).iso8601 == "+294247-01-10T04:00:54.775807Z")
        #expect(Timestamp(microseconds: .min).iso8601.hasPrefix("-290308-"))
    }

    @Test("every instant from year 1 to 9999 reads back from its text")
    func roundTrip() {
        var generator = SeededGenerator(seed: 2025)
        let first: Int64 = -62_135_596_800_000_000, last: Int64 = 253_402_300_799_999_999
        var instants: [Int64] = [first, last, 0, -1, 951_782_400_000_000, 951_868_799_999_999]
        for _ in 0..<20_000 { instants.append(Int64.random(in: first...last, using: &generator)) }
        for _ in 0..<2_000 { instants.append(Int64.random(in: first...last, using: &generator) / 1_000_000 * 1_000_000) }
        for _ in 0..<2_000 { instants.append(Int64.random(in: first...last, using: &generator) / 1_000 * 1_000) }
        for microseconds in instants {
            let timestamp = Timestamp(microseconds: microseconds)
            #expect(Timestamp(iso8601: timestamp.iso8601) == timestamp, "\(microseconds)")
        }
    }

    @Test("civil dates convert to and from days since 1970")
    func civilCalendar() {
        #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(Timestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(Timestamp.daysFromCivil(year: 2025, month: 3, day: 4) == 20_151)
        #expect(Timestamp.daysFromCivil(year: 1, month: 1, day: 1) == -719_162)
        #expect(Timestamp.civilFromDays(-1) == (1969, 12, 31))
        #expect(Timestamp.civilFromDays(19_782) == (2024, 2, 29))
        for days in stride(from: -800_000, through: 3_000_000, by: 997) {
            let date = Timestamp.civilFromDays(days)
            #expect(Timestamp.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test("components and the civil initializer agree")
    func components() {
        let timestamp = Timestamp(year: 2025, month: 3, day: 4, hour: 11, minute: 15, second: 7, microsecond: 42, utcOffsetSeconds: 3_600)
        let parts = timestamp.utcComponents
        #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.microsecond] == [2025, 3, 4, 10, 15, 7, 42])
        #expect(Timestamp(year: 2024, month: 13, day: 1) == Timestamp(year: 2025, month: 1, day: 1))
        #expect(Timestamp(year: 2025, month: 3, day: 0) == Timestamp(year: 2025, month: 2, day: 28))
        #expect(Timestamp(year: 2025, month: 0, day: 1) == Timestamp(year: 2024, month: 12, day: 1))
        let before = Timestamp(microseconds: -1).utcComponents
        #expect([before.year, before.month, before.day, before.hour, before.minute, before.second, before.microsecond]
            == [1969, 12, 31, 23, 59, 59, 999_999])
    }

    @Test("now is after 2025 and ordering follows microseconds")
    func nowAndOrdering() {
        #expect(Timestamp.now() > Timestamp(iso8601: "2025-01-01T00:00:00Z")!)
        #expect(Timestamp(microseconds: 1) < Timestamp(microseconds: 2))
    }
}
