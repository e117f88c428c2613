import ArgumentParser
import CaseStore
import Casework
import EventLog
import Projections
import SQLiteExport

/// `caselog export`: every event as a JSON line, or into an SQLite file for analysts.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every event as a JSON line, with its position, version, recorded time, actor and hash.",
        discussion: """
            The output imports into an empty store as an exact copy (same chain, same head). \
            It includes personal data unless --without-personal is given: keep it as safe as the store.

            --sqlite FILE writes the tables events, cases and one per kept projection into an \
            SQLite file instead, without personal data; run again, it adds only what is new \
            (docs/ANALYSTS.md).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Start at this position.", valueName: "POSITION"))
    var from: UInt64 = 1

    @Flag(name: .long, help: "Leave out personal data (the output then cannot restore a store).")
    var withoutPersonal = false

    @Option(name: .long, help: ArgumentHelp("Write (or bring up to date) an SQLite file for analysts instead.", valueName: "FILE"))
    var sqlite: String?

    func validate() throws {
        if from == 0 { throw ValidationError("--from counts from 1") }
        if sqlite != nil && (from != 1 || withoutPersonal) {
            throw ValidationError("--sqlite writes every event, always without personal data: it takes neither --from nor --without-personal")
        }
    }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("export")
            if let sqlite {
                // Writes the SQLite file, and saves kept projections' states when it may.
                try exportSQLite(try global.openCaseStoreSavingWhenPermitted(), to: sqlite)
                return
            }
            let through = withoutPersonal ? .max : try global.logBulkPersonalRead(from: from, purpose: "export")
            try global.openCaseStoreForReading().exportLines(from: from, through: through, includingPersonal: !withoutPersonal) {
                Terminal.write($0)
            }
        }
    }

    private func exportSQLite(_ store: CaseStore, to path: String) throws {
        let summary: SQLiteExporter.Summary
        do {
            summary = try store.exportSQLite(to: path, actor: global.login)
        } catch let error as ProjectionSpecError {
            // A kept projection whose spec no longer reads (its file changed).
            throw CaselogError(.invalid, "a kept projection's spec: \(error)", cause: error)
        }
        let positions = summary.positions.map { " (positions \($0.lowerBound)–\($0.upperBound))" } ?? ""
        Terminal.print("\(path): \(summary.events) new events\(positions), \(summary.cases) cases, "
            + "\(summary.projections.count) projections" + (summary.projections.isEmpty ? "" : ": " + summary.projections.joined(separator: ", ")))
    }
}
