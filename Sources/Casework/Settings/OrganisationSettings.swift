import EventLog
import Codec

/// The organisation's settings and working-day calendar as they stood at a position of the log
/// (DOMAIN.md §10, §13): the fold of the store's `settings` stream. Every deadline, view and
/// report is worked out with one of these and says which (`inForce`, `describe`).
///
/// A store made before settings were events kept them beside the log (`meta` `setting:NAME`);
/// such values are the fold's starting point, marked as kept beside the log, until the first
/// write moves them into the chain (`moveSettingsIntoTheLog`).
public struct OrganisationSettings: Sendable, Equatable {
    /// Where a value in force came from.
    public struct Change: Sendable, Equatable {
        /// The position of the event that set it; 0 for a value an older caselog kept beside the log.
        public let position: UInt64
        /// When the store wrote that event; nil beside the log.
        public let recordedAt: Timestamp?
        /// Who recorded it; nil beside the log.
        public let actor: String?

        /// "position 41, 2026-12-01 by a.khan", or "kept beside the log by an older caselog".
        public var description: String {
            guard position > 0, let recordedAt, let actor else { return "kept beside the log by an older caselog" }
            return "position \(position), \(EuropeLondon.date(of: recordedAt)) by \(actor)"
        }
    }

    /// A load of bank holidays (`calendar.holidays-loaded`) in force.
    public struct CalendarLoad: Sendable, Equatable {
        /// The event that loaded it.
        public let change: Change
        /// The GOV.UK division it came from.
        public let division: String
        /// The years the loaded file covered.
        public let years: [Int]
        /// How many dates it added to the calendar, and removed.
        public let added: Int, removed: Int
        /// True when the load needed `--force` (it added more than ten days to a year, or
        /// removed a date caselog ships).
        public let isForced: Bool
    }

    /// The last position of the log these settings take into account.
    public private(set) var position: UInt64
    /// A setting's value in force and where it came from.
    struct Entry: Sendable, Equatable {
        var value: Int
        var change: Change
    }

    /// Each setting that was ever set: its value and where it came from.
    var values: [String: Entry] = [:]
    /// The bank holidays deadlines count.
    public private(set) var calendar: WorkingDayCalendar = .englandAndWales
    /// Every load of bank holidays in force, oldest first (empty: the calendar caselog ships).
    public private(set) var calendarLoads: [CalendarLoad] = []
    /// Every target ever set, in log order (`target(for:endingOn:)` picks the one in force).
    public private(set) var targets: [Target] = []

    /// The settings of a store where nothing was ever set, as of `position`: every default and
    /// the England and Wales bank holidays caselog ships.
    public init(position: UInt64 = 0) {
        self.position = position
    }

    // MARK: Values

    /// The value of `setting` in force: the last one set, else its default (nil when it has none).
    public func value(_ setting: StoreSetting) -> Int? { values[setting.name]?.value ?? setting.defaultValue }

    /// Where the value of `setting` in force came from; nil while it has its default.
    public func change(of setting: StoreSetting) -> Change? { values[setting.name]?.change }

    /// How soon a safeguarding concern must be triaged.
    public var triageTarget: TriageTarget {
        // The clock-hours rule, unless the store set working days for it and not yet hours.
        let keepsDays = change(of: .triageImmediateRiskDays) != nil && change(of: .triageImmediateRiskHours) == nil
        return TriageTarget(immediateRiskWorkingDays: value(.triageImmediateRiskDays) ?? TriageTarget.standard.immediateRiskWorkingDays,
                            otherWorkingDays: value(.triageOtherDays) ?? TriageTarget.standard.otherWorkingDays,
                            immediateRiskHours: keepsDays ? nil : value(.triageImmediateRiskHours))
    }

    /// The homes the organisation manages; nil when never set.
    public var homes: Int? { value(.homes) }

    /// Days between entries that a replay flags as a gap.
    public var replayGapDays: Int { value(.replayGapDays) ?? 7 }

