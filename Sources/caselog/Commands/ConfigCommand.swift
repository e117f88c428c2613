import ArgumentParser
import CaseStore
import Casework
import EventLog

/// `caselog config`: the organisation's settings, each change an event in the chain.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the store's settings: homes, replay.gap-days, the safeguarding triage target, write.wait-seconds.",
        discussion: """
            Every change is a setting.changed event in the store's settings stream, with who \
            made it, when, and the value it replaced, so it is in the hash chain and shows in \
            `caselog config history`. Deadlines, views and reports say which settings they used.

            """ + StoreSetting.all.map { setting in
                "  \(setting.name.padding(28))\(setting.summary) (\(setting.range.lowerBound) to \(setting.range.upperBound)"
                    + (setting.defaultValue.map { "; \($0) when not set)" } ?? ")")
            }.joined(separator: "\n"),
        subcommands: [Set.self, Get.self, List.self, History.self],
        defaultSubcommand: List.self)

    static var names: String { StoreSetting.all.map(\.name).joined(separator: ", ") }

    /// The setting `name`; fails with exit 64 naming the known ones otherwise.
    static func setting(_ name: String) throws -> StoreSetting {
        guard let found = StoreSetting.named(name) else {
            var message = "unknown setting \"\(name)\""
            if let nearest = StoreSetting.suggestion(for: name) { message += " (did you mean \"\(nearest)\"?)" }
            throw CommandFailure(code: ExitStatus.usage, message: message + "; settings: \(names)")
        }
        return found
    }

    /// `caselog config set NAME VALUE`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a setting (recorded as an event): config set homes 12500.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The setting.", discussion: ConfigCommand.names)) var name: String
        @Argument(help: "Its new value.") var value: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("config")
                let setting = try ConfigCommand.setting(name)
                let number: Int
                do {
                    number = try setting.parse(value)
                } catch let error as Casework.ValidationError {
                    // A value outside the setting's range is a usage error here, not a refused event.
                    throw CaselogError(.usage, error.message, cause: error)
                }
                let store = try global.openCaseStore()
                let change = try OrganisationSettings.change(setting, to: number, in: store.log, actor: global.login,
                                                             onBehalfOf: store.onBehalfOf)
                if let position = change.position {
                    Terminal.print("\(setting.name) \(change.value) (was \(change.previous.map(String.init) ?? "not set")); position \(position)")
                } else {
                    Terminal.print("\(setting.name) is \(change.value) already; nothing was recorded")
                }
            }
        }
    }

    /// `caselog config get NAME`.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a setting's value in force.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The setting.", discussion: ConfigCommand.names)) var name: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("config")
                let setting = try ConfigCommand.setting(name)
                guard let value = try OrganisationSettings.inForce(in: try global.openStoreForReading()).value(setting) else {
                    throw CommandFailure(code: ExitStatus.notFound, message: "\(setting.name) is not set: caselog config set \(setting.name) VALUE")
                }
                Terminal.print(String(value))
            }
        }
    }

    /// `caselog config list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Print every setting in force and where it came from, and the bank holidays.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("config")
                let settings = try OrganisationSettings.inForce(in: try global.openStoreForReading())
                for line in settings.inForce(StoreSetting.all) { Terminal.print(line.description) }
            }
        }
    }

    /// `caselog config history`.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "Every change of a setting or of the bank holidays, oldest first, with who made it.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("config")
                let lines = try global.openStoreForReading().read { try OrganisationSettings.history(in: $0) }
                    .map { "\($0.position)  \($0.recordedAt)  \($0.actor)  \($0.change)" }
                for line in lines { Terminal.print(line) }
                if lines.isEmpty { Terminal.note("no setting has been changed: every setting has caselog's default") }
            }
        }
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
