extension WorkingDayCalendar {
    /// The bank holidays `other` has and this calendar has not (`added`), and those this one
    /// has and `other` has not (`removed`), each in date order.
    public func difference(to other: WorkingDayCalendar) -> (added: [CalendarDate], removed: [CalendarDate]) {
        let these = Set(bankHolidays), those = Set(other.bankHolidays)
        return (other.bankHolidays.filter { !these.contains($0) }, bankHolidays.filter { !those.contains($0) })
    }

    /// The bank holidays as text, one `YYYY-MM-DD` per line in date order, each line ending in
    /// `\n` (empty text for none). The same holidays always give the same text, so a store can
    /// keep an imported calendar and compare or hash it. Costs one allocation per date.
    public var bankHolidayList: String {
        bankHolidays.map { $0.iso8601 + "\n" }.joined()
    }

    /// A calendar with the bank holidays in `bankHolidayList` text: one `YYYY-MM-DD` per line,
    /// in any order, repeats allowed. Lines may end in `\n`, `\r\n` or any other line break;
    /// empty lines are ignored, so the empty text is a calendar without bank holidays. Fails
    /// with `.invalidListLine` on the first line that is not a date (no other whitespace is
    /// allowed). Costs one pass over the text and a sort.
    public init(bankHolidayList text: String) throws(WorkingDayCalendarError) {
        var dates: [CalendarDate] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on any line break rather than on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty { continue }
            guard let date = CalendarDate(String(line)) else {
                throw .invalidListLine(line: lineNumber, text: WorkingDayCalendarError.excerpt(line))
            }
            dates.append(date)
        }
        self.init(bankHolidays: dates)
    }
}
