import ArgumentParser
import Casework

/// `caselog calendar`: the bank holidays the store's deadlines count.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show or load the bank holidays that deadlines count.",
        discussion: """
            Working days are Monday to Friday in Europe/London, except bank holidays. caselog \
            ships the England and Wales bank holidays for 2024–2027; load GOV.UK's official list \
            (https://www.gov.uk/bank-holidays.json) to update them.
            """,
        subcommands: [Show.self, Import.self],
        defaultSubcommand: Show.self)

    /// `2024–2027`, or `2026` for one year.
    static func years(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    /// `caselog calendar show [--year Y]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "List the bank holidays the store counts.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Only this year.", valueName: "YEAR"))
        var year: Int?

        func run() throws {
            try reportingFailures {
                try global.refuseServer("calendar")
                let settings = try OrganisationSettings.inForce(in: try global.openStoreForReading())
                let calendar = settings.calendar
                let dates = calendar.bankHolidays.filter { year == nil || $0.year == year }
                for date in dates { Terminal.print("\(date)  \(date.weekday)") }
                let years = calendar.coveredYears.map(CalendarCommand.years) ?? "no years"
                Terminal.note("\(dates.count) bank holidays; the calendar covers \(years): \(settings.calendarInForce.source)")
            }
        }
    }

    /// `caselog calendar import FILE [--division D]`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Load GOV.UK's bank-holidays.json into the store.",
            discussion: """
                For the years the file covers, its dates replace the store's; other years are \
                kept. The load is recorded as a calendar.holidays-loaded event (who, when, the \
                dates added and removed) in the hash chain, and deadlines are worked out with the \
                new list from then on; a report or replay --known-at an earlier time uses the \
                list in force then. A file that adds more than 10 days to a year, or removes a \
                bank holiday of England and Wales that caselog ships, is refused unless --force.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("GOV.UK's bank-holidays.json, or - for standard input.", valueName: "FILE"))
        var file: String

        @Option(name: .long, help: ArgumentHelp("The division to read: england-and-wales, scotland or northern-ireland.",
                                                valueName: "NAME"))
        var division = "england-and-wales"

        @Flag(name: .long, help: "Load a list that adds more than 10 days to a year or removes a shipped bank holiday.")
        var force = false

        func validate() throws {
            guard SettingsStream.divisions.contains(division) else {
                throw ArgumentParser.ValidationError("--division must be one of " + SettingsStream.divisions.joined(separator: ", "))
            }
        }

        func run() throws {
            try reportingFailures {
                try global.refuseServer("calendar")
                let store = try global.openCaseStore()
                let reader = try LineReader(path: file)
                var bytes: [UInt8] = []
                try reader.forEachLine { _, line, _ in
                    bytes.append(contentsOf: line)
                    bytes.append(0x0A)
                }
                let loaded: WorkingDayCalendar
                do {
                    loaded = try WorkingDayCalendar(govUKBankHolidaysJSON: bytes, division: division)
                } catch {
                    throw CommandFailure(code: ExitStatus.invalid, message: "\(file): \(error); nothing was loaded")
                }
                let change = try OrganisationSettings.loadCalendar(loaded, division: division, force: force, into: store.log,
                                                                   actor: global.login, onBehalfOf: store.onBehalfOf)
                let covered = change.calendar.coveredYears.map(CalendarCommand.years) ?? "no years"
                guard let position = change.position else {
                    Terminal.print("the calendar already has these \(loaded.bankHolidays.count) bank holidays for "
                        + "\(CalendarCommand.years(change.loadedYears)); nothing was recorded")
                    return
                }
                Terminal.print("loaded \(loaded.bankHolidays.count) bank holidays for \(CalendarCommand.years(change.loadedYears))"
                    + "; the calendar now covers \(covered); position \(position)")
                if !change.added.isEmpty { Terminal.print("added: " + OrganisationSettings.listed(change.added.map(\.iso8601))) }
                if !change.removed.isEmpty { Terminal.print("removed: " + OrganisationSettings.listed(change.removed.map(\.iso8601))) }
            }
        }
    }
}
