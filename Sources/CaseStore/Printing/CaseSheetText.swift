import Casework
import EventLog
import Projections

/// A case as CSV (for a spreadsheet) and as Markdown (for a report or a wiki).
enum CaseSheetText {
    static let columns = ["case", "caseType", "state", "stage", "assignedTo", "subject", "riskLevel", "openActions", "nextDue",
                          "step", "due", "done", "status", "extendedBy", "beyondCodeLimit", "workedOutWith"]

    /// One row per deadline, each with the case's summary (one row with no step when the case
    /// has no deadline): tidy data a spreadsheet can filter.
    static func csv(_ file: CaseFile, deadlines: [Deadline], asOf: CalendarDate, settings: [SettingInForce]) -> String {
        let workedOutWith = settings.map(\.description).joined(separator: "; ")
        let open = CaseFile.openItems(of: deadlines)
        let summary = [file.reference, file.caseType.rawValue, file.state.rawValue, file.stage.map(String.init) ?? "",
                       file.assignedTo ?? "", file.subject ?? "", file.riskLevel ?? "", String(open.actions),
                       open.nextDue?.iso8601 ?? ""]
        var text = CSV.line(columns)
        let steps: [[String]] = deadlines.isEmpty ? [["", "", "", "", "", "", ""]] : deadlines.map { deadline in
            [deadline.step.name, deadline.due.iso8601, deadline.done?.iso8601 ?? "", deadline.status(asOf: asOf).rawValue,
             String(deadline.extendedBy), deadline.isBeyondCodeLimit ? "true" : "false", workedOutWith]
        }
        for step in steps {
            text += CSV.line(summary + step)
        }
        return text
    }

    /// The summary as a list, the deadlines and the timeline as tables.
    static func markdown(_ file: CaseFile, deadlines: [Deadline], asOf: CalendarDate, settings: [SettingInForce],
                         rows: [CaseText.Row]) -> String {
        func cell(_ text: String) -> String { TextEscaping.markdown(text) }
        let open = CaseFile.openItems(of: deadlines)
        var lines = ["## \(file.reference)", ""]
        lines.append("- type: \(file.caseType.rawValue); state: \(file.state.rawValue)" + (file.stage.map { "; stage \($0)" } ?? ""))
        lines.append("- assigned to: " + cell(file.assignedTo ?? "nobody"))
        if let subject = file.subject { lines.append("- subject: " + cell(subject)) }
        if let risk = file.riskLevel { lines.append("- risk: \(risk)") }
        if let opened = file.openedAt { lines.append("- opened: \(EuropeLondon.date(of: opened))") }
        if let closed = file.closedAt { lines.append("- closed: \(EuropeLondon.date(of: closed))" + (file.outcome.map { " (\($0))" } ?? "")) }
        lines.append("- open actions: \(open.actions)" + (open.nextDue.map { "; next due \($0)" } ?? ""))
        if !deadlines.isEmpty {
            lines += ["", "### Deadlines as of \(asOf)", "", "| step | due | done | status | extended by |", "| --- | --- | --- | --- | --- |"]
            for deadline in deadlines {
                lines.append("| \(cell(deadline.step.name)) | \(deadline.due) | \(deadline.done?.iso8601 ?? "—") | "
                    + "\(deadline.status(asOf: asOf).rawValue) | \(deadline.extendedBy)\(deadline.isBeyondCodeLimit ? " (beyond the Code's limit)" : "") |")
            }
            lines += ["", "Worked out with: " + settings.map { cell($0.description) }.joined(separator: "; ")]
        }
        lines += ["", "### Timeline (London time)", "", "| version | happened | recorded | by | type | details |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for row in rows {
            lines.append("| \(row.version) | \(EuropeLondon.minuteText(of: row.occurredAt)) | \(EuropeLondon.minuteText(of: row.recordedAt)) | "
                + "\(cell(row.actor)) | " + (row.voidedBy.map { "~~\(row.type)~~ (voided by version \($0))" } ?? row.type)
                + " | \(cell(row.data)) |")
        }
        return lines.joined(separator: "\n")
    }
}
