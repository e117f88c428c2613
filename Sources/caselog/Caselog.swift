import ArgumentParser
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// The `caselog` command: argument parsing and output only; the rules live in the libraries.
@main
struct Caselog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caselog",
        abstract: "An append-only case log for housing organisations: tenancy support, safeguarding, complaints.",
        discussion: """
            Every event goes into one append-only store, chained by SHA-256. The store is the \
            directory given by --store, else $CASELOG_STORE, else ./caselog-data. With --server URL \
            (or $CASELOG_SERVER) and $CASELOG_TOKEN, the commands that read or record work through \
            a caselog server instead, printing the same (docs/SERVER.md).

            Exit codes: 0 ok, 64 usage, 65 invalid event or input, 66 not found, 73 cannot \
            create, 74 store I/O or corruption, 75 version conflict (retry), 77 not permitted.
            """,
        version: "caselog 0.1.0 (store format \(EventStore.formatVersion))",
        subcommands: [
            InitCommand.self, ImportCommand.self, RecordCommand.self, ExportCommand.self,
            VerifyCommand.self, StatsCommand.self, BackupCommand.self, GenerateCommand.self, TypesCommand.self, CalendarCommand.self,
            CaseCommand.self, CasesCommand.self, ViewCommand.self, ChronologyCommand.self, FindCommand.self, SubjectAccessCommand.self, EraseCommand.self, RetentionCommand.self,
            ReplayCommand.self,
            ReportCommand.self, TargetCommand.self, BenchmarkCommand.self, ConfigCommand.self, DemoCommand.self, RebuildCommand.self, ProjectCommand.self,
            TailCommand.self, WatchCommand.self, TokenCommand.self, UserCommand.self, AccessLogCommand.self, AccessCommand.self, KeysCommand.self,
            ServeCommand.self,
        ]
    )

    /// Accepted before the subcommand too (`caselog --store DIR stats`); each subcommand
    /// declares the same group, so ArgumentParser hands the values on to it.
    @OptionGroup var global: GlobalOptions

    /// Refuses an argument that is not UTF-8 text (exit 65) before ArgumentParser reads them:
    /// `CommandLine.arguments` replaces such bytes with U+FFFD, so a name, a reason or a path
    /// would be recorded or used as something nobody typed. The argument is named by its
    /// position, never echoed. The environment variables caselog reads are held to the same rule.
    static func main() {
        SafetyNet.install()
        for position in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[position], String(validatingCString: argument) == nil else { continue }
            Terminal.error("argument \(position) is not UTF-8 text; nothing was done")
            Self.exit(withError: ExitCode(ExitStatus.invalid))
        }
        for name in GlobalOptions.environmentVariables {
            guard let value = getenv(name), String(validatingCString: value) == nil else { continue }
            Terminal.error("$\(name) is not UTF-8 text; nothing was done")
            Self.exit(withError: ExitCode(ExitStatus.invalid))
        }
        main(nil)
    }
}
