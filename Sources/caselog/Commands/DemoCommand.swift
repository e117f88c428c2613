import SampleHistory
import ArgumentParser
import Casework
import CaseStore
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// `caselog demo`: a generated history written through every check, then a short tour.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demonstration store with a made-up housing association's history, and show it.",
        discussion: """
            Generates a realistic history (tenancy support, safeguarding concerns, complaints, \
            panel reviews, late entries, corrections, deadlines met and missed; every name made \
            up) that ends yesterday, writes it through the same checks as every other write, \
            verifies the chain and prints a short tour. It writes only into a new or empty \
            store: ./caselog-demo unless --store is given.
            """)

    /// `--store DIR` is the new store (default ./caselog-demo, never $CASELOG_STORE).
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How many events to generate.")
    var events: Int = 20_000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 1

    func validate() throws {
        if events < 100 || events > 5_000_000 { throw ValidationError("--events must be from 100 to 5,000,000") }
    }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("demo")
            let path = global.store ?? "./caselog-demo"
            // With the views' followers, as every command opens a store: without them the demo's
            // write left every view behind, to be folded from the start by each read.
            var options = GlobalOptions.storeOptions
            if access(path + "/data.mdb", F_OK) == 0 {
                throw CommandFailure(code: ExitStatus.cannotCreate, message:
                    "\(path) holds a store already: the demo writes only into a new store; give --store DIR")
            }
            let keys = try global.makeKeyStore(forStore: path)
            options.keyStore = keys.keyStore
            Terminal.note(InitCommand.masterKeyAdvice(file: keys.masterKeyFile, made: keys.madeMasterKey))
            let (store, _) = try CaseStore.create(at: path, options: options)
            let eventStore = store.log
            let started = ProgressBar.now()
            let now = Timestamp.now()
            let history = SampleHistory.newEventsEndingBefore(now, events: events, seed: seed)
            var bar = ProgressBar(label: "writing", unit: "events")
            let recorded = try store.record(history.events, actor: "demo") { count in
                bar.update(fraction: Double(count) / Double(max(1, history.events.count)), count: count)
            }
            bar.finish()
            // The board's decisions, as events in the chain like any other setting.
            _ = try OrganisationSettings.change(.homes, to: SampleBoard.homes, in: eventStore, actor: "demo")
            for target in SampleBoard.targets(from: EuropeLondon.date(of: history.first)) {
                _ = try store.setTarget(target, actor: "demo")
            }
            let report = try eventStore.verify()
            guard report.isIntact else {
                throw CommandFailure(code: ExitStatus.storage, message: "the new store does not verify: \(report.outcome)")
            }
            let verified = report.head
            let seconds = ProgressBar.now() - started
            let tour = try DemoTour(store: store, asOf: EuropeLondon.today(now: now))
            Terminal.print("""
                caselog demo: a made-up housing association of \(Terminal.grouped(SampleBoard.homes)) homes (every name is invented)

                Wrote \(Terminal.grouped(recorded.count)) events from \(EuropeLondon.date(of: history.first)) to \
                \(EuropeLondon.date(of: history.last)) in \(String(format1: seconds)) s. Every event was checked against \
                the catalogue and its case's lifecycle before it was written. The hash chain verifies: head \
                \(verified.position) \(verified.hash).
                """)
            Terminal.print(tour.text(storePath: path))
        }
    }
}

extension String {
    /// `value` with one decimal: 3.14159 → "3.1".
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
