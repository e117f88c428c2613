import Testing
@testable import Casework

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar.englandAndWales

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    private func adding(_ workingDays: Int, to text: String) -> String {
        calendar.adding(workingDays: workingDays, to: date(text)).description
    }

    @Test("Monday to Friday are working days, Saturday and Sunday are not")
    func weekends() {
        // Monday 9 to Sunday 15 June 2025, a week without bank holidays.
        let week = (0..<7).map { calendar.isWorkingDay(date("2025-06-09").adding(days: $0)) }
        #expect(week == [true, true, true, true, true, false, false])
    }

    @Test("day 1 is the first working day after the date, whatever day the date is")
    func dayOneIsTheNextWorkingDay() {
        #expect(adding(1, to: "2025-06-12") == "2025-06-13")   // Thursday → Friday
        #expect(adding(1, to: "2025-06-13") == "2025-06-16")   // Friday → Monday
        #expect(adding(1, to: "2025-06-14") == "2025-06-16")   // Saturday → Monday
        // Saturday 14 June: Mon 16 = 1, Tue 17 = 2, Wed 18 = 3, Thu 19 = 4, Fri 20 = 5.
        #expect(adding(5, to: "2025-06-14") == "2025-06-20")
    }

    @Test("Easter 2025: Good Friday 18 April and Easter Monday 21 April are skipped")
    func easter2025() {
        #expect(!calendar.isWorkingDay(date("2025-04-18")))
        #expect(!calendar.isWorkingDay(date("2025-04-21")))
        // From Thursday 17 April: Tue 22 = 1, Wed 23 = 2, Thu 24 = 3, Fri 25 = 4, Mon 28 = 5.
        #expect(adding(5, to: "2025-04-17") == "2025-04-28")
    }

    @Test("Easter 2026: Good Friday 3 April and Easter Monday 6 April are skipped")
    func easter2026() {
        #expect(!calendar.isWorkingDay(date("2026-04-03")))
        #expect(!calendar.isWorkingDay(date("2026-04-06")))
        // From Thursday 2 April: Tue 7 = 1, Wed 8 = 2, Thu 9 = 3, Fri 10 = 4, Mon 13 = 5.
        #expect(adding(5, to: "2026-04-02") == "2026-04-13")
    }

    @Test("Easter 2027: Good Friday 26 March and Easter Monday 29 March are skipped")
    func easter2027() {
        #expect(!calendar.isWorkingDay(date("2027-03-26")))
        #expect(!calendar.isWorkingDay(date("2027-03-29")))
        // From Thursday 25 March: Tue 30 = 1, Wed 31 = 2, Thu 1 Apr = 3, Fri 2 = 4, Mon 5 = 5.
        #expect(adding(5, to: "2027-03-25") == "2027-04-05")
    }

    @Test("Christmas 2025 and New Year 2026: 25 and 26 December and 1 January are skipped")
    func christmas2025() {
        // From Wednesday 24 December: Thu 25 and Fri 26 holidays, weekend, Mon 29 = 1,
        // Tue 30 = 2, Wed 31 = 3, Thu 1 Jan holiday, Fri 2 = 4, Mon 5 = 5.
        #expect(adding(5, to: "2025-12-24") == "2026-01-05")
        // Then Tue 6 = 6, Wed 7 = 7, Thu 8 = 8, Fri 9 = 9, Mon 12 = 10.
        #expect(adding(10, to: "2025-12-24") == "2026-01-12")
    }

    @Test("Christmas 2026: Friday 25 December, substitute Monday 28 December, and 1 January 2027")
    func christmas2026() {
        #expect(!calendar.isWorkingDay(date("2026-12-25")))
        #expect(!calendar.isWorkingDay(date("2026-12-28")))
        #expect(calendar.isWorkingDay(date("2026-12-29")))
        // From Thursday 24 December: Fri 25 holiday, weekend, Mon 28 holiday, Tue 29 = 1,
        // Wed 30 = 2, Thu 31 = 3, Fri 1 Jan holiday, weekend, Mon 4 = 4, Tue 5 = 5.
        #expect(adding(5, to: "2026-12-24") == "2027-01-05")
    }

    @Test("Christmas 2027 falls on a weekend: substitute days Monday 27 and Tuesday 28 December")
    func christmas2027() {
        #expect(!calendar.isBankHoliday(date("2027-12-25")))
        #expect(!calendar.isWorkingDay(date("2027-12-27")))
        #expect(!calendar.isWorkingDay(date("2027-12-28")))
        // From Friday 24 December: weekend, Mon 27 and Tue 28 holidays, Wed 29 = 1, Thu 30 = 2,
        // Fri 31 = 3.
        #expect(adding(3, to: "2027-12-24") == "2027-12-31")
    }

    @Test("zero working days is the date itself; negative counts go back over holidays")
    func zeroAndNegative() {
        #expect(adding(0, to: "2025-06-14") == "2025-06-14")
        #expect(adding(-1, to: "2025-06-16") == "2025-06-13")   // Monday → Friday
        // Back from Tuesday 22 April 2025: Mon 21 and Fri 18 are holidays, Thu 17 = −1.
        #expect(adding(-1, to: "2025-04-22") == "2025-04-17")
        #expect(adding(-5, to: "2025-04-28") == "2025-04-17")
    }

    @Test("working days from a date count those after it up to and including the other date")
    func countingWorkingDays() {
        #expect(calendar.workingDays(from: date("2025-04-17"), to: date("2025-04-28")) == 5)
        #expect(calendar.workingDays(from: date("2025-06-13"), to: date("2025-06-16")) == 1)   // Fri → Mon
        #expect(calendar.workingDays(from: date("2025-06-14"), to: date("2025-06-15")) == 0)   // Sat → Sun
        #expect(calendar.workingDays(from: date("2025-06-16"), to: date("2025-06-16")) == 0)
        #expect(calendar.workingDays(from: date("2025-04-28"), to: date("2025-04-17")) == -5)
        #expect(calendar.workingDays(from: date("2025-06-16"), to: date("2025-06-13")) == -1)
    }

    @Test("the next working day on or after a date is the date itself when it is one")
    func workingDayOnOrAfter() {
        #expect(calendar.workingDay(onOrAfter: date("2025-04-16")).description == "2025-04-16")
        #expect(calendar.workingDay(onOrAfter: date("2025-04-18")).description == "2025-04-22")
        #expect(calendar.workingDay(onOrAfter: date("2025-06-14")).description == "2025-06-16")
    }

    @Test("adding and counting agree with a day-by-day count for every date from late 2023 to early 2028")
    func agreesWithDayByDay() {
        let first = date("2023-12-01").daysSince1970
        let last = date("2028-01-31").daysSince1970
        var failures: [String] = []
        for start in first...last {
            let from = CalendarDate(daysSince1970: start)
            // The reference: step one day at a time.
            var forward = from
            var backward = from
            // Going back from a day off, the first working day back is after no working day of
            // (backward, from], so every backward count is one less in size.
            let backwardShortfall = calendar.isWorkingDay(from) ? 0 : 1
            for count in 1...25 {
                repeat { forward = forward.adding(days: 1) } while !calendar.isWorkingDay(forward)
                repeat { backward = backward.adding(days: -1) } while !calendar.isWorkingDay(backward)
                if calendar.adding(workingDays: count, to: from) != forward
                    || calendar.adding(workingDays: -count, to: from) != backward
                    || calendar.workingDays(from: from, to: forward) != count
                    || calendar.workingDays(from: from, to: backward) != -count + backwardShortfall {
                    failures.append("\(from) ± \(count)")
                }
            }
        }
        #expect(failures.isEmpty)
    }

    @Test("working-day counts add up across an intermediate date, whatever the days are")
    func countsAddUp() {
        // A week of Christmas 2026 dates, each against each through every other.
        let dates = (0..<12).map { date("2026-12-23").adding(days: $0) }
        for a in dates {
            for b in dates {
                for c in dates {
                    #expect(calendar.workingDays(from: a, to: b) + calendar.workingDays(from: b, to: c)
                        == calendar.workingDays(from: a, to: c))
                }
            }
        }
        // Saturday 26 back to Thursday 24 December 2026: −(working days in (Thu 24, Sat 26]) = −0,
        // because Friday 25 is Christmas Day.
        #expect(calendar.workingDays(from: date("2026-12-26"), to: date("2026-12-24")) == 0)
        // Tuesday 29 back to Thursday 24: −(working days in (Thu 24, Tue 29]) = −1 (Tue 29).
        #expect(calendar.workingDays(from: date("2026-12-29"), to: date("2026-12-24")) == -1)
    }

    @Test("isWorkingDay agrees with the shipped list and the day of the week")
    func isWorkingDayMatchesList() {
        let holidays = Set(WorkingDayCalendar.englandAndWalesBankHolidays)
        var mismatches: [CalendarDate] = []
        for day in date("2024-01-01").daysSince1970...date("2027-12-31").daysSince1970 {
            let date = CalendarDate(daysSince1970: day)
            if calendar.isWorkingDay(date) != (!date.weekday.isWeekend && !holidays.contains(date)) {
                mismatches.append(date)
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("the shipped England and Wales list is DOMAIN.md's 32 dates for 2024 to 2027, all on weekdays")
    func shippedList() {
        let holidays = WorkingDayCalendar.englandAndWales.bankHolidays
        #expect(holidays.count == 32)
        #expect(holidays.allSatisfy { !$0.weekday.isWeekend })
        #expect(WorkingDayCalendar.englandAndWales.coveredYears == 2024...2027)
        #expect(holidays.first?.description == "2024-01-01")
        #expect(holidays.last?.description == "2027-12-28")
        #expect(holidays.filter { $0.year == 2026 }.map(\.description) == [
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
            "2026-12-25", "2026-12-28",
        ])
    }

    @Test("outside the years it covers, a calendar counts every weekday as a working day")
    func outsideCoveredYears() {
        // 3 January 2028 will be the New Year substitute day, but 2028 is not in the list.
        #expect(calendar.isWorkingDay(date("2028-01-03")))
        #expect(WorkingDayCalendar(bankHolidays: []).coveredYears == nil)
        #expect(WorkingDayCalendar(bankHolidays: []).isWorkingDay(date("2025-12-25")))
    }
}
