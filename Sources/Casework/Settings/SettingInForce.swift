import EventLog
import Codec

/// One setting that a deadline, view or report used, as it says so: "triage.other-days 2
/// (position 41, 2026-12-01 by a.khan)".
public struct SettingInForce: Sendable, Equatable {
    /// The setting's name (`triage.other-days`), or `bank-holidays` for the calendar.
    public let name: String
    /// Its value as people read it.
    public let value: String
    /// Where it came from: the event that set it, or caselog's default.
    public let source: String

    /// A setting used.
    public init(name: String, value: String, source: String) {
        self.name = name
        self.value = value
        self.source = source
    }

    /// `name value (source)`.
    public var description: String { "\(name) \(value) (\(source))" }

    /// `settings` as a JSON array of `{"name", "value", "source"}` objects, the member every
    /// JSON output that used settings ends with.
    public static func writeJSON(_ settings: [SettingInForce], into json: inout JSONWriter) {
        json.beginArray()
        for setting in settings {
            json.beginObject()
            json.key("name"); json.string(setting.name)
            json.key("value"); json.string(setting.value)
            json.key("source"); json.string(setting.source)
            json.endObject()
        }
        json.endArray()
    }
}

extension OrganisationSettings {
    /// The name the calendar goes by among the settings an output used.
    public static let calendarName = "bank-holidays"

    /// The settings `used` (and the calendar, when `includesCalendar`), as an output says it
    /// used them.
    public func inForce(_ used: [StoreSetting], includesCalendar: Bool = true) -> [SettingInForce] {
        var lines = used.map { setting in
            let value = self.value(setting).map(String.init) ?? "not set"
            let source = change(of: setting)?.description ?? (setting.defaultValue == nil ? "never set" : "caselog's default")
            return SettingInForce(name: setting.name, value: value, source: source)
        }
        if includesCalendar { lines.append(calendarInForce) }
        return lines
    }

    /// The calendar as an output says it used it.
    public var calendarInForce: SettingInForce {
        let years = calendar.coveredYears.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            ?? "no years"
        guard let last = calendarLoads.last else {
            return SettingInForce(name: Self.calendarName, value: "England and Wales, \(years)", source: "as caselog ships them")
        }
        var source = "loaded from \(last.division): \(last.added) added, \(last.removed) removed"
        if last.isForced { source += ", with --force" }
        source += "; " + last.change.description
        if calendarLoads.count > 1 { source += "; \(calendarLoads.count) loads in all" }
        return SettingInForce(name: Self.calendarName, value: "\(calendar.bankHolidays.count) days, \(years)", source: source)
    }
}
