import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog cases`: the cases in the store, filtered.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List cases: by type, worker, state or subject.",
        discussion: """
            Read from the case summary that `caselog case` and `caselog view` show (no case is \
            replayed), so it stays quick on a large store. `caselog case REF` shows one case with \
            its deadlines and timeline.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "tenancy, safeguarding, complaint, review or subject.")
    var type: CaseType?

    @Option(name: .long, help: ArgumentHelp("Only cases assigned to this worker.", valueName: "W"))
    var worker: String?

    @Option(name: .long, help: "open or closed.")
    var state: CaseState?

    @Option(name: .long, help: ArgumentHelp("Only cases about this subject (household, subject or complainant).",
                                            valueName: "P-NNNNNN"))
    var subject: String?

    @Option(name: .long, help: "table (the default) or json.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument { case table, json }

    func run() throws {
        try reportingFailures {
            let list = try global.openCaseStoreForReading().cases(matching: CaseFilter(type: type, worker: worker, state: state, subject: subject))
            switch format {
            case .json: Terminal.write(list.json())
            case .table: printTable(list.rows)
            }
        }
    }

    private func printTable(_ listed: [CaseList.Row]) {
        let workerWidth = max(8, listed.map { Terminal.visible($0.summary.assignedTo ?? "—").count }.max() ?? 0)
        Terminal.print(Terminal.padded("case", 17) + Terminal.padded("type", 14) + Terminal.padded("state", 8) + Terminal.padded("stage", 7) + Terminal.padded("worker", workerWidth + 2)
            + Terminal.padded("subject", 10) + Terminal.padded("opened", 12) + "last event")
        for item in listed {
            let summary = item.summary
            Terminal.print(Terminal.padded(item.reference, 17) + Terminal.padded(item.caseType.rawValue, 14) + Terminal.padded(summary.state.rawValue, 8)
                + Terminal.padded(summary.stage.map(String.init) ?? "", 7) + Terminal.padded(Terminal.visible(summary.assignedTo ?? "—"), workerWidth + 2)
                + Terminal.padded(Terminal.visible(summary.subject ?? "—"), 10)
                + Terminal.padded(summary.openedAt.map { EuropeLondon.date(of: $0).iso8601 } ?? "", 12)
                + (item.lastEventAt.map { EuropeLondon.date(of: $0).iso8601 } ?? ""))
        }
        Terminal.note("\(listed.count) case\(listed.count == 1 ? "" : "s")")
    }
}

extension CaseType: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
