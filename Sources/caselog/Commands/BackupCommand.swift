import ArgumentParser
import Casework
import EventLog

/// `caselog backup DIR`: a consistent, compacted copy, taken while others keep writing.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store into DIR while others keep writing, then verify it.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A new or empty directory.", valueName: "DIR"))
    var directory: String

    @Flag(name: .long, help: "Do not verify the copy.")
    var noVerify = false

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let head: LogHead
            do {
                head = try store.backup(to: directory)
            } catch let error where diskFull(error) != nil {
                throw CommandFailure(code: ExitStatus.storage,
                                     message: "no space left on the device holding \(directory); the backup was not completed")
            }
            var line = "backed up \(Terminal.grouped(head.position)) events to \(directory); head \(head.position) \(head.hash)"
            if !noVerify {
                let report = try EventStore(openingAt: directory).verifyWithLifecycles()
                guard report.isIntact else {
                    throw CommandFailure(code: ExitStatus.storage, message: "the copy in \(directory) does not verify: \(report.outcome)")
                }
                line += "; the copy verifies"
            }
            Terminal.print(line)
        }
    }
}
