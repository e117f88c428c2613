import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Europe/London dates")
struct EuropeLondonTests {
    private func londonDate(_ utc: String) -> String {
        EuropeLondon.date(of: Timestamp(iso8601: utc)!).description
    }

    @Test("before 01:00 UTC on the last Sunday of March it is still GMT")
    func beforeClocksGoForward() {
        // 2025-03-30 is the last Sunday of March 2025.
        #expect(londonDate("2025-03-30T00:59:59Z") == "2025-03-30")
        #expect(!EuropeLondon.isSummerTime(at: Timestamp(iso8601: "2025-03-30T00:59:59Z")!))
        // 23:30 UTC on the Saturday is 23:30 GMT: still Saturday in London.
        #expect(londonDate("2025-03-29T23:30:00Z") == "2025-03-29")
    }

    @Test("from 01:00 UTC on the last Sunday of March it is British Summer Time")
    func clocksGoForward() {
        let start = Timestamp(iso8601: "2025-03-30T01:00:00Z")!
        #expect(EuropeLondon.summerTimeStart(year: 2025) == start)
        #expect(EuropeLondon.isSummerTime(at: start))
        #expect(EuropeLondon.utcOffsetSeconds(at: start) == 3_600)
        // 23:30 UTC on Sunday 30 March is 00:30 BST on Monday 31 March.
        #expect(londonDate("2025-03-30T23:30:00Z") == "2025-03-31")
    }

    @Test("late evening UTC in summer time is already the next day in London")
    func summerEvening() {
        // 23:30 UTC = 00:30 BST the next day.
        #expect(londonDate("2025-10-25T23:30:00Z") == "2025-10-26")
        #expect(londonDate("2026-06-30T23:30:00Z") == "2026-07-01")
        #expect(londonDate("2026-07-02T23:30:00Z") == "2026-07-03")
        // 22:59:59 UTC is 23:59:59 BST, the same day.
        #expect(londonDate("2026-06-30T22:59:59Z") == "2026-06-30")
    }

    @Test("from 01:00 UTC on the last Sunday of October it is GMT again")
    func clocksGoBack() {
        let end = Timestamp(iso8601: "2025-10-26T01:00:00Z")!
        #expect(EuropeLondon.summerTimeEnd(year: 2025) == end)
        #expect(!EuropeLondon.isSummerTime(at: end))
        // 00:59:59 UTC is 01:59:59 BST, the last second of summer time.
        #expect(EuropeLondon.isSummerTime(at: Timestamp(iso8601: "2025-10-26T00:59:59Z")!))
        // 23:30 UTC on Sunday 26 October is 23:30 GMT: still Sunday.
        #expect(londonDate("2025-10-26T23:30:00Z") == "2025-10-26")
    }

    @Test("the clocks change on the last Sundays of March and October in 2024, 2026 and 2027")
    func otherYears() {
        // Last Sundays: 31 March 2024 (31st is a Sunday), 27 October 2024 (31st a Thursday);
        // 29 March 2026 (31st a Tuesday), 25 October 2026 (31st a Saturday);
        // 28 March 2027 (31st a Wednesday), 31 October 2027 (31st a Sunday).
        #expect(EuropeLondon.summerTimeStart(year: 2024).iso8601 == "2024-03-31T01:00:00Z")
        #expect(EuropeLondon.summerTimeEnd(year: 2024).iso8601 == "2024-10-27T01:00:00Z")
        #expect(EuropeLondon.summerTimeStart(year: 2026).iso8601 == "2026-03-29T01:00:00Z")
        #expect(EuropeLondon.summerTimeEnd(year: 2026).iso8601 == "2026-10-25T01:00:00Z")
        #expect(EuropeLondon.summerTimeStart(year: 2027).iso8601 == "2027-03-28T01:00:00Z")
        #expect(EuropeLondon.summerTimeEnd(year: 2027).iso8601 == "2027-10-31T01:00:00Z")
    }

    @Test("in winter the London date is the UTC date, before 1970 too")
    func winter() {
        #expect(londonDate("2025-12-31T23:59:59Z") == "2025-12-31")
        #expect(londonDate("2026-01-01T00:00:00Z") == "2026-01-01")
        #expect(londonDate("1969-12-31T23:59:59Z") == "1969-12-31")
    }

    @Test("a London day starts at 23:00 UTC the day before in summer and at 00:00 UTC in winter")
    func startOfDay() {
        #expect(EuropeLondon.startOfDay(CalendarDate("2025-07-01")!).iso8601 == "2025-06-30T23:00:00Z")
        #expect(EuropeLondon.startOfDay(CalendarDate("2025-12-01")!).iso8601 == "2025-12-01T00:00:00Z")
        // The Sundays the clocks change begin in the old time.
        #expect(EuropeLondon.startOfDay(CalendarDate("2025-03-30")!).iso8601 == "2025-03-30T00:00:00Z")
        #expect(EuropeLondon.startOfDay(CalendarDate("2025-10-26")!).iso8601 == "2025-10-25T23:00:00Z")
        #expect(EuropeLondon.startOfDay(CalendarDate("2025-10-27")!).iso8601 == "2025-10-27T00:00:00Z")
    }

    @Test("today is the London date of now")
    func today() {
        #expect(EuropeLondon.today(now: Timestamp(iso8601: "2026-06-30T23:30:00Z")!).description == "2026-07-01")
        let now = Timestamp.now()
        #expect(EuropeLondon.today() >= EuropeLondon.date(of: now))
    }
}
