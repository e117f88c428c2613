import ArgumentParser
import Projections

/// `caselog config`: the organisation's settings kept in the store (the number of homes).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the store's settings (homes: the number of homes managed).",
        subcommands: [Set.self, Get.self, List.self],
        defaultSubcommand: List.self)

    /// The settings `config` knows.
    static let names = [HomesSetting.settingName]

    /// Fails with exit 64 unless `name` is a known setting.
    static func check(_ name: String) throws {
        guard names.contains(name) else {
            throw CommandFailure(code: ExitStatus.usage, message: ReportError.unknownSetting(name: name, valid: names).description)
        }
    }

    /// `caselog config set NAME VALUE`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a setting: config set homes 12500.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The setting: homes.") var name: String
        @Argument(help: "Its new value.") var value: String

        func run() throws {
            try reportingFailures {
                try ConfigCommand.check(name)
                let homes: Int
                do {
                    homes = try HomesSetting.parse(value)
                } catch let error as ReportError {
                    throw CommandFailure(code: ExitStatus.usage, message: error.description)
                }
                try HomesSetting.save(homes, into: try global.openStore(), actor: global.actorName)
                Terminal.print("homes \(homes)")
            }
        }
    }

    /// `caselog config get NAME`.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a setting's value.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The setting: homes.") var name: String

        func run() throws {
            try reportingFailures {
                try ConfigCommand.check(name)
                guard let homes = try HomesSetting.homes(in: try global.openStore()) else {
                    throw CommandFailure(code: ExitStatus.notFound, message: "homes is not set: caselog config set homes N")
                }
                Terminal.print(String(homes))
            }
        }
    }

    /// `caselog config list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every setting.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                let homes = try HomesSetting.homes(in: try global.openStore())
                Terminal.print("homes " + (homes.map(String.init) ?? "(not set)"))
            }
        }
    }
}
