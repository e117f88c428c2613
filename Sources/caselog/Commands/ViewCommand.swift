import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog view NAME`: one of the current views, as of a date.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show a current view: caseload, complaints-sla, safeguarding-register or actions-due.",
        discussion: """
            Read from the case summaries that every write keeps current, so it is quick on a \
            large store. Open and overdue are judged as of --at (default: today in London), \
            with the store's working-day calendar.

              caseload               per worker: open cases by type, overdue visits and actions, breached deadlines
              complaints-sla         open complaints: stage, next step due, working days left, breaches
              safeguarding-register  open concerns: untriaged first with their age, then by risk level
              actions-due            actions, recommendations and learning not yet done, overdue first

            With --server, a caseworker's view holds only the cases they may read, its figures \
            counted from those cases alone; a panel member is refused (exit 77).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The view.", valueName: "NAME"))
    var name: CurrentView

    @Option(name: .long, help: ArgumentHelp("Only this worker's cases (for actions-due: the items they own).", valueName: "W"))
    var worker: String?

    @Option(name: .long, help: ArgumentHelp("Judge open and overdue as of this date (YYYY-MM-DD).", valueName: "DATE"))
    var at: String?

    @Option(name: .long, help: "table (the default), json, csv or markdown.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable, PrintedFormat { case table, json, csv, markdown }

    func validate() throws {
        if let at, CalendarDate(at) == nil { throw ValidationError("--at \"\(at)\" is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() {
                return try server.print("/v1/views/\(name.rawValue)", ["at": at, "worker": worker, "format": format.rawValue])
            }
            let table = try global.openCaseStoreForReading().view(name, ViewQuery(asOf: at.flatMap { CalendarDate($0) }, worker: worker))
            Terminal.write(table.printout(format.output))
        }
    }
}

extension CurrentView: ExpressibleByArgument {}
