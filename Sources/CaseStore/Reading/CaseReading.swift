import Casework
import Codec
import EventLog
import Projections

/// One case as `caselog case` shows it: its summary (the case-summary view's row), its
/// deadlines worked out with the settings in force, and its timeline.
public struct CaseReading {
    /// One event of the timeline, its personal fields merged back into its data when they are shown.
    public struct Entry {
        public let position: UInt64
        public let version: UInt64
        public let type: String
        public let occurredAt: Timestamp
        public let recordedAt: Timestamp
        public let actor: String
        public let id: EventID
        /// The data as a JSON object (personal fields merged in when shown).
        public let dataJSON: [UInt8]

        /// The data as `field: value` pairs, lists comma-separated (nested objects stay JSON).
        public var dataText: String { Self.readable(dataJSON) }

    /// `{"a":"x","b":["y","z"]}` → `a: x · b: y, z`; nested objects stay JSON.
    static func readable(_ json: [UInt8]) -> String {
        var text = String(decoding: json, as: UTF8.self)
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return text }
        text = String(text.dropFirst().dropLast())
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
            } else if character == "," && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.isEmpty { parts.append(current) }
        return parts.map { part in
            guard let colon = part.firstIndex(of: ":") else { return part }
            let key = part[..<colon].filter { $0 != "\"" }
            var value = String(part[part.index(after: colon)...])
            if value.hasPrefix("[\""), value.hasSuffix("\"]"), !value.contains("{") {
                value = value.dropFirst(2).dropLast(2).split(separator: "\",\"").joined(separator: ", ")
            } else if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return "\(key): \(value)"
        }.joined(separator: " · ")
    }

    }

    /// The case summary (DOMAIN.md §6).
    public let summary: CaseFile
    /// Its deadlines, judged as of `asOf`.
    public let deadlines: [Deadline]
    public let asOf: CalendarDate
    /// The working-day calendar the deadlines were worked out with.
    public let calendar: WorkingDayCalendar
    /// The settings the deadlines were worked out with (DOMAIN.md §10).
    public let settingsUsed: [SettingInForce]
    /// Every event of the case, in version order.
    public let timeline: [Entry]

    /// The whole reading as one JSON object and a newline: summary, deadlines, `settings`, `events`.
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 1024 + timeline.reduce(0) { $0 + $1.dataJSON.count + 256 })
        CaseSummaryJSON.writeSummary(summary, deadlines: deadlines, asOf: asOf, into: &json)
        json.key("settings")
        SettingInForce.writeJSON(settingsUsed, into: &json)
        json.key("events")
        json.beginArray()
        for entry in timeline {
            json.beginObject()
            json.key("position"); json.integer(Int64(entry.position))
            json.key("version"); json.integer(Int64(entry.version))
            json.key("type"); json.string(entry.type)
            json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
            json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
            json.key("actor"); json.string(entry.actor)
            json.key("id"); json.string(entry.id.description)
            json.key("data"); json.raw(entry.dataJSON)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }
}

extension CaseStore {
    /// The case or subject `reference` as `caselog case` shows it, with deadlines judged as of
    /// `asOf`; nil when the store has no such stream. Personal fields are merged into the
    /// timeline's data unless `includingPersonal` is false (what a case shows of an erased or
    /// damaged section is decided by `PersonalFieldFilter.withShownContent`).
    ///
    /// Cost: one read of the case's row and of its records, in one snapshot.
    public func readCase(_ reference: String, asOf: CalendarDate, includingPersonal: Bool = true) throws -> CaseReading? {
        try log.read { reader -> CaseReading? in
            guard try reader.streamHead(reference) != nil, let file = try CaseSummaryView.view.fold(of: reference, in: reader) else {
                return nil
            }
            var timeline: [CaseReading.Entry] = []
            try reader.scanStream(reference) { record in
                try PersonalFieldFilter.withShownContent(of: record, in: reader, includingPersonal: includingPersonal) { data, personal in
                    var json = JSONWriter()
                    try MergedDataWriter.write(data: data, personal: personal.flatMap { $0.isWellFormed ? $0.fields : nil }, into: &json)
                    timeline.append(CaseReading.Entry(
                        position: record.position, version: record.version, type: record.type, occurredAt: record.occurredAt,
                        recordedAt: record.recordedAt, actor: record.actor, id: record.eventID, dataJSON: json.bytes))
                }
            }
            let settings = try OrganisationSettings.inForce(in: reader)
            let deadlines = file.deadlines(calendar: settings.calendar, triageTarget: settings.triageTarget)
            return CaseReading(summary: file, deadlines: deadlines, asOf: asOf, calendar: settings.calendar,
                               settingsUsed: settings.inForce(CaseFile.settingsDeadlinesUse), timeline: timeline)
        }
    }
}
