import ArgumentParser
import CaseStore

/// `caselog access review`: what the safeguarding lead checks of the access log.
struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Review access to personal data (`caselog access-log` lists every read).",
        subcommands: [Review.self])

    /// `caselog access review [--from DATE] [--to DATE]`.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Break-glass reads and unusual access, for the safeguarding lead.",
            discussion: """
                Three lists, for the days asked (UTC, both included; every day when not given).

                Break-glass reads: reads beyond the reader's role, for which they gave a reason \
                (shown with --include-personal: the reason is personal data).

                Users who read more than N people's files within an hour, N being the setting \
                access.unusual-subjects-per-hour (50 unless changed with `caselog config set`). \
                An export counts every person it covered.

                Unusual access recorded when it happened (access.unusual-detected events), \
                such as reading a person outside the reader's team.

                `caselog access-log --user USER` lists a user's reads one by one.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The first day reviewed (UTC).", valueName: "YYYY-MM-DD"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("The last day reviewed (UTC, included).", valueName: "YYYY-MM-DD"))
        var to: String?

        @Option(name: .long, help: "table (the default), json or csv.")
        var format: AccessLogCommand.Format = .table

        @Flag(name: .customLong("include-personal"), help: "Show the reason given for each break-glass read (personal data).")
        var includePersonal = false

        func run() throws {
            try reportingFailures {
                try global.refuseServer("access review")
                let period = try AccessPeriod(fromText: from, toText: to)
                let review = try global.openCaseStoreForReading().accessReview(period, includingPersonal: includePersonal)
                try global.logReasonsShown(in: review.breakGlassReads, purpose: "access review --include-personal")
                Terminal.write(review.printout(format.output))
            }
        }
    }
}
