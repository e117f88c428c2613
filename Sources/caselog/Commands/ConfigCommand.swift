import ArgumentParser
import Casework
import EventLog
import Projections

/// `caselog config`: the organisation's settings kept in the store.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the store's settings: homes, replay.gap-days, the safeguarding triage target.",
        discussion: """
              homes                       the number of homes managed, for complaints per 1,000 homes (1 to \(HomesSetting.most))
              replay.gap-days             days between entries that a replay flags as a gap (\(ReplayOptions.gapDaysRange.lowerBound) to \
            \(ReplayOptions.gapDaysRange.upperBound); 7 when not set)
              triage.immediate-risk-days  working days to triage a concern with an immediate risk (0, the same working day, when not set)
              triage.other-days           working days to triage any other concern (1 when not set)
            """,
        subcommands: [Set.self, Get.self, List.self],
        defaultSubcommand: List.self)

    /// A setting `config` knows: how to check a new value and how to read the stored one.
    struct Setting: Sendable {
        let name: String
        /// The bytes to store for `text`, or the line that says what is wrong with it.
        let parse: @Sendable (String) -> Result<[UInt8], CommandFailure>
        /// The stored value as text; nil when not set.
        let read: @Sendable (borrowing LogReader) throws -> String?
    }

    /// The settings `config` knows.
    static let settings: [Setting] = [
        Setting(name: HomesSetting.settingName, parse: { text in
            do {
                return .success(Array(String(try HomesSetting.parse(text)).utf8))
            } catch {
                return .failure(CommandFailure(code: ExitStatus.usage, message: "\(error)"))
            }
        }, read: { reader in try HomesSetting.homes(in: reader).map(String.init) }),
        Setting(name: ReplayOptions.gapDaysSetting, parse: { text in
            guard let days = ReplayOptions.parseGapDays(text) else {
                return .failure(CommandFailure(code: ExitStatus.usage, message: "\(ReplayOptions.gapDaysSetting) must be a whole number of days from "
                    + "\(ReplayOptions.gapDaysRange.lowerBound) to \(ReplayOptions.gapDaysRange.upperBound), not \"\(text)\""))
            }
            return .success(Array(String(days).utf8))
        }, read: { reader in try ReplayOptions.storedGapDays(in: reader).map(String.init) }),
        triageSetting(OrganisationTriageTarget.immediateRiskSetting),
        triageSetting(OrganisationTriageTarget.otherSetting),
    ]

    /// One of the triage target's two settings: working days, 0 meaning the same working day.
    static func triageSetting(_ name: String) -> Setting {
        Setting(name: name, parse: { text in
            guard let days = OrganisationTriageTarget.parse(text) else {
                let range = OrganisationTriageTarget.range
                return .failure(CommandFailure(code: ExitStatus.usage, message: "\(name) must be a whole number of working days from "
                    + "\(range.lowerBound) (the same working day) to \(range.upperBound), not \"\(text)\""))
            }
            return .success(Array(String(days).utf8))
        }, read: { reader in
            try reader.setting(named: name).flatMap { OrganisationTriageTarget.parse(String(decoding: $0, as: UTF8.self)) }.map(String.init)
        })
    }

    /// The setting `name`; fails with exit 64 naming the known ones otherwise.
    static func setting(_ name: String) throws -> Setting {
        guard let found = settings.first(where: { $0.name == name }) else {
            throw CommandFailure(code: ExitStatus.usage, message: ReportError.unknownSetting(name: name, valid: settings.map(\.name)).description)
        }
        return found
    }

    /// `caselog config set NAME VALUE`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a setting: config set homes 12500.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The setting: homes, replay.gap-days, triage.immediate-risk-days or triage.other-days.") var name: String
        @Argument(help: "Its new value.") var value: String

        func run() throws {
            try reportingFailures {
                let setting = try ConfigCommand.setting(name)
                let bytes = try setting.parse(value).get()
                try global.openStore().write(actor: global.actorName) { writer in try writer.saveSetting(bytes, named: setting.name) }
                Terminal.print("\(setting.name) \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    /// `caselog config get NAME`.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a setting's value.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The setting: homes, replay.gap-days, triage.immediate-risk-days or triage.other-days.") var name: String

        func run() throws {
            try reportingFailures {
                let setting = try ConfigCommand.setting(name)
                guard let value = try global.openStoreForReading().read({ try setting.read($0) }) else {
                    throw CommandFailure(code: ExitStatus.notFound, message: "\(setting.name) is not set: caselog config set \(setting.name) VALUE")
                }
                Terminal.print(value)
            }
        }
    }

    /// `caselog config list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every setting.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                let store = try global.openStoreForReading()
                for setting in ConfigCommand.settings {
                    Terminal.print(setting.name + " " + (try store.read { try setting.read($0) } ?? "(not set)"))
                }
            }
        }
    }
}
