import Casework
import Codec
import EventLog
import Projections

// The access log and the access review as `caselog access-log` and `caselog access review`
// print them: a table for the safeguarding lead (UTC to the second), CSV and JSON (RFC 3339).

extension AccessLogEntries {
    /// The reads as `caselog access-log --format FORMAT` prints them, with a note of how many
    /// (and, when reasons were withheld from break-glass reads, how to see them).
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        let personal = filter.includesPersonal
        switch format {
        case .json:
            var json = JSONWriter(capacity: 256 + entries.count * 256)
            json.beginObject()
            json.key("subject"); json.stringOrNull(filter.subject)
            json.key("user"); json.stringOrNull(filter.user)
            AccessLogText.period(filter.period, into: &json)
            json.key("includesPersonal"); json.bool(personal)
            json.key("reads")
            AccessLogText.json(entries, includingPersonal: personal, into: &json)
            json.endObject()
            json.bytes.append(0x0A)
            printout.write(json.bytes)
        case .csv:
            let headings = AccessLogText.csvHeadings + (personal ? ["reason"] : [])
            printout.write(Array(([headings] + entries.map { AccessLogText.csvCells($0, includingPersonal: personal) }).map(CSV.line).joined().utf8))
        default:
            let headings = AccessLogText.tableHeadings + ["break-glass"] + (personal ? ["reason"] : [])
            let rows = entries.map { entry in
                AccessLogText.tableCells(entry) + [entry.isBreakGlass ? "yes" : "no"] + (personal ? [TextEscaping.visible(entry.reason ?? "")] : [])
            }
            for line in AccessLogText.aligned([headings] + rows) { printout.print(line) }
        }
        printout.note("\(entries.count) read\(entries.count == 1 ? "" : "s")")
        if !personal && entries.contains(where: \.isBreakGlass) {
            printout.note(AccessLogText.reasonsWithheld)
        }
        return printout
    }
}

