import ArgumentParser
import Casework

/// `caselog types [TYPE]`: the event catalogue, as caseworkers need it at the command line.
struct TypesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "List the event types, or show one type's fields.",
        discussion: """
            Without TYPE, lists every event type with the streams it is recorded on. With TYPE, \
            shows its fields: which are required (*), which are personal data (†, kept apart and \
            never in analysts' outputs), the values each takes, and an example command. \
            --format markdown prints the whole catalogue as docs/CATALOGUE.md holds it.
            """)

    @Argument(help: "An event type, such as complaint.received.",
              completion: .list(EventCatalogue.names))
    var type: String?

    @Option(name: .long, help: "text or markdown")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, markdown }

    func validate() throws {
        if format == .markdown && type != nil {
            throw ValidationError("--format markdown prints the whole catalogue; leave out TYPE")
        }
    }

    func run() throws {
        try reportingFailures {
            if format == .markdown {
                Terminal.print(CatalogueText.markdown(EventCatalogue.types + SettingsStream.types))
                return
            }
            guard let type else {
                Terminal.print(CatalogueText.list(EventCatalogue.types + SettingsStream.types))
                return
            }
            guard let spec = EventCatalogue.type(named: type) ?? SettingsStream.type(named: type) else {
                throw Casework.ValidationError(.unknownType(type, suggestion: EventCatalogue.suggestion(for: type)))
            }
            Terminal.print(CatalogueText.detail(spec))
        }
    }
}
