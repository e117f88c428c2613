import ArgumentParser
import Casework
import CaseStore
import Projections

/// `caselog retention`: the retention schedule (DOMAIN.md §8, §13).
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "List, then erase, the subjects whose every case is past retention.",
        subcommands: [Run.self])

    /// `caselog retention run --dry-run`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "List the subjects due for erasure by retention, each with its reason, then erase them (not with --dry-run).",
            discussion: """
                A subject is due when every case naming it (as `caselog chronology` finds them) \
                is past retention: complaints retention.complaint-years (6) and tenancy support \
                retention.tenancy-years (6) after they closed; safeguarding concerns \
                retention.safeguarding-adult-years (10) after they closed, or, about a child, until \
                the child's retention.safeguarding-child-until-age (25th) birthday if later. An \
                open case is never past retention; panel reviews neither hold nor release anyone. \
                A subject no case names is due retention.subject-without-case-years (2) after it \
                was registered. The settings in force apply (`caselog config`). Working out \
                whether a concern is about a child reads subjects' dates of birth (personal): \
                the read is logged (access.personal-read, purpose retention) by your login before \
                anything is shown. Without --dry-run, each subject listed is then erased as \
                `caselog erase P-… --reason retention` does (needs the key store, and no running \
                `caselog serve`: exit 75). On the store's machine only: no --server.
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "List what would be erased, and why, without erasing.")
        var dryRun = false

        @Option(name: .long, help: ArgumentHelp("Judge retention as of this date (YYYY-MM-DD; default: today in London).", valueName: "DATE"))
        var asOf: String?

        @Option(name: .long, help: "table (the default), json or csv (the subjects due only).")
        var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable, PrintedFormat { case table, json, csv }

        func validate() throws {
            if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of \"\(Terminal.visible(asOf))\" is not a date (YYYY-MM-DD)") }
        }

        func run() throws {
            try reportingFailures {
                try global.refuseServer("retention")
                let date = asOf.flatMap { CalendarDate($0) } ?? EuropeLondon.today()
                if dryRun {
                    let schedule = try global.openCaseStoreForReading().retentionSchedule(asOf: date)
                    if !schedule.dateOfBirthRead.isEmpty { try global.logRetentionRead(schedule) }
                    Terminal.write(schedule.printout(format.output))
                    return
                }
                let store = try global.openCaseStore()
                let run = try store.eraseByRetention(asOf: date, actor: global.login) { schedule in
                    if !schedule.dateOfBirthRead.isEmpty { try global.logRetentionRead(schedule, in: store) }
                    Terminal.write(schedule.printout(format.output))
                }
                for erasure in run.erasures {
                    Terminal.note("erased \(erasure.subject) (\(erasure.sections) personal section\(erasure.sections == 1 ? "" : "s"), "
                                  + "\(erasure.cases.count) case\(erasure.cases.count == 1 ? "" : "s"))")
                }
                let erased = run.erasures.filter { $0.position != nil }.count
                let due = run.schedule.due.count
                Terminal.note("erased \(erased) of \(due) subject\(due == 1 ? "" : "s") due, each with a subject.erased event (reason retention)")
            }
        }
    }
}
