import ArgumentParser
import CaseStore
import Casework
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// `caselog backup DIR`: a consistent, compacted copy, taken while others keep writing.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store into DIR while others keep writing, then verify it.",
        discussion: """
            The copy is written beside DIR under a hidden name, verified, and only then renamed \
            to DIR: a backup that fails or is killed leaves nothing at DIR. DIR is readable by \
            its owner only (0700, data.mdb 0600), whatever the umask.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A new or empty directory.", valueName: "DIR"))
    var directory: String

    @Flag(name: .long, help: "Do not verify the copy.")
    var noVerify = false

    func run() throws {
        try reportingFailures {
            try global.refuseServer("backup")
            let store = try global.openStoreForReading()
            let head: LogHead
            do {
                head = try store.backup(to: directory) { copy in
                    if !noVerify {
                        let report = try copy.verifyWithLifecycles()
                        guard report.isIntact else {
                            throw CommandFailure(code: ExitStatus.storage, message: "the copy does not verify (\(report.outcome.description)); nothing was left at \(directory)")
                        }
                    }
                    #if DEBUG
                    // For the tests (debug builds only): stop where a kill would leave the most behind.
                    if getenv("CASELOG_TEST_STOP_BACKUP_BEFORE_RENAME") != nil { raise(SIGSTOP) }
                    #endif
                }
            } catch let error where CaselogError.isDiskFull(error) {
                throw CommandFailure(code: ExitStatus.storage,
                                     message: "no space left on the device holding \(directory); the backup was not completed")
            }
            Terminal.print("backed up \(Terminal.grouped(head.position)) events to \(directory); head \(head.position) \(head.hash)"
                           + (noVerify ? "" : "; the copy verifies"))
        }
    }
}
