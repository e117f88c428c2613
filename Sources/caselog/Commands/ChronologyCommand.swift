import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog chronology P-NNNNNN`: every event about one subject across all case types.
struct ChronologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chronology",
        abstract: "Show every event about one subject across all case types, by when it happened.",
        discussion: """
            Reads the subject's own stream and every case whose subject is that subject or a \
            household that names it as a member. Summaries show non-personal fields only. \
            Times are London time; --format json gives them in UTC (RFC 3339).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Through --server: why you read beyond your role (break glass); the read is then allowed and logged with it.")
    var reason: String?

    @Argument(help: ArgumentHelp("The subject, e.g. P-000042.", valueName: "P-NNNNNN"))
    var subject: String

    @Option(name: .long, help: "table (the default), json, csv or markdown.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, PrintedFormat { case table, json, csv, markdown }

    func validate() throws {
        guard CaseReference(subject)?.caseType == .subject else {
            throw ValidationError("\"\(Terminal.visible(subject))\" is not a subject reference (P-NNNNNN)")
        }
    }

    func run() throws {
        try reportingFailures {
            if let server = try global.server(reason: reason) {
                return try server.print("/v1/chronology/\(subject)", ["format": format.rawValue])
            }
            guard let chronology = try global.openCaseStoreForReading().chronology(of: subject) else {
                throw CommandFailure(code: ExitStatus.notFound, message: "no subject \(subject) in the store at \(global.storePath)")
            }
            Terminal.write(chronology.printout(format.output))
        }
    }
}
