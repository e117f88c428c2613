import Casework
import Codec
import EventLog

/// How a case reads: `caselog case` as a table or as JSON, and the lines of `caselog cases`.
enum CaseText {
    /// One event of the timeline, for the table.
    struct Row {
        let version: UInt64
        let occurredAt: Timestamp
        let recordedAt: Timestamp
        let actor: String
        let type: String
        let data: String
    }

    // MARK: JSON

    /// Opens the case's object and writes its summary and deadlines; the caller adds `events`
    /// and closes it.
    static func writeSummary(_ file: CaseFile, deadlines: [Deadline], asOf: CalendarDate, into json: inout JSONWriter) {
        json.beginObject()
        json.key("case"); json.string(file.reference)
        json.key("caseType"); json.string(file.caseType.rawValue)
        json.key("state"); json.string(file.state.rawValue)
        json.key("version"); json.integer(Int64(file.version))
        json.key("stage"); optional(file.stage.map { Int64($0) }, into: &json)
        json.key("assignedTo"); optional(file.assignedTo, into: &json)
        json.key("subject"); optional(file.subject, into: &json)
        json.key("riskLevel"); optional(file.riskLevel, into: &json)
        json.key("openedAt"); optional(file.openedAt?.iso8601, into: &json)
        json.key("closedAt"); optional(file.closedAt?.iso8601, into: &json)
        json.key("lastActivity"); optional(file.lastActivity?.iso8601, into: &json)
        json.key("outcome"); optional(file.outcome, into: &json)
        json.key("asOf"); json.string(asOf.iso8601)
        let open = CaseFile.openItems(of: deadlines)
        json.key("openActions"); json.integer(Int64(open.actions))
        json.key("nextDue"); optional(open.nextDue?.iso8601, into: &json)
        json.key("deadlines")
        json.beginArray()
        for deadline in deadlines {
            json.beginObject()
            json.key("step"); json.string(deadline.step.name)
            json.key("due"); json.string(deadline.due.iso8601)
            json.key("done"); optional(deadline.done?.iso8601, into: &json)
            json.key("status"); json.string(deadline.status(asOf: asOf).rawValue)
            json.key("extendedBy"); json.integer(Int64(deadline.extendedBy))
            json.key("beyondCodeLimit"); json.bool(deadline.isBeyondCodeLimit)
            json.endObject()
        }
        json.endArray()
    }

    /// `settings` as the member `settings`: the settings the deadlines were worked out with.
    static func writeSettings(_ settings: [SettingInForce], into json: inout JSONWriter) {
        json.key("settings")
        SettingInForce.writeJSON(settings, into: &json)
    }

    /// One event of the timeline as a JSON object, its personal fields merged back into `data`
    /// (the record's own unless given) when `personal` is given.
    static func writeEvent(_ record: RecordView, data: CBORView? = nil, personal: PersonalSectionView?,
                           into json: inout JSONWriter) throws {
        json.beginObject()
        json.key("position"); json.integer(Int64(record.position))
        json.key("version"); json.integer(Int64(record.version))
        json.key("type"); json.string(bytes: record.typeBytes)
        json.key("occurredAt"); json.string(record.occurredAt.iso8601)
        json.key("recordedAt"); json.string(record.recordedAt.iso8601)
        json.key("actor"); json.string(bytes: record.actorBytes)
        json.key("id"); json.string(record.eventID.description)
        json.key("data")
        try MergedDataWriter.write(data: data ?? record.data, personal: personal.flatMap { $0.isWellFormed ? $0.fields : nil },
                                   into: &json)
        json.endObject()
    }

    private static func optional(_ value: String?, into json: inout JSONWriter) {
        if let value { json.string(value) } else { json.null() }
    }

    private static func optional(_ value: Int64?, into json: inout JSONWriter) {
        if let value { json.integer(value) } else { json.null() }
    }

    // MARK: Table

