import Casework
import Codec

/// `caselog retention run --dry-run` in each of its forms. Every form lists the subjects due
/// with their date and reason; the table and JSON add those not yet due.
public enum RetentionText {
    /// The table: the settings used, the subjects due, then those not yet due.
    public static func table(_ schedule: RetentionSchedule) -> String {
        var lines = ["Retention as of \(schedule.asOf) (settings: " + schedule.settings.map(\.description).joined(separator: ", ") + ")", ""]
        lines.append("Due for erasure (\(schedule.due.count)):")
        if schedule.due.isEmpty { lines.append("  none") }
        for entry in schedule.due { lines.append("  \(entry.subject)  due \(entry.dueOn.map(\.iso8601) ?? "")  \(entry.reason)") }
        lines.append("")
        lines.append("Not yet due (\(schedule.notYetDue.count)):")
        if schedule.notYetDue.isEmpty { lines.append("  none") }
        for entry in schedule.notYetDue {
            lines.append("  \(entry.subject)  \(entry.dueOn.map { "due \($0.iso8601)" } ?? "held        ")  \(entry.reason)")
        }
        return lines.joined(separator: "\n")
    }

    /// One CSV row per subject due: subject, due, reason.
    public static func csv(_ schedule: RetentionSchedule) -> String {
        ([CSV.line(["subject", "due", "reason"])] + schedule.due.map { CSV.line([$0.subject, $0.dueOn?.iso8601 ?? "", $0.reason]) })
            .joined()
    }

    /// The schedule as JSON and a newline.
    public static func json(_ schedule: RetentionSchedule) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("asOf"); json.string(schedule.asOf.iso8601)
        json.key("settings"); SettingInForce.writeJSON(schedule.settings, into: &json)
        json.key("due"); entries(schedule.due, into: &json)
        json.key("notYetDue"); entries(schedule.notYetDue, into: &json)
        json.endObject()
        return json.bytes + [UInt8(ascii: "\n")]
    }

    private static func entries(_ list: [RetentionSchedule.Entry], into json: inout JSONWriter) {
        json.beginArray()
        for entry in list {
            json.beginObject()
            json.key("subject"); json.string(entry.subject)
            json.key("dueOn"); json.stringOrNull(entry.dueOn?.iso8601)
            json.key("reason"); json.string(entry.reason)
            json.key("cases"); json.beginArray()
            for hold in entry.cases {
                json.beginObject()
                json.key("case"); json.string(hold.reference)
                json.key("closedOn"); json.stringOrNull(hold.closedOn?.iso8601)
                json.key("keptUntil"); json.stringOrNull(hold.keptUntil?.iso8601)
                json.key("rule"); json.string(hold.rule)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }
}
