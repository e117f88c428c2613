import Casework
import CaseStore
import EventLog
import Projections

/// What `caselog demo` shows once the history is written: what the store holds, how the
/// complaints stand against the Complaint Handling Code, how quickly concerns were triaged, and
/// one complaint with a missed deadline, as `caselog case` shows it.
struct DemoTour {
    private var counts: [CaseType: (all: Int, open: Int)] = [:]
    private var stage2Open = 0
    private var complaintSteps: [String: [DeadlineStatus: Int]] = [:]
    private var triage: [DeadlineStatus: Int] = [:]
    private var overdueNow = 0
    private var example: CaseReading?
    private let calendar: WorkingDayCalendar
    private let settingsUsed: [SettingInForce]
    private let asOf: CalendarDate
    /// The latest panel review, for the replay the tour suggests.
    private var review: String?
    /// The board's targets over the last twelve months (`caselog report progress`).
    private var progress: ReportResult?

    /// Reads every case of `store` (a demo store is small enough to fold each one).
    init(store: CaseStore, asOf: CalendarDate) throws {
        self.asOf = asOf
        var calendar = WorkingDayCalendar.englandAndWales
        var triageTarget = TriageTarget.standard
        var settingsUsed: [SettingInForce] = []
        var references: [String] = []
        var counts: [CaseType: (all: Int, open: Int)] = [:]
        var stage2Open = 0
        var review: String?
        try store.log.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            settingsUsed = settings.inForce(CaseFile.settingsDeadlinesUse)
            calendar = settings.calendar
            triageTarget = settings.triageTarget
            // Read from the case summary, as `cases` and the views read it.
            try CaseSummaryView.forEachSummary(in: reader, of: { _ in true }) { summary in
                let isOpen = summary.state == .open
                var count = counts[summary.caseType] ?? (0, 0)
                count.all += 1
                if isOpen { count.open += 1 }
                counts[summary.caseType] = count
                if summary.caseType == .complaint && isOpen && summary.stage == 2 { stage2Open += 1 }
                if summary.caseType == .complaint || summary.caseType == .safeguarding { references.append(summary.reference) }
                if summary.caseType == .review { review = max(review ?? summary.reference, summary.reference) }
            }
        }
        self.calendar = calendar
        self.settingsUsed = settingsUsed
        self.counts = counts
        self.stage2Open = stage2Open
        self.review = review
        var bestExample = -1
        var chosen: (file: CaseFile, deadlines: [Deadline])?
        try store.log.read { reader in
            for reference in references {
                guard var file = CaseFile(reference: reference) else { continue }
                try reader.scanStream(reference) { file.apply($0) }
                let deadlines = file.deadlines(calendar: calendar, triageTarget: triageTarget)
                var score = 0
                for deadline in deadlines {
                    let status = deadline.status(asOf: asOf)
                    if status == .overdue { overdueNow += 1 }
                    switch deadline.step {
                    case .triage: triage[status, default: 0] += 1
                    case .acknowledgeStage1, .respondStage1, .acknowledgeStage2, .respondStage2:
                        complaintSteps[deadline.step.name, default: [:]][status, default: 0] += 1
                        // A good example: a complaint that went to stage 2 with a step missed.
                        score += (status.isBreach ? 2 : 0) + (deadline.step == .respondStage2 ? 1 : 0) + (deadline.extendedBy > 0 ? 1 : 0)
                    default: break
                    }
                }
                if file.caseType == .complaint && score > bestExample && file.version <= 14 {
                    bestExample = score
                    chosen = (file, deadlines)
                }
            }
        }
        let lastYear = try ReportPeriod(from: CalendarDate(daysSince1970: asOf.daysSince1970 - 364), to: asOf)
        progress = try store.report(.progress, ReportRequest(period: lastYear, periods: 0)).result
        // Only the example's timeline is shown: only its rows are built.
        if let chosen {
            example = try store.readCase(chosen.file.reference, asOf: asOf)
        }
    }

    /// The tour, ending with commands to try next.
    func text(storePath: String) -> String {
        var lines = ["", "What the store holds:"]
        let names: [(CaseType, String)] = [(.tenancy, "tenancy support cases"), (.safeguarding, "safeguarding concerns"),
                                           (.complaint, "complaints"), (.feedback, "compliments and suggestions"),
                                           (.review, "panel reviews"), (.subject, "people and households")]
        for (type, name) in names {
            let count = counts[type] ?? (0, 0)
            var line = "  " + Terminal.padded(Terminal.grouped(count.all), 7) + name
            if type.isCase { line += ", \(Terminal.grouped(count.open)) open" }
            if type == .complaint { line += " (\(stage2Open) at stage 2)" }
            lines.append(line)
        }
        lines += ["", "Complaints against the Housing Ombudsman's Complaint Handling Code (deadlines in working days):"]
        for step in ["acknowledge-stage-1", "respond-stage-1", "acknowledge-stage-2", "respond-stage-2"] {
            guard let statuses = complaintSteps[step] else { continue }
            lines.append("  " + Terminal.padded(step, 21) + describe(statuses))
        }
        lines.append("  " + Terminal.padded("safeguarding triage", 21) + describe(triage))
        lines.append("  \(overdueNow) step\(overdueNow == 1 ? " is" : "s are") overdue today (\(asOf)).")
        if let progress, !progress.targets.isEmpty {
            lines += ["", "The board's aims and targets over the last twelve months (`caselog report progress`):"]
            for group in ProgressReport.groups(progress.targets) {
                lines.append("  " + group.aim)
                for outcome in group.outcomes {
                    lines.append("    " + Terminal.padded(outcome.label, 42) + Terminal.padded(outcome.figure.value.text, 8)
                        + Terminal.padded(outcome.status.rawValue, 7) + "(target: " + outcome.targetText + ")")
                }
            }
        }
        if let example {
            lines += ["", "One complaint, as `caselog case \(example.file.reference)` shows it:", ""]
            lines.append(String(decoding: example.printout(.table).output.dropLast(), as: UTF8.self))
        }
        let store = storePath == "./caselog-demo" ? "" : " --store \(storePath)"
        let caselog = "caselog" + (store.isEmpty ? " --store ./caselog-demo" : store)
        lines += ["", "Try next:",
                  "  \(caselog) cases --type complaint --state open",
                  "  \(caselog) case \(example?.file.reference ?? "CMP-2025-000001")",
                  "  \(caselog) case \(example?.file.reference ?? "CMP-2025-000001") --format json",
                  "  \(caselog) view caseload",
                  "  \(caselog) view complaints-sla",
                  "  \(caselog) view safeguarding-register",
                  "  \(caselog) report complaints-performance --from \(CalendarDate(daysSince1970: asOf.daysSince1970 - 364).iso8601) --to \(asOf.iso8601)",
                  "  \(caselog) report you-said-we-did --from \(CalendarDate(daysSince1970: asOf.daysSince1970 - 364).iso8601) --to \(asOf.iso8601) --format html > you-said-we-did.html"]
        lines.append("  \(caselog) report progress --from \(CalendarDate(daysSince1970: asOf.daysSince1970 - 364).iso8601) --to \(asOf.iso8601) --format html > board.html")
        if let review {
            lines.append("  \(caselog) replay \(review) --format html > panel-pack.html")
        }
        lines += ["  \(caselog) types complaint.acknowledged",
                  "  \(caselog) record case.note-added --case \(example?.file.reference ?? "CMP-2025-000001") text=\"Called the tenant back\"",
                  "  \(caselog) verify --digest"]
        return lines.joined(separator: "\n")
    }

    /// `412 met, 31 late (7%), 3 open, 2 overdue`.
    private func describe(_ statuses: [DeadlineStatus: Int]) -> String {
        let done = (statuses[.met] ?? 0) + (statuses[.late] ?? 0)
        var parts = ["\(statuses[.met] ?? 0) met", "\(statuses[.late] ?? 0) late"]
        if done > 0 { parts[0] += " (\(Int((Double(statuses[.met] ?? 0) / Double(done) * 100).rounded()))% on time)" }
        if let open = statuses[.open] { parts.append("\(open) open") }
        if let overdue = statuses[.overdue] { parts.append("\(overdue) overdue") }
        return parts.joined(separator: ", ")
    }
}