    /// Seconds a write waits for another process's write.
    public var writeWaitSeconds: Int { value(.writeWaitSeconds) ?? 10 }

    /// How long a write of `reader`'s store waits for another process's write when the
    /// organisation has set `write.wait-seconds`; nil while it has its default (the store's
    /// own, `EventStore.Options.writeWait`). For `EventStore.Options.writeWaitInStore`.
    public static func writeWait(in reader: borrowing LogReader) throws -> Duration? {
        let settings = try inForce(in: reader)
        return settings.change(of: .writeWaitSeconds) == nil ? nil : .seconds(settings.writeWaitSeconds)
    }

    // MARK: Targets

    /// The target for `measure` that applies to a period ending on `date`: of those whose
    /// `from` is on or before it, the one with the latest `from` (set last, when two share it);
    /// nil when none applies.
    public func target(for measure: Measure, endingOn date: CalendarDate) -> Target? {
        var found: Target?
        for candidate in targets where candidate.measure == measure && candidate.from <= date {
            if let best = found, best.from > candidate.from { continue }
            found = candidate
        }
        return found
    }

    /// The targets in force for a period of `report` ending on `date`, one per measure, in
    /// the order their measures were first given a target.
    public func targets(ofReport report: String, endingOn date: CalendarDate) -> [Target] {
        var seen = Set<Measure>()
        return targets.compactMap { candidate in
            guard candidate.measure.report == report, seen.insert(candidate.measure).inserted else { return nil }
            return target(for: candidate.measure, endingOn: date)
        }
    }

    // MARK: Reading

    /// The settings in force in `reader`'s snapshot: as of position `through` when given, and
    /// of what was recorded by `knownAt` when given; else as of the head.
    ///
    /// - Throws: `StoreError.corrupted` when an event of the settings stream cannot be read
    ///   (its form is checked whenever one is written); what the store throws.
    /// - Complexity: one look-up of the stream and a read of its events (a handful).
    public static func inForce(in reader: borrowing LogReader, through position: UInt64? = nil,
                               knownAt: Timestamp? = nil) throws -> OrganisationSettings {
        var settings = OrganisationSettings(position: 0)
        try settings.startFromValuesBesideTheLog { try reader.setting(named: $0) }
        // One position decides both what a figure counts and the settings it uses.
        let head = try reader.head().position
        var last = min(position ?? head, head)
        if let knownAt, position == nil { last = try lastPosition(recordedBy: knownAt, in: reader, head: head) }
        try reader.scanStream(SettingsStream.name) { record in
            guard record.position <= last else { return }
            try settings.apply(record)
        }
        settings.position = last
        return settings
    }

    /// The settings in force as this write leaves them.
    public static func inForce(in writer: borrowing LogWriter) throws -> OrganisationSettings {
        var settings = OrganisationSettings(position: 0)
        try settings.startFromValuesBesideTheLog { try writer.setting(named: $0) }
        try writer.scanStream(SettingsStream.name) { try settings.apply($0) }
        settings.position = writer.head.position
        return settings
    }

    /// The settings in force in `store` now.
    public static func inForce(in store: EventStore) throws -> OrganisationSettings {
        try store.read { try inForce(in: $0) }
    }

