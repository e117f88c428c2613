import Testing
@testable import Casework

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("YYYY-MM-DD reads into year, month and day and writes back the same")
    func parseAndFormat() throws {
        let date = try #require(CalendarDate("2025-04-18"))
        #expect(date.year == 2025)
        #expect(date.month == 4)
        #expect(date.day == 18)
        #expect(date.description == "2025-04-18")
        #expect(CalendarDate(year: 2025, month: 4, day: 18) == date)
        // 2025-01-01 is 55 years of days after 1970-01-01: 55 × 365 + 14 leap days = 20,089.
        #expect(CalendarDate("2025-01-01")?.daysSince1970 == 20_089)
        #expect(CalendarDate("0001-01-01")?.description == "0001-01-01")
    }

    @Test("anything but a real date in exactly YYYY-MM-DD form is rejected",
          arguments: ["2025-02-29", "2025-13-01", "2025-04-31", "2025-00-10", "2025-4-18", "0000-01-01",
                      "2025-04-18T00:00:00Z", " 2025-04-18", "2025/04/18", "", "２025-04-18", "+2025-04-18"])
    func rejectsOtherText(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("29 February exists in leap years only")
    func leapDays() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2000-02-29") != nil)     // divisible by 400
        #expect(CalendarDate("1900-02-29") == nil)     // divisible by 100, not 400
        #expect(CalendarDate(year: 2027, month: 2, day: 29) == nil)
    }

    @Test("the weekday follows from 1970-01-01 being a Thursday, before 1970 too")
    func weekdays() {
        #expect(CalendarDate("1970-01-01")?.weekday == .thursday)
        #expect(CalendarDate("1969-12-31")?.weekday == .wednesday)
        #expect(CalendarDate("2025-04-18")?.weekday == .friday)      // Good Friday
        #expect(CalendarDate("2026-12-25")?.weekday == .friday)
        #expect(CalendarDate("2027-12-25")?.weekday == .saturday)
        #expect(CalendarDate("2027-12-26")?.weekday == .sunday)
        #expect(Weekday.saturday.isWeekend && Weekday.sunday.isWeekend && !Weekday.friday.isWeekend)
    }

    @Test("adding days crosses month ends, leap days and year ends")
    func addingDays() throws {
        let leapEve = try #require(CalendarDate("2024-02-28"))
        #expect(leapEve.adding(days: 1).description == "2024-02-29")
        #expect(leapEve.adding(days: 2).description == "2024-03-01")
        #expect(CalendarDate("2025-12-31")?.adding(days: 1).description == "2026-01-01")
        #expect(CalendarDate("2026-01-01")?.adding(days: -1).description == "2025-12-31")
        // 2025 has 365 days.
        #expect(CalendarDate("2025-01-01")?.days(to: CalendarDate("2026-01-01")!) == 365)
    }

    @Test("dates order by time")
    func ordering() {
        let dates = ["2026-01-01", "2025-12-31", "2025-02-01", "2025-01-31"].compactMap(CalendarDate.init)
        #expect(dates.sorted().map(\.description) == ["2025-01-31", "2025-02-01", "2025-12-31", "2026-01-01"])
    }
}
