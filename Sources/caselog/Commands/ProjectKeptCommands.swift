import ArgumentParser
import CaseStore
import Projections

extension ProjectCommand {
    /// `caselog project add FILE`: keep a projection current in the store.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Keep a projection in the store: built now, caught up whenever it is read.",
            discussion: """
                The spec's text is kept with it. Adding a changed file under the same name, or \
                changing the file it was added from, builds it again from the start.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The spec, a YAML file.", valueName: "FILE"))
        var file: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("project")
                let text = try ProjectCommand.specText(file)
                let store = try global.openCaseStore()
                let (outcome, table) = try ProjectCommand.specFailures(file) {
                    try store.keepProjection(text, path: file, actor: global.login)
                }
                Terminal.print("\(table.name): \(outcome.rawValue), \(table.rows.count) rows")
            }
        }
    }

    /// `caselog project list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the kept projections.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("project")
                let entries = try global.openCaseStoreForReading().keptProjections()
                if entries.isEmpty { Terminal.note("no kept projections (caselog project add FILE)") }
                let width = entries.map(\.name.count).max() ?? 0
                for entry in entries {
                    Terminal.print(Terminal.visible(Terminal.padded(entry.name, width) + "  " + entry.title + "  (" + entry.path + ")"))
                }
            }
        }
    }

    /// `caselog project show NAME`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print a kept projection's table, caught up with the log.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The projection's name.")
        var name: String

        @Option(name: .long, help: "table (the default), csv or json.")
        var format: ProjectionFormat = .table

        func run() throws {
            try reportingFailures {
                try global.refuseServer("project")
                let store = try global.openCaseStoreSavingWhenPermitted()
                let table = try ProjectCommand.specFailures(name) {
                    try store.keptProjection(named: name, actor: global.login) { path in
                        try? ProjectCommand.specText(path)
                    }
                }
                ProjectCommand.print(table, format)
            }
        }
    }

    /// `caselog project drop NAME`.
    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Stop keeping a projection.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The projection's name.")
        var name: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("project")
                try global.openCaseStore().dropProjection(named: name, actor: global.login)
                Terminal.print("\(name): dropped")
            }
        }
    }
}
