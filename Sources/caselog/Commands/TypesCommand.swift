import ArgumentParser
import Casework
import CaseStore

/// `caselog types [TYPE]`: the event catalogue, as caseworkers need it at the command line.
struct TypesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "List the event types, or show one type's fields.",
        discussion: """
            Without TYPE, lists every event type with the streams it is recorded on. With TYPE, \
            shows its fields: which are required (*), which are personal data (†, kept apart and \
            never in analysts' outputs), the values each takes, and an example command. \
            --format markdown prints the whole catalogue as docs/CATALOGUE.md holds it; --format json \
            gives every type (or TYPE) with its fields for programs.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An event type, such as complaint.received.",
              completion: .list(EventCatalogue.names))
    var type: String?

    @Option(name: .long, help: "text, json or markdown")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, PrintedFormat { case text, json, markdown }

    func validate() throws {
        if format == .markdown && type != nil {
            throw ValidationError("--format markdown prints the whole catalogue; leave out TYPE")
        }
    }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() {
                return try server.print("/v1/types" + (type.map { "/" + PercentEncoding.encoded($0) } ?? ""), ["format": format.rawValue])
            }
            Terminal.write(try CaseStore.types().printout(format.output, type: type))
        }
    }
}
