import EventLog
import Codec

/// Changing the settings: each change an event on the `settings` stream, with who made it, when,
/// and what it replaced.
extension OrganisationSettings {
    /// What `change(_:to:in:actor:)` did.
    public struct SettingChange: Sendable, Equatable {
        /// The setting.
        public let setting: StoreSetting
        /// The value it had been set to before (nil: never set, so its default was in force).
        public let previous: Int?
        /// The value it has now.
        public let value: Int
        /// The position of the `setting.changed` event; nil when the setting already had the
        /// value, so nothing was recorded.
        public let position: UInt64?
    }

    /// Sets `setting` to `value` with a `setting.changed` event, in one write by `actor`, for
    /// `onBehalfOf` when given (`OnBehalfOf`: the events carry it).
    ///
    /// - Throws: `ValidationError` when `value` is outside the setting's range; what the store throws.
    public static func change(_ setting: StoreSetting, to value: Int, in store: EventStore, actor: String,
                              onBehalfOf: String? = nil) throws -> SettingChange {
        _ = try setting.parse(String(value))
        let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor)
        return try store.write(actor: actor) { writer in
            try moveSettingsIntoTheLog(in: &writer, onBehalfOf: onBehalfOf)
            let previous = try inForce(in: writer).values[setting.name]?.value
            guard previous != value else { return SettingChange(setting: setting, previous: previous, value: value, position: nil) }
            let result = try appendSettingChanged(setting.name, value: value, previous: previous, onBehalfOf: onBehalfOf, in: &writer)
            return SettingChange(setting: setting, previous: previous, value: value, position: result.firstPosition)
        }
    }

    /// What loading bank holidays changed (`loadCalendar`).
    public struct CalendarChange: Sendable, Equatable {
        /// The calendar in force now.
        public let calendar: WorkingDayCalendar
        /// Dates that were not bank holidays before, and dates that no longer are.
        public let added: [CalendarDate], removed: [CalendarDate]
        /// The years the loaded list covers.
        public let loadedYears: ClosedRange<Int>
        /// The position of the `calendar.holidays-loaded` event; nil when the list changed
        /// nothing, so nothing was recorded.
        public let position: UInt64?
    }

    /// The most bank holidays a load may add to one year without `force`: a year has eight in
    /// England and Wales, and ten at most so far (2022).
    public static let mostAddedInAYear = 10

    /// Merges `loaded` (GOV.UK's list of `division`) into the calendar in force and records
    /// what changed as a `calendar.holidays-loaded` event: for the years `loaded` covers its
    /// dates replace the old ones, and other years are kept (so that a GOV.UK file that ends
    /// in 2026 does not drop the 2027 dates caselog ships).
    ///
    /// A load that leaves a year it covers with more than `mostAddedInAYear` bank holidays that
    /// caselog does not ship, or without one that it does, moves every deadline it touches: it
    /// is refused unless `force`, and recorded as forced when it goes through. The calendar the
    /// load leaves is judged against the shipped one, not against the calendar before it, so
    /// that many small loads cannot add up to what one would need `--force` for.
    ///
    /// Recorded by `actor`, for `onBehalfOf` when given (`OnBehalfOf`: the events carry it).
    ///
    /// - Throws: `ValidationError` when `loaded` has no dates or is refused for want of `force`
    ///   (the message says why); what the store throws.
    public static func loadCalendar(_ loaded: WorkingDayCalendar, division: String, force: Bool,
                                    into store: EventStore, actor: String, onBehalfOf: String? = nil) throws -> CalendarChange {
        guard let years = loaded.coveredYears else { throw ValidationError(.rule("the file lists no bank holidays")) }
        let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor)
        return try store.write(actor: actor) { writer in
            try moveSettingsIntoTheLog(in: &writer, onBehalfOf: onBehalfOf)
            let before = try inForce(in: writer).calendar
            let kept = before.bankHolidays.filter { !years.contains($0.year) }
            let merged = WorkingDayCalendar(bankHolidays: kept + loaded.bankHolidays)
            let (added, removed) = before.difference(to: merged)
            guard !added.isEmpty || !removed.isEmpty else {
                return CalendarChange(calendar: merged, added: [], removed: [], loadedYears: years, position: nil)
            }
            let reasons = reasonsToRefuse(leaving: merged, in: years)
            if !reasons.isEmpty && !force {
                throw ValidationError(.rule("the file " + reasons.joined(separator: " and ")
                    + ": every deadline in those days would move. Check it is GOV.UK's file for the division you meant; "
                    + "if it is right, load it again with --force (the load is recorded as forced). Nothing was loaded"))
            }
            let result = try appendHolidaysLoaded(division: division, years: Array(years), added: added, removed: removed,
                                                  forced: !reasons.isEmpty, onBehalfOf: onBehalfOf, in: &writer)
            return CalendarChange(calendar: merged, added: added, removed: removed, loadedYears: years, position: result.firstPosition)
        }
    }

    /// Why a load that leaves `merged` for `years` needs `--force`, as parts of a sentence;
    /// empty when it does not.
    static func reasonsToRefuse(leaving merged: WorkingDayCalendar, in years: ClosedRange<Int>) -> [String] {
        var reasons: [String] = []
        let shipped = Set(WorkingDayCalendar.englandAndWales.bankHolidays)
        let extra = Dictionary(grouping: merged.bankHolidays.filter { years.contains($0.year) && !shipped.contains($0) }, by: \.year)
        for year in extra.keys.sorted() where extra[year]!.count > mostAddedInAYear {
            reasons.append("makes \(extra[year]!.count) days of \(year) bank holidays that caselog does not ship "
                + "(more than \(mostAddedInAYear) in a year)")
        }
        let kept = Set(merged.bankHolidays)
        let missing = WorkingDayCalendar.englandAndWales.bankHolidays.filter { years.contains($0.year) && !kept.contains($0) }
        if !missing.isEmpty {
            let shown = missing.prefix(4).map(\.iso8601).joined(separator: ", ") + (missing.count > 4 ? ", …" : "")
            reasons.append("leaves out \(missing.count) bank holiday\(missing.count == 1 ? "" : "s") of England and Wales "
                + "that caselog ships (\(shown))")
        }
        return reasons
    }

    /// Checks a settings event that an import restores: a setting caselog knows, set to a value
    /// in its range (the form, dates included, is the catalogue's check).
    ///
    /// - Throws: `ValidationError` naming the setting and its range.
    static func checkRestored(_ type: String, data: CBORView) throws {
        if type == SettingsStream.targetSet {
            guard target(from: data, change: Change(position: 0, recordedAt: nil, actor: nil)) != nil else {
                throw ValidationError(.rule("a target needs a measure REPORT:FIGURE, a comparison, a finite value, a date "
                    + "and an amber band of 0 or more"), type: type)
            }
            return
        }
        guard type == SettingsStream.settingChanged, let name = data["name"]?.string, let setting = StoreSetting.named(name) else { return }
        for field in ["value", "previous"] {
            guard let value = data[field]?.integer else { continue }
            guard setting.range.contains(Int(clamping: value)) else {
                throw ValidationError(.rule("field \"\(field)\": \(name) takes \(setting.range.lowerBound) to \(setting.range.upperBound), "
                    + "not \(value)"), type: type)
            }
        }
    }

    /// Records `target` (its `change` is ignored) as a `target.set` event, in one write by
    /// `actor` for `onBehalfOf` when given. Whether its measure names a report figure is the
    /// caller's to check (`CaseStore.setTarget`: Casework does not know the reports).
    ///
    /// - Returns: the position of the event and the target as recorded.
    /// - Throws: `ValidationError` when the value or the amber band is not a finite number, the
    ///   band is negative, or the aim is empty or longer than 300 characters; what the store throws.
    public static func setTarget(_ target: Target, in store: EventStore, actor: String, onBehalfOf: String? = nil) throws -> Target {
        guard target.value.isFinite else { throw ValidationError(.rule("a target's value must be a number")) }
        if let amber = target.amberWithin, !(amber >= 0 && amber.isFinite) {
            throw ValidationError(.rule("--amber-within must be a number of 0 or more"))
        }
        if let aim = target.aim, aim.allSatisfy(\.isWhitespace) || aim.count > 300
            || aim.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw ValidationError(.rule("--aim must be one line of 1 to 300 characters, without control characters"))
        }
        let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor)
        return try store.write(actor: actor) { writer in
            try moveSettingsIntoTheLog(in: &writer, onBehalfOf: onBehalfOf)
            var fields: [(String, (inout CBORWriter) -> Void)] = [
                ("measure", { $0.writeText(target.measure.description) }),
                ("comparison", { $0.writeText(target.comparison.rawValue) }),
                ("value", { writeNumber(target.value, into: &$0) }),
                ("from", { $0.writeText(target.from.iso8601) }),
            ]
            if let aim = target.aim { fields.append(("aim", { $0.writeText(aim) })) }
            if let amber = target.amberWithin { fields.append(("amberWithin", { writeNumber(amber, into: &$0) })) }
            if let onBehalfOf { fields.append((OnBehalfOf.field, { $0.writeText(onBehalfOf) })) }
            let result = try writer.append(ProposedEvent(id: .random(), type: SettingsStream.targetSet, occurredAt: writer.recordedAt,
                                                         data: encodedMap(fields)), to: SettingsStream.name)
            return Target(measure: target.measure, comparison: target.comparison, value: target.value, from: target.from,
                          aim: target.aim, amberWithin: target.amberWithin,
                          change: Change(position: result.firstPosition, recordedAt: writer.recordedAt, actor: actor))
        }
    }

    /// A whole number as a CBOR integer, anything else as a float.
    private static func writeNumber(_ value: Double, into cbor: inout CBORWriter) {
        if value == value.rounded(), abs(value) < 9e15 { cbor.writeInteger(Int64(value)) } else { cbor.writeDouble(value) }
    }

    // MARK: The upgrade

    /// True when an older caselog kept settings beside the log that are not yet events.
    public static func hasSettingsBesideTheLog(in reader: borrowing LogReader) throws -> Bool {
        for name in StoreSetting.all.map(\.name) + [bankHolidaysBesideTheLog] where try reader.setting(named: name) != nil {
            return true
        }
        return false
    }

    /// Writes the settings an older caselog kept beside the log (`meta` `setting:NAME`) as
    /// events of the settings stream, once, and removes them from beside the log, in the
    /// write of `store` that calls it, by `actor` for `onBehalfOf` when given. A store without
    /// any is left alone (one look-up each).
    ///
    /// - Returns: how many events it recorded.
    @discardableResult
    public static func moveSettingsIntoTheLog(in store: EventStore, actor: String, onBehalfOf: String? = nil) throws -> Int {
        guard try store.read({ try hasSettingsBesideTheLog(in: $0) }) else { return 0 }
        let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor)
        return try store.write(actor: actor) { writer in try moveSettingsIntoTheLog(in: &writer, onBehalfOf: onBehalfOf) }
    }

    /// `moveSettingsIntoTheLog(in:actor:onBehalfOf:)` inside a write already under way.
    @discardableResult
    static func moveSettingsIntoTheLog(in writer: inout LogWriter, onBehalfOf: String? = nil) throws -> Int {
        var beside = OrganisationSettings()
        try beside.startFromValuesBesideTheLog { try writer.setting(named: $0) }
        var recorded = 0
        for setting in StoreSetting.all {
            guard try writer.setting(named: setting.name) != nil else { continue }
            if let value = beside.values[setting.name]?.value {
                try appendSettingChanged(setting.name, value: value, previous: nil, onBehalfOf: onBehalfOf, in: &writer)
                recorded += 1
            }
            // A value that does not read (damaged) was never in force: it goes without an event.
            try writer.removeSetting(named: setting.name)
        }
        if try writer.setting(named: bankHolidaysBesideTheLog) != nil {
            let (added, removed) = WorkingDayCalendar.englandAndWales.difference(to: beside.calendar)
            if !added.isEmpty || !removed.isEmpty {
                let years = Array(Set((added + removed).map(\.year))).sorted()
                try appendHolidaysLoaded(division: "england-and-wales", years: years, added: added, removed: removed, forced: false,
                                         onBehalfOf: onBehalfOf, in: &writer)
                recorded += 1
            }
            try writer.removeSetting(named: bankHolidaysBesideTheLog)
        }
        return recorded
    }

    // MARK: Encoding

    /// Appends `setting.changed` (`name`, `value`, `previous` when there was one, `onBehalfOf` when given).
    @discardableResult
    private static func appendSettingChanged(_ name: String, value: Int, previous: Int?, onBehalfOf: String?,
                                             in writer: inout LogWriter) throws -> AppendResult {
        var fields: [(String, (inout CBORWriter) -> Void)] = [("name", { $0.writeText(name) }), ("value", { $0.writeInteger(Int64(value)) })]
        if let previous { fields.append(("previous", { $0.writeInteger(Int64(previous)) })) }
        if let onBehalfOf { fields.append((OnBehalfOf.field, { $0.writeText(onBehalfOf) })) }
        return try writer.append(ProposedEvent(id: .random(), type: SettingsStream.settingChanged, occurredAt: writer.recordedAt,
                                               data: encodedMap(fields)), to: SettingsStream.name)
    }

    /// Appends `calendar.holidays-loaded` (`forced` only when true, `onBehalfOf` when given).
    @discardableResult
    private static func appendHolidaysLoaded(division: String, years: [Int], added: [CalendarDate], removed: [CalendarDate], forced: Bool,
                                             onBehalfOf: String?, in writer: inout LogWriter) throws -> AppendResult {
        var fields: [(String, (inout CBORWriter) -> Void)] = [
            ("division", { $0.writeText(division) }),
            ("years", { cbor in
                cbor.writeArrayHeader(count: years.count)
                for year in years { cbor.writeInteger(Int64(year)) }
            }),
            ("added", { writeDates(added, into: &$0) }),
            ("removed", { writeDates(removed, into: &$0) }),
        ]
        if forced { fields.append(("forced", { $0.writeBool(true) })) }
        if let onBehalfOf { fields.append((OnBehalfOf.field, { $0.writeText(onBehalfOf) })) }
        return try writer.append(ProposedEvent(id: .random(), type: SettingsStream.holidaysLoaded, occurredAt: writer.recordedAt,
                                               data: encodedMap(fields)), to: SettingsStream.name)
    }

    /// A CBOR map of `fields`, its keys in deterministic order (RFC 8949 §4.2.1: shorter
    /// first, then byte by byte).
    static func encodedMap(_ fields: [(String, (inout CBORWriter) -> Void)]) -> [UInt8] {
        let sorted = fields.sorted { lhs, rhs in
            lhs.0.utf8.count != rhs.0.utf8.count ? lhs.0.utf8.count < rhs.0.utf8.count
                : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
        }
        var cbor = CBORWriter()
        cbor.writeMapHeader(count: sorted.count)
        for (key, write) in sorted {
            cbor.writeText(key)
            write(&cbor)
        }
        return cbor.bytes
    }

    private static func writeDates(_ dates: [CalendarDate], into cbor: inout CBORWriter) {
        cbor.writeArrayHeader(count: dates.count)
        for date in dates { cbor.writeText(date.iso8601) }
    }
}