    /// A timeline row: the data (the record's own unless given) as `field: value` pairs, lists
    /// comma-separated.
    static func row(_ record: RecordView, data: CBORView? = nil, personal: PersonalSectionView?) throws -> Row {
        var json = JSONWriter()
        try MergedDataWriter.write(data: data ?? record.data, personal: personal.flatMap { $0.isWellFormed ? $0.fields : nil },
                                   into: &json)
        return Row(version: record.version, occurredAt: record.occurredAt, recordedAt: record.recordedAt,
                   actor: record.actor, type: record.type, data: readable(json.bytes))
    }

    /// `{"a":"x","b":["y","z"]}` → `a: x · b: y, z`; nested objects stay JSON.
    private static func readable(_ json: [UInt8]) -> String {
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

    /// The case as a caseworker reads it: summary, deadlines, timeline.
    static func table(_ file: CaseFile, deadlines: [Deadline], asOf: CalendarDate, calendar: WorkingDayCalendar,
                      settings: [SettingInForce], rows: [Row]) -> String {
        var lines: [String] = []
        var heading = "\(file.reference)  \(file.caseType)  \(file.state)"
        if let stage = file.stage { heading += "  stage \(stage)" }
        heading += "  version \(file.version)"
        lines.append(heading)
        var facts: [String] = []
        facts.append("assigned to " + Terminal.visible(file.assignedTo ?? "nobody"))
        if let subject = file.subject { facts.append("subject \(Terminal.visible(subject))") }
        if let risk = file.riskLevel { facts.append("risk \(risk)") }
        if let opened = file.openedAt { facts.append("opened \(EuropeLondon.date(of: opened))") }
        if let closed = file.closedAt { facts.append("closed \(EuropeLondon.date(of: closed))" + (file.outcome.map { " (\($0))" } ?? "")) }
        if let last = file.lastActivity { facts.append("last activity \(EuropeLondon.date(of: last))") }
        let open = CaseFile.openItems(of: deadlines)
        if open.actions > 0 { facts.append("\(open.actions) open action\(open.actions == 1 ? "" : "s")") }
        if let next = open.nextDue { facts.append("next due \(next)") }
        lines.append(facts.joined(separator: " · "))
        if !deadlines.isEmpty {
            lines += ["", "deadlines as of \(asOf):"]
            let width = max(4, deadlines.map(\.step.name.count).max() ?? 0)
            lines.append("  " + pad("step", width) + "  due         done        status")
            for deadline in deadlines {
                let status = deadline.status(asOf: asOf)
                var line = "  " + pad(deadline.step.name, width) + "  \(deadline.due)  " + pad(deadline.done?.iso8601 ?? "—", 10)
                    + "  " + status.rawValue
                if status == .open {
                    let left = deadline.workingDaysLeft(asOf: asOf, calendar: calendar)
                    line += left == 0 ? " (due today)" : " (\(left) working day\(left == 1 ? "" : "s") left)"
                } else if status == .overdue {
                    let late = -deadline.workingDaysLeft(asOf: asOf, calendar: calendar)
                    line += " (\(late) working day\(late == 1 ? "" : "s") late)"
                }
                if deadline.extendedBy > 0 {
                    line += ", extended by \(deadline.extendedBy)" + (deadline.isBeyondCodeLimit ? " (beyond the Code's limit)" : "")
                }
                lines.append(line)
            }
            lines.append("worked out with: " + settings.map(\.description).joined(separator: "; "))
        }
        lines += ["", "timeline (London time; recorded later than it happened is marked *):"]
        let typeWidth = rows.map(\.type.count).max() ?? 0
        let actorWidth = rows.map { Terminal.visible($0.actor).count }.max() ?? 0
        for row in rows {
            let late = row.recordedAt.microseconds - row.occurredAt.microseconds > 24 * 3_600 * 1_000_000
            lines.append(pad(String(row.version), 4) + " " + EuropeLondon.minuteText(of: row.occurredAt) + (late ? "*" : " ")
                + " " + pad(Terminal.visible(row.actor), actorWidth) + "  " + pad(row.type, typeWidth) + "  " + row.data)
            if late { lines.append("       recorded \(EuropeLondon.minuteText(of: row.recordedAt))") }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
