import ArgumentParser
import Casework
import CaseStore

/// `caselog import FILE|-`: write a file of event lines, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events from a JSON Lines file, all or nothing.",
        discussion: """
            One event per line: {"type", "case", "occurredAt", "id" (optional), \
            "expectedVersion" (optional), "data": {…}}. If any line is bad, nothing is written \
            and the first bad lines are named (exit 65; 75 when the only problems are version \
            conflicts). Running the same import again, even after a crash, adds nothing twice. \
            The output of `caselog export` imported into an empty store restores it exactly.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "FILE"))
    var file: String

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        try reportingFailures {
            let store = try global.openCaseStore()
            let reader = try LineReader(path: file)
            var bar = ProgressBar(label: "importing", unit: "lines")
            let summary = try store.importLines(reader, actor: global.actorName) { progress in
                if quiet { return }
                let fraction = progress.totalBytes.map { $0 > 0 ? Double(progress.bytesRead) / Double($0) : 1 }
                bar.update(fraction: fraction, count: progress.lines)
            }
            bar.finish()
            if summary.ignoredProvenance {
                Terminal.note("the store was not empty, so the positions, recorded times, actors and hashes in the file were not kept: the events were recorded now, by \(global.actorName)")
            }
            guard !quiet else { return }
            let source = file == "-" ? "standard input" : file
            let verb = summary.restored ? "restored" : "imported"
            var line = "\(verb) \(Terminal.grouped(summary.appended)) events from \(source)"
            if summary.alreadyPresent > 0 { line += " (\(Terminal.grouped(summary.alreadyPresent)) were already in the store)" }
            if summary.restored { line += " with their original chain" }
            Terminal.print(line + "; head \(summary.head.position) \(summary.head.hash)")
        }
    }
}
