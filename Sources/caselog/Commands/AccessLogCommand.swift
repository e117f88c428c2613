import ArgumentParser
import CaseStore

/// `caselog access-log`: who has read whose personal data, when, through what, and why.
struct AccessLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-log",
        abstract: "Who has read a person's file, when, through what, and whether beyond their role.",
        discussion: """
            Every answer that shows personal data (names, notes, anything marked † in \
            `caselog types`) is recorded in the store's access log, in the same hash chain as \
            the cases, so it cannot be changed unnoticed. Each line is one read: its position in \
            the log, when (UTC), who (and for whom, if on someone's behalf), through what \
            command or route, the people (P-…) and cases it showed, and "break-glass" when \
            the reader went beyond their role and gave a reason.

            An export reads everybody at once: it is shown as a bulk read, with how many \
            people it covered, and is listed whichever person you ask about. The reason given \
            for a break-glass read is personal data too: it is shown only with \
            --include-personal. Dates are days in UTC, both included.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only reads of this person (and every bulk read).", valueName: "P-NNNNNN"))
    var subject: String?

    @Option(name: .long, help: ArgumentHelp("Only this user's reads.", valueName: "USER"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Only reads from this day on (UTC).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Only reads up to the end of this day (UTC).", valueName: "YYYY-MM-DD"))
    var to: String?

    @Option(name: .long, help: "table (the default), json or csv.")
    var format: Format = .table

    @Flag(name: .customLong("include-personal"), help: "Show the reason given for each break-glass read (personal data).")
    var includePersonal = false

    enum Format: String, ExpressibleByArgument, PrintedFormat { case table, json, csv }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("access-log")
            let filter = try AccessLogFilter(subject: subject, user: user, period: AccessPeriod(fromText: from, toText: to),
                                             includesPersonal: includePersonal)
            let log = try global.openCaseStoreForReading().accessLog(filter)
            try global.logReasonsShown(in: log.entries, purpose: "access-log --include-personal")
            Terminal.write(log.printout(format.output))
        }
    }
}
