import ArgumentParser
import Casework
import CaseStore
import EventLog
import Projections

/// `caselog case REF`: one case's summary, deadlines and timeline.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Show one case: its summary, its deadlines and its timeline.",
        discussion: """
            Deadlines are worked out from the case's events with the store's working-day \
            calendar (`caselog calendar`) and triage target (`caselog config`) in force, which \
            the output names: met or late once done, open or overdue as of --at \
            (default: today in London). Times are shown in London time; --format json gives \
            them in UTC (RFC 3339) with every field. The timeline includes personal details \
            (names, notes) for the caseworker; --without-personal leaves them out.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Through --server: why you read beyond your role (break glass); the read is then allowed and logged with it.")
    var reason: String?

    @Argument(help: ArgumentHelp("The case or subject reference, e.g. CMP-2025-000001.", valueName: "REF"))
    var reference: String

    @Option(name: .long, help: "table (the default), json, csv (a row per deadline) or markdown.")
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Judge open and overdue as of this date (YYYY-MM-DD).", valueName: "DATE"))
    var at: String?

    @Flag(name: .long, help: "Leave personal details (the † fields) out of the timeline.")
    var withoutPersonal = false

    enum Format: String, ExpressibleByArgument, PrintedFormat { case table, json, csv, markdown }

    func validate() throws {
        if let at, CalendarDate(at) == nil { throw ValidationError("--at \"\(at)\" is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        try reportingFailures {
            try CaseStore.checkReference(reference, refusedAs: .invalid)
            if let server = try global.server(reason: reason) {
                // The server's default is without † fields: ask for them unless --without-personal.
                return try server.print("/v1/cases/\(reference)", ["format": format.rawValue, "at": at,
                                                                   "include-personal": withoutPersonal ? nil : "true"])
            }
            let asOf = at.flatMap { CalendarDate($0) } ?? EuropeLondon.today()
            guard let reading = try global.openCaseStoreForReading().readCase(reference, asOf: asOf, includingPersonal: !withoutPersonal,
                                                                               includingTimeline: format != .csv) else {
                throw CommandFailure(code: ExitStatus.notFound, message: "no case \(reference) in the store at \(global.storePath)")
            }
            if reading.showsPersonalFields { try global.logPersonalRead(of: [reference], purpose: "case") }
            Terminal.write(reading.printout(format.output))
        }
    }
}