    /// The last position recorded at or before `time`: a binary search over positions, since the
    /// store writes records in the order of their `recordedAt` (a restore or the demo keeps
    /// other times, which still rise; a clock stepped back may make the cut a record early).
    static func lastPosition(recordedBy time: Timestamp, in reader: borrowing LogReader, head: UInt64) throws -> UInt64 {
        var low: UInt64 = 0, high = head
        while low < high {
            let middle = low + (high - low + 1) / 2
            guard let record = try reader.record(at: middle) else { return low }
            if record.recordedAt <= time { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The target that a `target.set` event's data records; nil when a field is missing or
    /// out of range (a measure that is not `REPORT:FIGURE`, a negative amber band).
    static func target(from data: CBORView, change: Change) -> Target? {
        guard let measureText = data["measure"]?.string, let measure = Measure(measureText),
              let comparison = data["comparison"]?.string.flatMap(Target.Comparison.init(rawValue:)),
              let value = data["value"]?.double, value.isFinite,
              let fromText = data["from"]?.string, let from = CalendarDate(fromText) else { return nil }
        let amberWithin = data["amberWithin"]?.double
        if let amberWithin, !(amberWithin >= 0 && amberWithin.isFinite) { return nil }
        return Target(measure: measure, comparison: comparison, value: value, from: from, aim: data["aim"]?.string,
                      amberWithin: amberWithin, change: change)
    }

    /// The name under which an older caselog kept the bank holiday list beside the log.
    static let bankHolidaysBesideTheLog = "bank-holidays"

    /// Starts from the values an older caselog kept beside the log, if any.
    mutating func startFromValuesBesideTheLog(_ read: (String) throws -> [UInt8]?) throws {
        let beside = Change(position: 0, recordedAt: nil, actor: nil)
        for setting in StoreSetting.all {
            guard let bytes = try read(setting.name), let value = try? setting.parse(String(decoding: bytes, as: UTF8.self)) else { continue }
            values[setting.name] = Entry(value: value, change: beside)
        }
        if let bytes = try read(Self.bankHolidaysBesideTheLog),
           let kept = try? WorkingDayCalendar(bankHolidayList: String(decoding: bytes, as: UTF8.self)) {
            let (added, removed) = WorkingDayCalendar.englandAndWales.difference(to: kept)
            calendar = kept
            calendarLoads = [CalendarLoad(change: beside, division: "england-and-wales",
                                          years: Array(Set(kept.bankHolidays.map(\.year))).sorted(),
                                          added: added.count, removed: removed.count, isForced: false)]
        }
    }

    /// Folds one event of the settings stream in.
    mutating func apply(_ record: RecordView) throws {
        let change = Change(position: record.position, recordedAt: record.recordedAt, actor: record.actor)
        let data = record.data
        func damaged(_ what: String) -> StoreError {
            StoreError.corrupted(position: record.position, reason: "the settings event \(record.type) \(what)")
        }
        switch record.type {
        case SettingsStream.settingChanged:
            guard let name = data["name"]?.string, let value = data["value"]?.integer else { throw damaged("has no name or value") }
            // A value outside the setting's range was never written by caselog (a restored
            // export can carry anything): it is damage, not a deadline to work out.
            if let setting = StoreSetting.named(name) {
                guard setting.range.contains(Int(clamping: value)) else {
                    throw damaged("sets \(name) to \(value), outside \(setting.range.lowerBound)…\(setting.range.upperBound)")
                }
            }
            values[name] = Entry(value: Int(clamping: value), change: change)
        case SettingsStream.holidaysLoaded:
            guard let division = data["division"]?.string, let added = data["added"], let removed = data["removed"] else {
                throw damaged("has no division, added or removed dates")
            }
            var addedDates: [CalendarDate] = [], removedDates = Set<CalendarDate>(), years: [Int] = []
            var readable = true
            added.forEachElement { element in
                if let text = element.textBytes, let date = CalendarDate(iso8601: text) { addedDates.append(date) } else { readable = false }
            }
            removed.forEachElement { element in
                if let text = element.textBytes, let date = CalendarDate(iso8601: text) { removedDates.insert(date) } else { readable = false }
            }
            data["years"]?.forEachElement { element in if let year = element.integer { years.append(Int(year)) } }
            guard readable else { throw damaged("holds a date that cannot be read") }
            calendar = WorkingDayCalendar(bankHolidays: calendar.bankHolidays.filter { !removedDates.contains($0) } + addedDates)
            calendarLoads.append(CalendarLoad(change: change, division: division, years: years, added: addedDates.count,
                                              removed: removedDates.count, isForced: data["forced"]?.bool == true))
        case SettingsStream.targetSet:
            guard let target = Self.target(from: data, change: change) else { throw damaged("is not a target caselog can read") }
            targets.append(target)
        default:
            // A later caselog's event on this stream: not a setting this one knows.
            break
        }
    }
}
