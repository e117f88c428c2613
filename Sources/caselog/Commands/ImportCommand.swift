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
            if let server = try global.server() { return try importThrough(server) }
            let store = try global.openCaseStore()
            let reader = try LineReader(path: file)
            var bar = ProgressBar(label: "importing", unit: "lines")
            let summary = try store.importLines(reader, actor: global.login) { progress in
                if quiet { return }
                let fraction = progress.totalBytes.map { $0 > 0 ? Double(progress.bytesRead) / Double($0) : 1 }
                bar.update(fraction: fraction, count: progress.lines)
            }
            bar.finish()
            if summary.ignoredProvenance {
                Terminal.note("the store was not empty, so the positions, recorded times, actors and hashes in the file were not kept: the events were recorded now, by \(global.login)")
            }
            guard !quiet else { return }
            printSummary(appended: summary.appended, alreadyPresent: summary.alreadyPresent, restored: summary.restored,
                         head: "\(summary.head.position) \(summary.head.hash)")
        }
    }

    private var source: String { file == "-" ? "standard input" : file }

    /// `imported 2,000 events from FILE; head 2002 9f2c…`.
    private func printSummary(appended: Int, alreadyPresent: Int, restored: Bool, head: String) {
        var line = "\(restored ? "restored" : "imported") \(Terminal.grouped(appended)) events from \(source)"
        if alreadyPresent > 0 { line += " (\(Terminal.grouped(alreadyPresent)) were already in the store)" }
        if restored { line += " with their original chain" }
        Terminal.print(line + "; head \(head)")
    }

    /// The file's lines as one request to `server`, all or none (a server restores no chain:
    /// the positions, times and actors are its own).
    private func importThrough(_ server: ServerClient) throws {
        let recorded = try server.record(LineReader(path: file), source: source)
        guard !quiet else { return }
        let alreadyPresent = recorded.count { $0.wasAlreadyRecorded }
        let head = try server.head()
        printSummary(appended: recorded.count - alreadyPresent, alreadyPresent: alreadyPresent, restored: false,
                     head: "\(head) \(try server.hash(at: head))")
    }
}
