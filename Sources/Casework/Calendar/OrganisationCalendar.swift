import EventLog

/// The working-day calendar an organisation's deadlines count: the England and Wales bank
/// holidays caselog ships (2024–2027), or the list loaded into the store by `caselog calendar
/// import` from GOV.UK's `bank-holidays.json`. Kept as the store's `bank-holidays` setting, as
/// `WorkingDayCalendar.bankHolidayList` text (docs/FORMAT.md §2).
public enum OrganisationCalendar {
    /// The setting's name in the store.
    public static let settingName = "bank-holidays"

    /// The calendar the store's deadlines count: the loaded one, else the shipped one.
    ///
    /// - Throws: `ValidationError` when the stored list is damaged; what the store throws.
    public static func calendar(in reader: borrowing LogReader) throws -> WorkingDayCalendar {
        guard let bytes = try reader.setting(named: settingName) else { return .englandAndWales }
        do {
            return try WorkingDayCalendar(bankHolidayList: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ValidationError(.rule("the store's bank holiday list is damaged (\(error)): load it again with `caselog calendar import`"))
        }
    }

    /// The calendar the store's deadlines count.
    public static func calendar(in store: EventStore) throws -> WorkingDayCalendar {
        try store.read { try calendar(in: $0) }
    }

    /// What loading a list changed.
    public struct Change: Sendable, Equatable {
        /// The calendar now kept.
        public let calendar: WorkingDayCalendar
        /// Dates that were not bank holidays before.
        public let added: [CalendarDate]
        /// Dates that are no longer bank holidays.
        public let removed: [CalendarDate]
        /// The years the loaded list covers.
        public let loadedYears: ClosedRange<Int>
    }

    /// Merges `loaded` into the store's calendar and saves it: for the years `loaded` covers its
    /// dates replace the old ones, and the other years are kept (so that a GOV.UK file that
    /// ends in 2026 does not drop the 2027 dates caselog ships).
    ///
    /// - Throws: `ValidationError` when `loaded` has no dates; what the store throws.
    public static func load(_ loaded: WorkingDayCalendar, into store: EventStore, actor: String) throws -> Change {
        guard let years = loaded.coveredYears else { throw ValidationError(.rule("the file lists no bank holidays")) }
        return try store.write(actor: actor) { writer in
            let before = try writer.setting(named: settingName)
                .map { try WorkingDayCalendar(bankHolidayList: String(decoding: $0, as: UTF8.self)) } ?? .englandAndWales
            let kept = before.bankHolidays.filter { !years.contains($0.year) }
            let merged = WorkingDayCalendar(bankHolidays: kept + loaded.bankHolidays)
            try writer.saveSetting(Array(merged.bankHolidayList.utf8), named: settingName)
            let old = Set(before.bankHolidays), new = Set(merged.bankHolidays)
            return Change(calendar: merged, added: merged.bankHolidays.filter { !old.contains($0) },
                          removed: before.bankHolidays.filter { !new.contains($0) }, loadedYears: years)
        }
    }
}
