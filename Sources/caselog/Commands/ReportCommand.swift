import ArgumentParser
import CaseStore
import Projections

/// `caselog report NAME --from DATE --to DATE`: a learning report for a period.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A learning report for a period: complaints-performance, safeguarding-learning, tenancy-sustainment, you-said-we-did, or progress (the board's targets).",
        discussion: """
            Worked out from the log for the events that happened (occurredAt, London dates) from \
            --from to --to, both included. Personal data is never read. --explain FIGURE lists the \
            events a figure counts (position, case, type, occurredAt). docs/REPORTS.md defines \
            every figure. Complaints per 1,000 homes needs `caselog config set homes N`. Every \
            form ends with the settings and bank holidays the report was worked out with; \
            --known-at gives the report as it stood at an earlier time. A figure with a target \
            (`caselog target set`) is shown with its target, status and the figure in the \
            --periods periods before; `progress` is the board's page of every target, by aim. you-said-we-did is written \
            to be published (its html and markdown are a page for tenants): learning and adopted \
            suggestions by theme and month, with no personal data, no case or subject reference \
            and no date finer than a month.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("complaints-performance, safeguarding-learning, tenancy-sustainment, you-said-we-did or progress.", valueName: "REPORT"))
    var report: ReportKind

    @Option(name: .long, help: ArgumentHelp("The first day of the period.", valueName: "YYYY-MM-DD"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The last day of the period (included).", valueName: "YYYY-MM-DD"))
    var to: String

    @Option(name: .long, help: "table (the default), json, csv, markdown or html.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("List the events that FIGURE counts, e.g. stage1.respondedWithinCode.",
                                            valueName: "FIGURE"))
    var explain: String?

    @Option(name: .long, help: ArgumentHelp("Earlier periods, each as long as this one, shown beside a figure with a target (0–12).",
                                            valueName: "N"))
    var periods: Int = ReportRequestDefaults.periods

    @Option(name: .customLong("known-at"), help: ArgumentHelp(
        "The report as it could have been run then: only what had been recorded by WHEN, with the settings and calendar in force then.",
        discussion: "WHEN is 2026-12-01 (everything recorded by the end of that day, London time), 2026-12-01T17:00 (London time) or RFC 3339 with a zone.",
        valueName: "WHEN"))
    var knownAt: String?

    func validate() throws {
        if let knownAt, ReplayInstant.parse(knownAt) == nil {
            throw ValidationError("--known-at \"\(knownAt)\" is not a time: give 2026-12-01, 2026-12-01T17:00 (London time) or RFC 3339 with a zone")
        }
    }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() {
                return try server.print("/v1/reports/\(report.rawValue)", ["from": from, "to": to, "known-at": knownAt,
                                                                          "explain": explain, "format": format.rawValue,
                                                                          "periods": periods == ReportRequestDefaults.periods ? nil : String(periods)])
            }
            // A bad period is a usage error (exit 64), as `CaselogError` maps every ReportError.
            let request = ReportRequest(period: try ReportPeriod(from: from, to: to), knownAt: knownAt.flatMap(ReplayInstant.parse),
                                            explain: explain, periods: periods)
            let reading = try global.openCaseStoreForReading().report(report, request)
            Terminal.write(reading.printout(format.output))
        }
    }
}

extension ReportKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument, PrintedFormat {}
