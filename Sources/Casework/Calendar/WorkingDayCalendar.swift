/// Working days: Monday to Friday, except bank holidays.
///
/// A calendar is a list of bank holidays. `englandAndWales` ships the bank holidays of England
/// and Wales for 2024–2027 (DOMAIN.md §5); an organisation can load newer ones from GOV.UK's
/// `bank-holidays.json` (`init(govUKBankHolidaysJSON:division:)`) and keep them as a list of
/// dates (`bankHolidayList`). Outside `coveredYears` the calendar knows no bank holidays, so
/// every weekday there counts as a working day.
///
/// Counting is done by arithmetic on weeks plus a binary search in the holidays, not day by
/// day: `isWorkingDay`, `workingDays(from:to:)` and `adding(workingDays:to:)` cost
/// O(log h) for h bank holidays (the last repeats for each holiday it has to step over), and
/// allocate nothing.
public struct WorkingDayCalendar: Hashable, Sendable {
    /// Every bank holiday, in date order, without repeats. Holidays listed on a Saturday or
    /// Sunday are kept here but change nothing (the day is not a working day anyway).
    public let bankHolidays: [CalendarDate]

    /// Days since 1970-01-01 of the bank holidays that fall Monday to Friday, in order.
    private let weekdayHolidays: [Int]

    /// A calendar with these bank holidays, in any order, repeats allowed. Costs a sort.
    public init(bankHolidays: some Sequence<CalendarDate>) {
        let sorted = Set(bankHolidays).sorted()
        self.bankHolidays = sorted
        self.weekdayHolidays = sorted.filter { !$0.weekday.isWeekend }.map(\.daysSince1970)
    }

    /// The years from the first bank holiday's to the last's; nil when there are none. A date
    /// outside them is counted as if it had no bank holidays, which callers may want to warn of.
    public var coveredYears: ClosedRange<Int>? {
        guard let first = bankHolidays.first, let last = bankHolidays.last else { return nil }
        return first.year...last.year
    }

    /// True when `date` is one of the bank holidays (whatever day of the week it is).
    public func isBankHoliday(_ date: CalendarDate) -> Bool {
        let index = bankHolidays.lowerBound(of: date)
        return index < bankHolidays.count && bankHolidays[index] == date
    }

    /// True when `date` is Monday to Friday and not a bank holiday.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        let day = date.daysSince1970
        guard !date.weekday.isWeekend else { return false }
        let index = holidaysBefore(day)
        return index == weekdayHolidays.count || weekdayHolidays[index] != day
    }

    /// `date` itself when it is a working day, else the next working day after it.
    public func workingDay(onOrAfter date: CalendarDate) -> CalendarDate {
        isWorkingDay(date) ? date : adding(workingDays: 1, to: date)
    }

    /// The date `workingDays` working days after `date`: with 1, the first working day after
    /// `date` (DOMAIN.md §5: "day 1 is the first working day after"); with 5, the fifth.
    /// Whether `date` itself is a working day does not matter: Saturday plus 1 is Monday, as is
    /// Friday plus 1. With 0, `date` itself. With a negative number, working days before `date`:
    /// −1 is the last working day before it.
    ///
    /// For `n` ≠ 0 the result is always a working day, and
    /// `workingDays(from: date, to: adding(workingDays: n, to: date))` is `n` when `n` > 0, or
    /// when `date` is a working day (from a Saturday, −1 is the Friday, 0 working days back by
    /// `workingDays`' definition).
    public func adding(workingDays: Int, to date: CalendarDate) -> CalendarDate {
        let start = date.daysSince1970
        if workingDays > 0 {
            let target = workingDaysBefore(start + 1) + workingDays
            var day = start
            // Jump over as many weekdays as are still missing; each jump lands on a weekday, and
            // on a working day unless it passed a holiday, when the next jump makes up for it.
            while case let done = workingDaysBefore(day + 1), done < target {
                day = Self.weekday(numbered: Self.weekdaysBefore(day + 1) + (target - done) - 1)
            }
            return CalendarDate(daysSince1970: day)
        } else if workingDays < 0 {
            let target = workingDaysBefore(start) + workingDays
            var day = start
            while case let done = workingDaysBefore(day), done > target {
                day = Self.weekday(numbered: Self.weekdaysBefore(day) - (done - target))
            }
            return CalendarDate(daysSince1970: day)
        }
        return date
    }

    /// The number of working days after `from` up to and including `to`, when `to` is later;
    /// minus the number of working days after `to` up to and including `from`, when `to` is
    /// earlier; 0 on the same date.
    ///
    /// That is, the working days up to and including `to` minus those up to and including
    /// `from`, so counts add up: `workingDays(from: a, to: b) + workingDays(from: b, to: c) ==
    /// workingDays(from: a, to: c)`. Friday to the next Monday is 1, Monday to the Friday before
    /// is −1, Saturday to the Friday before is 0, Saturday to Sunday is 0. A due date's "working
    /// days left" as of today is `workingDays(from: today, to: due)`: 0 on the due date (and on
    /// days off straight after it), negative once a working day has passed it.
    public func workingDays(from: CalendarDate, to: CalendarDate) -> Int {
        workingDaysBefore(to.daysSince1970 + 1) - workingDaysBefore(from.daysSince1970 + 1)
    }

    // MARK: Counting

    /// Working days before `day`, counted from a fixed origin: only differences mean anything.
    private func workingDaysBefore(_ day: Int) -> Int {
        Self.weekdaysBefore(day) - holidaysBefore(day)
    }

    /// How many weekday bank holidays fall before `day` (the index of the first on or after it).
    private func holidaysBefore(_ day: Int) -> Int {
        weekdayHolidays.lowerBound(of: day)
    }

    /// Mondays to Fridays before `day`, counted from Monday 1969-12-29 (negative before it).
    private static func weekdaysBefore(_ day: Int) -> Int {
        let fromMonday = day + 3
        var weeks = fromMonday / 7
        var rest = fromMonday % 7
        if rest < 0 {
            weeks -= 1
            rest += 7
        }
        return weeks * 5 + min(rest, 5)
    }

    /// The weekday with exactly `count` weekdays before it (the inverse of `weekdaysBefore`).
    private static func weekday(numbered count: Int) -> Int {
        var weeks = count / 5
        var rest = count % 5
        if rest < 0 {
            weeks -= 1
            rest += 5
        }
        return weeks * 7 + rest - 3
    }
}

extension Array where Element: Comparable {
    /// In an ascending array, the index of the first element not less than `value` (`count`
    /// when there is none). A binary search: O(log n).
    fileprivate func lowerBound(of value: Element) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
