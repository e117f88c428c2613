import Projections
import Casework
import EventLog

/// How a case reads as a table (`caselog case`, the demo's tour).
enum CaseText {
    /// One event of the timeline, for the table.
    struct Row {
        let version: UInt64
        let occurredAt: Timestamp
        let recordedAt: Timestamp
        let actor: String
        let type: String
        let data: String
        /// The version of the void that marks it entered in error; nil while it stands.
        let voidedBy: UInt64?
        /// Where a migrated event came from; nil for one recorded here.
        let source: MigratedSource?

        /// The row of a timeline entry: its data as `field: value` pairs.
        init(_ entry: CaseReading.Entry) {
            version = entry.version
            occurredAt = entry.occurredAt
            recordedAt = entry.recordedAt
            actor = entry.recordedBy
            type = entry.type
            voidedBy = entry.voidedBy
            source = entry.source
            let missing = entry.personalMissing.map { "personal fields \($0)" }
            data = [entry.dataText, missing].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
        }
    }

    /// A timeline row of `entry`.
    /// The case as a caseworker reads it: summary, deadlines, timeline.
    static func table(_ file: CaseFile, deadlines: [Deadline], asOf: CalendarDate, calendar: WorkingDayCalendar,
                      settings: [SettingInForce], rows: [Row]) -> String {
        var lines: [String] = []
        var heading = "\(file.reference)  \(file.caseType)  \(file.state)"
        if let stage = file.stage { heading += "  stage \(stage)" }
        heading += "  version \(file.version)"
        lines.append(heading)
        var facts: [String] = []
        facts.append("assigned to " + TextEscaping.visible(file.assignedTo ?? "nobody"))
        if let subject = file.subject { facts.append("subject \(TextEscaping.visible(subject))") }
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
        let actorWidth = rows.map { TextEscaping.visible($0.actor).count }.max() ?? 0
        for row in rows {
            // A migrated entry is late by when it was made in the system it came from.
            let enteredAt = row.source?.recordedAt ?? row.recordedAt
            let late = enteredAt.microseconds - row.occurredAt.microseconds > 24 * 3_600 * 1_000_000
            lines.append(pad(String(row.version), 4) + " " + EuropeLondon.minuteText(of: row.occurredAt) + (late ? "*" : " ")
                + " " + pad(TextEscaping.visible(row.actor), actorWidth) + "  " + pad(row.type, typeWidth) + "  " + row.data)
            if late { lines.append("       recorded \(EuropeLondon.minuteText(of: enteredAt))") }
            if let source = row.source { lines.append("       \(source.description)") }
            if let voidedBy = row.voidedBy {
                lines.append("       VOIDED by version \(voidedBy): entered in error, counted in no deadline, view or report")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
