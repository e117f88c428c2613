import ArgumentParser
import Casework

/// `caselog record --stdin`: record event lines from standard input as one atomic batch.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record events given as JSON lines on standard input, as one batch (all or nothing).",
        discussion: """
            Each line is an event line as for `caselog import`. For each event, prints its case, \
            version and position. A line with "expectedVersion" is refused with exit 75 if \
            somebody else wrote to the case first.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Read event lines from standard input.")
    var stdin = false

    func validate() throws {
        guard stdin else {
            throw ValidationError("give --stdin and the event lines on standard input")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let reader = try LineReader(path: "-")
            let summary = try Importer(store: store, actor: global.actorName, mode: .recording).run(reader)
            for result in summary.results {
                Terminal.print("\(result.caseReference) version \(result.version) position \(result.position)"
                    + (result.wasAlreadyRecorded ? " (already recorded)" : ""))
            }
        }
    }
}
