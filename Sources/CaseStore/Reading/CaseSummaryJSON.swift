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
        json.key("version"); json.unsigned(file.version)
        json.key("stage"); json.integerOrNull(file.stage.map { Int64($0) })
        json.key("assignedTo"); json.stringOrNull(file.assignedTo)
        json.key("subject"); json.stringOrNull(file.subject)
        json.key("riskLevel"); json.stringOrNull(file.riskLevel)
        json.key("openedAt"); json.stringOrNull(file.openedAt?.iso8601)
        json.key("closedAt"); json.stringOrNull(file.closedAt?.iso8601)
        json.key("lastActivity"); json.stringOrNull(file.lastActivity?.iso8601)
        json.key("outcome"); json.stringOrNull(file.outcome)
        json.key("asOf"); json.string(asOf.iso8601)
        let open = CaseFile.openItems(of: deadlines)
        json.key("openActions"); json.integer(Int64(open.actions))
        json.key("nextDue"); json.stringOrNull(open.nextDue?.iso8601)
        json.key("deadlines")
        json.beginArray()
        for deadline in deadlines {
            json.beginObject()
            json.key("step"); json.string(deadline.step.name)
            json.key("due"); json.string(deadline.due.iso8601)
            json.key("done"); json.stringOrNull(deadline.done?.iso8601)
            json.key("status"); json.string(deadline.status(asOf: asOf).rawValue)
            json.key("extendedBy"); json.integer(Int64(deadline.extendedBy))
            json.key("beyondCodeLimit"); json.bool(deadline.isBeyondCodeLimit)
            json.endObject()
        }
        json.endArray()
    }
}
