extension WorkingDayCalendar {
    /// Monday to Friday outside the bank holidays of England and Wales 2024–2027, exactly as
    /// listed in DOMAIN.md §5 (GOV.UK's list, substitute days included). The default calendar
    /// for deadlines. Built once, on first use.
    public static let englandAndWales = WorkingDayCalendar(bankHolidays: englandAndWalesBankHolidays)

    /// The bank holidays of England and Wales 2024–2027, in date order.
    public static let englandAndWalesBankHolidays: [CalendarDate] = [
        // 2024: New Year's Day; Good Friday, Easter Monday; early May, spring; summer;
        // Christmas Day, Boxing Day.
        (2024, 1, 1), (2024, 3, 29), (2024, 4, 1), (2024, 5, 6), (2024, 5, 27), (2024, 8, 26),
        (2024, 12, 25), (2024, 12, 26),
        (2025, 1, 1), (2025, 4, 18), (2025, 4, 21), (2025, 5, 5), (2025, 5, 26), (2025, 8, 25),
        (2025, 12, 25), (2025, 12, 26),
        // 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute day.
        (2026, 1, 1), (2026, 4, 3), (2026, 4, 6), (2026, 5, 4), (2026, 5, 25), (2026, 8, 31),
        (2026, 12, 25), (2026, 12, 28),
        // 2027: Christmas Day and Boxing Day are a Saturday and Sunday: substitutes 27 and 28.
        (2027, 1, 1), (2027, 3, 26), (2027, 3, 29), (2027, 5, 3), (2027, 5, 31), (2027, 8, 30),
        (2027, 12, 27), (2027, 12, 28),
    ].map { CalendarDate(year: $0.0, month: $0.1, day: $0.2)! }
}
