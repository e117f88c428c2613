import Casework
import Codec
import EventLog

/// A case summary and its deadlines as the JSON members `caselog case --format json` starts with.
enum CaseSummaryJSON {
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

    private static func optional(_ value: String?, into json: inout JSONWriter) {
        if let value { json.string(value) } else { json.null() }
    }

    private static func optional(_ value: Int64?, into json: inout JSONWriter) {
        if let value { json.integer(value) } else { json.null() }
    }
}
