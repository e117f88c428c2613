import ArgumentParser
import Casework
import EventLog

/// `caselog verify`: walk the hash chain and every index.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole hash chain, the indexes and what the store derives (exit 74 naming the first position that fails).",
        discussion: """
            Checks every record's hash and bytes, each personal section against its digest, the \
            indexes, stream heads, checkpoints and stream numbering, and each case's lifecycle \
            kept with its head against its events (docs/FORMAT.md §6 lists every check).

            With --digest, prints the head position and its 64-hex hash: publish or note it, \
            and a later verify that prints the same proves nothing before it was changed.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print the head position and hash.")
    var digest = false

    func run() throws {
        try reportingFailures {
            try global.refuseServer("verify")
            let store = try global.openStoreForReading()
            var bar = ProgressBar(label: "verifying", unit: "events")
            let report = try store.verifyWithLifecycles { done, total in
                bar.update(fraction: total > 0 ? Double(done) / Double(total) : 1, count: Int(done))
            }
            bar.finish()
            switch report.outcome {
            case .intact:
                if digest {
                    Terminal.print("\(report.head.position) \(report.head.hash)")
                } else {
                    Terminal.print("the chain holds: \(Terminal.grouped(report.recordsChecked)) events checked, head \(report.head.position) \(report.head.hash)")
                    if report.erasedSections > 0 {
                        Terminal.print("\(Terminal.grouped(report.erasedSections)) personal section\(report.erasedSections == 1 ? " is" : "s are") "
                            + "erased, each by a subject.erased the log records: their records hold, their fields are gone")
                    }
                    if report.sectionsWithoutKey > 0 {
                        Terminal.print("\(Terminal.grouped(report.sectionsWithoutKey)) personal section\(report.sectionsWithoutKey == 1 ? " is" : "s are") "
                            + "encrypted without a key here (destroyed, or no key store opened): their fields were not checked")
                    }
                }
            case let .broken(position, reason):
                throw CommandFailure(code: ExitStatus.storage,
                                     message: "verification failed at position \(position): \(reason) (\(report.recordsChecked) events before it hold)")
            case let .damagedPage(_, reason):
                throw CommandFailure(code: ExitStatus.storage,
                                     message: "verification failed: \(reason); no record was read (LMDB's pages are checked first)")
            }
        }
    }
}
