import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog subject-access P-NNNNNN`: everything held about one subject, for a subject access request.
struct SubjectAccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject-access",
        abstract: "Show everything held about one subject, for a subject access request.",
        discussion: """
            Reads the subject's own stream and every case about them (as `caselog chronology` \
            finds them), every event in log order with all its fields. Personal (†) fields are \
            shown on the subject's own record and on cases about them alone; on a case about a \
            household they are redacted, as they may be another member's. Ends with the \
            positions drawn on and the head position and hash, to check the bundle against the \
            chain (docs/PRIVACY.md). The read is logged (access.personal-read, purpose \
            subject-access) by your login before anything is shown; when it cannot be, nothing is \
            shown (exit 77). Only the store's owner runs it, on the store's machine: there is no \
            --server route. --format html writes a page to print on A4.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subject, e.g. P-000042.", valueName: "P-NNNNNN"))
    var subject: String

    @Option(name: .long, help: "text (the default), json or html.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, PrintedFormat { case text, json, html }

    func validate() throws {
        guard CaseReference(subject)?.caseType == .subject else {
            throw ValidationError("\"\(Terminal.visible(subject))\" is not a subject reference (P-NNNNNN)")
        }
    }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("subject-access")
            guard let bundle = try global.openCaseStoreForReading().subjectAccess(subject) else {
                throw CommandFailure(code: ExitStatus.notFound, message: "no subject \(subject) in the store at \(global.storePath)")
            }
            try global.logSubjectAccess(bundle)
            Terminal.write(bundle.printout(format.output))
        }
    }
}
