import ArgumentParser
import CaseStore
import EventLog

/// `caselog tail`: the newest events, and with --follow each new one as it is recorded.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show the newest events, and with --follow each new one as it is recorded.",
        discussion: """
            Prints the last --last events (default 10), or every event from position --from, \
            one a line: position, when it happened, the case, the type and who recorded it. \
            --format json prints each as its event line (docs/FORMAT.md §7). Personal (†) \
            fields are never shown. With --follow it keeps going, printing events as any \
            process records them, until interrupted.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Start at this position (1: the first event).", valueName: "N"))
    var from: UInt64?

    @Option(name: .long, help: ArgumentHelp("How many of the newest events to show first (default 10).", valueName: "N"))
    var last: Int?

    @Flag(name: .shortAndLong, help: "Keep printing events as they are recorded.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("Only events of this type.", valueName: "TYPE"))
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only events whose data field has this value (needs --type; repeatable).", valueName: "FIELD=VALUE"))
    var `where`: [String] = []

    @Option(name: .long, help: "text (the default) or json (event lines without personal fields).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if from != nil && last != nil { throw ValidationError("give --from or --last, not both") }
        if let from, from == 0 { throw ValidationError("--from counts from 1, the first event") }
        if let last, last < 0 { throw ValidationError("--last must be 0 or more") }
    }

    func run() throws {
        try reportingFailures {
            let selection = try EventSelection(type: type, conditions: `where`)
            if let server = try global.server() { return try tail(through: server) }
            let store = try global.openCaseStoreForReading()
            let head = try store.headPosition()
            let after = from.map { $0 - 1 } ?? head - min(head, UInt64(last ?? 10))
            let print: (FedEvent) -> Void = { event in
                switch format {
                case .json: Terminal.write(event.line + [0x0A])
                case .text: Terminal.print(Self.line(event))
                }
                if follow { Terminal.flush() }
            }
            if follow {
                try store.follow(after: after, selecting: selection, print)
            } else {
                try store.events(after: after, selecting: selection, print)
            }
        }
    }

    /// The events from the server's log, then its subscription: the same lines as locally.
    private func tail(through server: ServerClient) throws {
        guard `where`.isEmpty else {
            throw CommandFailure(code: ExitStatus.usage, message: "--where selects events on the store's own machine only: "
                + "leave it out with --server (--type works)")
        }
        let after = try from.map { $0 - 1 } ?? { let head = try server.head(); return head - min(head, UInt64(last ?? 10)) }()
        try server.events(after: after, type: type, following: follow) { [format, follow] line in
            switch format {
            case .json: Terminal.write(line.bytes + [0x0A])
            case .text:
                Terminal.print(Self.line(position: line.position, occurredAt: line.event.occurredAt,
                                         caseReference: line.event.caseReference ?? "", type: line.event.type, actor: line.actor))
            }
            if follow { Terminal.flush() }
        }
    }

    static func line(_ event: FedEvent) -> String {
        line(position: event.position, occurredAt: event.occurredAt, caseReference: event.caseReference, type: event.type, actor: event.actor)
    }

    /// `  3001  2025-03-05T09:00:00Z  SG-2025-000014  safeguarding.concern-raised  by a.khan`
    static func line(position: UInt64, occurredAt: Timestamp, caseReference: String, type: String, actor: String) -> String {
        "\(Terminal.padded(String(position), 8))  \(occurredAt)  \(Terminal.padded(caseReference, 15))  \(type)  by \(actor)"
    }
}
