import EventLog
import SampleHistory
import ArgumentParser
import Casework

/// `caselog generate`: a synthetic, realistic history as event lines.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a synthetic history of a housing association as event lines (for trying caselog and for benchmarks).",
        discussion: """
            The same seed always gives the same lines. Every name, address and note is made up. \
            The history starts on 2 January 2024, or earlier when that many events would run past \
            30 September 2026 (the store refuses events from the future).
            """)

    @Option(name: .long, help: "How many events.")
    var events: Int = 5_000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 1

    /// The latest a generated history may run to: fixed, so that the output never depends on the day.
    static let latestEnd = Timestamp(year: 2026, month: 9, day: 30)

    func validate() throws {
        if events < 1 { throw ValidationError("--events must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            var configuration = SampleHistory.Configuration()
            configuration.events = events
            configuration.seed = seed
            configuration.start = SampleHistory.start(for: configuration, endingBefore: Self.latestEnd)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            for event in SampleHistory(configuration) {
                buffer.append(contentsOf: event.jsonLine.utf8)
                buffer.append(0x0A)
                if buffer.count > 1 << 20 {
                    Terminal.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            Terminal.write(buffer)
        }
    }
}
