import ArgumentParser
import Casework
import CaseStore
import Projections

extension ProjectCommand {
    /// `caselog project run FILE [--from DATE] [--to DATE] [--format table|csv|json]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a projection spec over the log once and print its table.",
            discussion: """
                --from and --to (London dates, both included) replace the spec's own period. \
                Nothing is written to the store.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The spec, a YAML file.", valueName: "FILE"))
        var file: String

        @Option(name: .long, help: ArgumentHelp("The first day of events counted.", valueName: "YYYY-MM-DD"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("The last day of events counted (included).", valueName: "YYYY-MM-DD"))
        var to: String?

        @Option(name: .long, help: "table (the default), csv or json.")
        var format: ProjectionFormat = .table

        func validate() throws {
            if let from, CalendarDate(from) == nil { throw ValidationError("--from: expected a date YYYY-MM-DD, found \(from)") }
            if let to, CalendarDate(to) == nil { throw ValidationError("--to: expected a date YYYY-MM-DD, found \(to)") }
            if let from = from.flatMap(CalendarDate.init), let to = to.flatMap(CalendarDate.init), from > to {
                throw ValidationError("--from \(from) is after --to \(to)")
            }
        }

        func run() throws {
            try reportingFailures {
                try global.refuseServer("project")
                let spec = try ProjectCommand.spec(file)
                let table = try global.openCaseStoreForReading().runProjection(spec, from: from.flatMap(CalendarDate.init),
                                                                               to: to.flatMap(CalendarDate.init))
                ProjectCommand.print(table, format)
            }
        }
    }
}
