import ArgumentParser
import Projections

/// `caselog report NAME --from DATE --to DATE`: a learning report for a period.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A learning report for a period: complaints-performance, safeguarding-learning or tenancy-sustainment.",
        discussion: """
            Worked out from the log for the events that happened (occurredAt, London dates) from \
            --from to --to, both included. Personal data is never read. --explain FIGURE lists the \
            events a figure counts (position, case, type, occurredAt). docs/REPORTS.md defines \
            every figure. Complaints per 1,000 homes needs `caselog config set homes N`.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("complaints-performance, safeguarding-learning or tenancy-sustainment.", valueName: "REPORT"))
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

    func run() throws {
        try reportingFailures {
            let period: ReportPeriod
            do {
                period = try ReportPeriod(from: from, to: to)
            } catch let error as ReportError {
                throw CommandFailure(code: ExitStatus.usage, message: error.description)
            }
            let result = try report.run(period: period, in: try global.openStoreForReading())
            let visible = { (text: String) in Terminal.visible(text) }
            if let explain {
                do {
                    printText(format.renderExplanation(try result.events(explaining: explain), visible: visible))
                } catch let error as ReportError {
                    throw CommandFailure(code: ExitStatus.usage, message: error.description)
                }
            } else {
                printText(format.render(result, visible: visible))
            }
        }
    }
}

/// Prints `text` through `Terminal.print`, so that no control character a caseworker typed
/// reaches the terminal in any format.
private func printText(_ text: String) {
    guard !text.isEmpty else { return }
    Terminal.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
}

extension ReportKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
