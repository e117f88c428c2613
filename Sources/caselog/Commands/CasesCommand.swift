import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog cases`: the cases in the store, filtered.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List cases: by type, worker, state or subject.",
        discussion: """
            Read from the case summary that `caselog case` and `caselog view` show (no case is \
            replayed), so it stays quick on a large store. `caselog case REF` shows one case with \
            its deadlines and timeline.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "tenancy, safeguarding, complaint, review or subject.")
    var type: CaseType?

    @Option(name: .long, help: ArgumentHelp("Only cases assigned to this worker.", valueName: "W"))
    var worker: String?

    @Option(name: .long, help: "open or closed.")
    var state: CaseState?

    @Option(name: .long, help: ArgumentHelp("Only cases about this subject (household, subject or complainant).",
                                            valueName: "P-NNNNNN"))
    var subject: String?

    @Option(name: .long, help: "table (the default) or json.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, PrintedFormat { case table, json }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() {
                return try server.print("/v1/cases", ["type": type?.rawValue, "worker": worker, "state": state?.rawValue,
                                                      "subject": subject, "format": format.rawValue])
            }
            let list = try global.openCaseStoreForReading().cases(matching: CaseFilter(type: type, worker: worker, state: state, subject: subject))
            Terminal.write(list.printout(format.output))
        }
    }
}

extension CaseType: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
