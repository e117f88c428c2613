import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog find name=… [dob=…] [postcode=…]`: subjects found through the blind index
/// (DOMAIN.md §13, "Finding people").
struct FindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find people by name, date of birth or postcode (exact match on normalised forms).",
        discussion: """
            The criteria are ANDed; give at least one. They match on normalised forms: a name \
            without regard to case, accents, repeated spaces, hyphens or apostrophes ("JANE  \
            Éxample" finds "Jane Example"); a date of birth as YYYY-MM-DD; a UK postcode without \
            regard to case or spaces, against the postcode in each subject's address. The search \
            goes through a blind index in the key store (HMACs of the normalised values, never \
            the values), so it needs the key store and its master key, as `caselog init` made them; \
            the index takes in \
            the subjects recorded since it last did first. It prints the subjects found (a \
            merged subject with the one it was merged into, which is found by its details too) \
            with their names and dates of birth: the search is logged (access.personal-read, \
            purpose find, the subjects returned) before anything is shown. None found is an \
            empty list. Through --server a user finds what their role lets them read; a \
            caseworker finds any subject by name and date of birth together.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("name=NAME, dob=YYYY-MM-DD, postcode=POSTCODE.", valueName: "criterion"))
    var criteria: [String] = []

    @Option(name: .long, help: "table (the default) or json.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, PrintedFormat { case table, json }

    func validate() throws {
        _ = try search()
    }

    func run() throws {
        try reportingFailures {
            let search = try search()
            if let server = try global.server() {
                return try server.print("/v1/subjects", ["name": search.name, "dob": search.dateOfBirth, "postcode": search.postcode,
                                                         "format": format.rawValue])
            }
            let store: CaseStore
            do {
                store = try global.openCaseStore()
            } catch {
                throw CaseStore.unloggedRead(error)
            }
            let result = try store.findSubjects(search, by: .owner(global.login))
            try global.logFind(result, in: store)
            Terminal.write(result.printout(format.output))
        }
    }

    /// The criteria as a search; a usage error names one that is not `name=`, `dob=` or `postcode=`, or repeated.
    private func search() throws -> SubjectSearch {
        var search = SubjectSearch()
        for criterion in criteria {
            guard let equals = criterion.firstIndex(of: "=") else {
                throw ValidationError("\"\(Terminal.visible(String(criterion.prefix(60))))\" is not name=…, dob=… or postcode=…")
            }
            let value = String(criterion[criterion.index(after: equals)...])
            switch criterion[..<equals] {
            case "name" where search.name == nil: search.name = value
            case "dob" where search.dateOfBirth == nil: search.dateOfBirth = value
            case "postcode" where search.postcode == nil: search.postcode = value
            case "name", "dob", "postcode": throw ValidationError("\(criterion[..<equals])= is given twice")
            default:
                throw ValidationError("\"\(Terminal.visible(String(criterion[..<equals].prefix(40))))\" is not a criterion: give name=…, dob=… or postcode=…")
            }
        }
        do {
            _ = try search.terms()
        } catch {
            throw ValidationError(error.message)
        }
        return search
    }
}
