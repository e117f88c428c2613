import ArgumentParser
import Casework
import CaseStore
import Projections
#if canImport(Glibc)
import Glibc
#endif

/// `caselog replay REF`: the panel's replay of a case with every related stream (docs/REPLAY.md).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a case with its linked cases and its subjects' history, for the safeguarding panel.",
        discussion: """
            Merges the case's stream with the cases linked to it (for a review: its incidents \
            and theirs), its subjects' streams and every case about those subjects, ordered by \
            when things happened, with when each was recorded and by whom. It opens with what \
            went wrong: deadlines breached (judged on the day of --known-at, else of --as-of, \
            else today), late entries, the reviews' findings by contributing factor, their \
            recommendations and repeat failures across reviews. Late entries, gaps, deadlines \
            and corrections are flagged; personal (†) fields are withheld unless \
            --include-personal. WHEN is a date (the end of that day in London) or an ISO 8601 \
            instant. --format html writes the panel's pack, a page to print on A4. \
            docs/REPLAY.md says how far links are followed.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Through --server: why you read beyond your role (break glass); the read is then allowed and logged with it.")
    var reason: String?

    @Argument(help: ArgumentHelp("The case to replay, e.g. PR-2025-0001 or SG-2025-000014.", valueName: "REF"))
    var reference: String

    @Option(name: .customLong("known-at"), help: ArgumentHelp("Show only what had been recorded by then.", valueName: "WHEN"))
    var knownAt: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Show only what had happened by then.", valueName: "WHEN"))
    var asOf: String?

    @Option(name: .long, help: "text (the default), markdown, json or html.")
    var format: Format = .text

    @Flag(name: .long, help: "Walk the replay one entry at a time (Enter for next, q to quit); needs a terminal.")
    var step = false

    @Option(name: .customLong("gap-days"), help: ArgumentHelp(
        "Flag gaps longer than this many days (default: the store's setting, else 7).", valueName: "N"))
    var gapDays: Int?

    @Flag(name: .customLong("include-personal"), help: "Show personal (†) fields instead of naming what was withheld.")
    var includePersonal = false

    enum Format: String, ExpressibleByArgument, PrintedFormat { case text, markdown, json, html }

    func validate() throws {
        for (option, value) in [("--known-at", knownAt), ("--as-of", asOf)] {
            if let value, ReplayInstant.parse(value) == nil {
                throw ValidationError("\(option) \"\(Terminal.visible(value))\" is not a date (YYYY-MM-DD) or an ISO 8601 instant")
            }
        }
        if let gapDays, !ReplayOptions.gapDaysRange.contains(gapDays) {
            throw ValidationError("--gap-days must be from \(ReplayOptions.gapDaysRange.lowerBound) to \(ReplayOptions.gapDaysRange.upperBound)")
        }
        if step && format != .text { throw ValidationError("--step shows the text form; leave out --format") }
    }

    func run() throws {
        try reportingFailures {
            if step && isatty(STDIN_FILENO) != 1 {
                throw CommandFailure(code: ExitStatus.usage, message: "--step needs a terminal on standard input; leave it out to print the whole replay")
            }
            try CaseStore.checkReference(reference, refusedAs: .usage)
            if let server = try global.server(reason: reason) {
                guard !step else {
                    throw CommandFailure(code: ExitStatus.usage, message: "--step walks a local store's replay; leave it out with --server")
                }
                return try server.print("/v1/replay/\(reference)", ["known-at": knownAt, "as-of": asOf, "gap-days": gapDays.map(String.init),
                                                                   "include-personal": includePersonal ? "true" : nil, "format": format.rawValue])
            }
            let request = ReplayRequest(knownAt: knownAt.flatMap(ReplayInstant.parse), asOf: asOf.flatMap(ReplayInstant.parse),
                                        gapDays: gapDays, includesPersonal: includePersonal)
            guard let replay = try global.openCaseStoreForReading().replay(reference, request) else {
                throw CommandFailure(code: ExitStatus.notFound, message: "no case \(reference) in the store at \(global.storePath)")
            }
            if includePersonal { try global.logPersonalRead(of: [reference], purpose: "replay") }
            if step { walk(replay) } else { Terminal.write(replay.printout(format.output)) }
        }
    }

    /// One entry at a time: Enter shows the next, q (or the end of input) stops.
    private func walk(_ replay: Replay) {
        Terminal.print(ReplayText.header(replay))
        for (index, entry) in replay.entries.enumerated() {
            Terminal.print(ReplayText.entry(entry))
            guard index < replay.entries.count - 1 else { break }
            fputs("-- \(index + 1) of \(replay.entries.count): Enter for next, q to quit -- ", Terminal.standardOutput)
            fflush(Terminal.standardOutput)
            guard let answer = readLine(), answer.trimmingPrefix(while: { $0 == " " }).first != "q" else { break }
        }
    }
}