extension AccessReview {
    /// The review as `caselog access review --format FORMAT` prints it: in a table, three
    /// sections; in CSV, one row per finding; in JSON, one object.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(json())
        case .csv: printout.write(Array(csv().utf8))
        default: for line in table() { printout.print(line) }
        }
        if !includesPersonal && !breakGlassReads.isEmpty { printout.note(AccessLogText.reasonsWithheld) }
        return printout
    }

    private func table() -> [String] {
        let scope = period == .whole ? "every read recorded" : "reads recorded \(period)"
        var lines = ["Access review: \(scope)", ""]
        func section(_ title: String, _ headings: [String], _ rows: [[String]]) {
            lines.append("\(title): \(rows.isEmpty ? "none" : String(rows.count))")
            if !rows.isEmpty { lines += AccessLogText.aligned([headings] + rows) }
            lines.append("")
        }
        section("Break-glass reads",
                AccessLogText.tableHeadings + (includesPersonal ? ["reason"] : []),
                breakGlassReads.map { AccessLogText.tableCells($0) + (includesPersonal ? [TextEscaping.visible($0.reason ?? "")] : []) })
        section("Users who read more than \(subjectsPerHour) subjects within an hour (setting access.unusual-subjects-per-hour)",
                ["user", "from (UTC)", "through (UTC)", "subjects in an hour", "reads"],
                busyHours.map { [TextEscaping.visible($0.user), AccessLogText.time($0.from), AccessLogText.time($0.through),
                                 TextLayout.grouped($0.subjects), TextLayout.grouped($0.reads)] })
        section("Unusual access recorded when it happened",
                ["position", "recorded (UTC)", "user", "rule", "subjects"],
                detected.map { [String($0.position), AccessLogText.time($0.recordedAt), TextEscaping.visible($0.user),
                                TextEscaping.visible($0.rule), TextLayout.grouped($0.subjects)] })
        lines.removeLast()
        return lines
    }

    private func json() -> [UInt8] {
        var json = JSONWriter(capacity: 512 + breakGlassReads.count * 256)
        json.beginObject()
        AccessLogText.period(period, into: &json)
        json.key("subjectsPerHour"); json.integer(Int64(subjectsPerHour))
        json.key("includesPersonal"); json.bool(includesPersonal)
        json.key("breakGlass")
        AccessLogText.json(breakGlassReads, includingPersonal: includesPersonal, into: &json)
        json.key("busyHours"); json.beginArray()
        for busy in busyHours {
            json.beginObject()
            json.key("user"); json.string(busy.user)
            json.key("from"); json.string(busy.from.iso8601)
            json.key("through"); json.string(busy.through.iso8601)
            json.key("subjects"); json.integer(Int64(busy.subjects))
            json.key("reads"); json.integer(Int64(busy.reads))
            json.endObject()
        }
        json.endArray()
        json.key("detected"); json.beginArray()
        for event in detected {
            json.beginObject()
            json.key("position"); json.unsigned(event.position)
            json.key("recordedAt"); json.string(event.recordedAt.iso8601)
            json.key("user"); json.string(event.user)
            json.key("rule"); json.string(event.rule)
            json.key("subjects"); json.integer(Int64(event.subjects))
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    /// One row per finding: `break-glass` (a read), `busy-hour` (a stretch: `recordedAt` to
    /// `through`), `recorded-unusual` (an `access.unusual-detected` event).
    private func csv() -> String {
        var rows = [["finding", "user", "recordedAt", "through", "rule", "purpose", "subjects", "subjectCount", "cases", "position"]
            + (includesPersonal ? ["reason"] : [])]
        for read in breakGlassReads {
            rows.append(["break-glass", read.user, read.recordedAt.iso8601, "", "", read.purpose, read.subjects?.joined(separator: " ") ?? "",
                         String(read.subjectCount), read.cases.joined(separator: " "), String(read.position)]
                + (includesPersonal ? [read.reason ?? ""] : []))
        }
        for busy in busyHours {
            rows.append(["busy-hour", busy.user, busy.from.iso8601, busy.through.iso8601, "subjects-per-hour", "", "", String(busy.subjects), "", ""]
                + (includesPersonal ? [""] : []))
        }
        for event in detected {
            rows.append(["recorded-unusual", event.user, event.recordedAt.iso8601, "", event.rule, "", "", String(event.subjects), "",
                         String(event.position)] + (includesPersonal ? [""] : []))
        }
        return rows.map(CSV.line).joined()
    }
}

/// The cells, columns and layout the access log and the review share.
enum AccessLogText {
    static let tableHeadings = ["position", "recorded (UTC)", "user", "purpose", "subjects", "cases"]
    static let csvHeadings = ["position", "recordedAt", "user", "onBehalfOf", "purpose", "breakGlass", "bulk", "subjects", "subjectCount",
                              "cases", "fromPosition", "throughPosition"]
    static let reasonsWithheld = "the reasons given for break-glass reads are personal data: --include-personal shows them"
    /// The most subjects or cases a table cell names before giving the rest as a count.
    static let listedInTable = 3

    /// `2026-12-01 09:14:07` (UTC).
    static func time(_ instant: Timestamp) -> String {
        let text = instant.iso8601
        guard text.utf8.count >= 19 else { return text }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8))
    }

    static func tableCells(_ entry: AccessLogEntry) -> [String] {
        let user = entry.onBehalfOf.map { "\(entry.user) for \($0)" } ?? entry.user
        let subjects: String
        if let listed = entry.subjects {
            subjects = shortList(listed)
        } else {
            let range = entry.positions.map { ", positions \(TextLayout.grouped($0.lowerBound)) to \(TextLayout.grouped($0.upperBound))" } ?? ""
            subjects = "all (bulk read of \(TextLayout.grouped(entry.subjectCount)) subjects\(range))"
        }
        return [String(entry.position), time(entry.recordedAt), user, entry.purpose, subjects, shortList(entry.cases)].map { TextEscaping.visible($0) }
    }

    /// `P-000001 P-000002 P-000003 and 5 more`.
    private static func shortList(_ items: [String]) -> String {
        guard items.count > listedInTable + 1 else { return items.joined(separator: " ") }
        return items.prefix(listedInTable).joined(separator: " ") + " and \(items.count - listedInTable) more"
    }

    static func csvCells(_ entry: AccessLogEntry, includingPersonal: Bool) -> [String] {
        let subjects: String = entry.subjects?.joined(separator: " ") ?? ""
        let from: String = entry.positions.map { String($0.lowerBound) } ?? ""
        let through: String = entry.positions.map { String($0.upperBound) } ?? ""
        var cells: [String] = [String(entry.position), entry.recordedAt.iso8601, entry.user, entry.onBehalfOf ?? "", entry.purpose]
        cells += [String(entry.isBreakGlass), String(entry.isBulk), subjects, String(entry.subjectCount), entry.cases.joined(separator: " ")]
        cells += [from, through]
        if includingPersonal { cells.append(entry.reason ?? "") }
        return cells
    }

    /// `rows` in columns as wide as their widest cell, two spaces apart, without spaces at the
    /// end of a line (the last cells may be empty).
    static func aligned(_ rows: [[String]]) -> [String] {
        let widths = (rows.first ?? []).indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// `"from"` and `"to"`: the period's days, or null for an open end.
    static func period(_ period: AccessPeriod, into json: inout JSONWriter) {
        json.key("from"); json.stringOrNull(period.from?.iso8601)
        json.key("to"); json.stringOrNull(period.to?.iso8601)
    }

    /// `entries` as a JSON array; `reason` a key only when personal fields were read.
    static func json(_ entries: [AccessLogEntry], includingPersonal: Bool, into json: inout JSONWriter) {
        json.beginArray()
        for entry in entries {
            json.beginObject()
            json.key("position"); json.unsigned(entry.position)
            json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
            json.key("user"); json.string(entry.user)
            json.key("onBehalfOf"); json.stringOrNull(entry.onBehalfOf)
            json.key("purpose"); json.string(entry.purpose)
            json.key("breakGlass"); json.bool(entry.isBreakGlass)
            json.key("bulk"); json.bool(entry.isBulk)
            json.key("subjects"); json.beginArray()
            for subject in entry.subjects ?? [] { json.string(subject) }
            json.endArray()
            json.key("subjectCount"); json.integer(Int64(entry.subjectCount))
            json.key("cases"); json.beginArray()
            for reference in entry.cases { json.string(reference) }
            json.endArray()
            json.key("fromPosition"); json.integerOrNull(entry.positions.map { Int64(clamping: $0.lowerBound) })
            json.key("throughPosition"); json.integerOrNull(entry.positions.map { Int64(clamping: $0.upperBound) })
            if includingPersonal { json.key("reason"); json.stringOrNull(entry.reason) }
            json.endObject()
        }
        json.endArray()
    }
}
