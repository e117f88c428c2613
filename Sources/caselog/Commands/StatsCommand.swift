import ArgumentParser
import CaseStore

/// `caselog stats`: what the store holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show events, streams, size on disk, map size, head and format version.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text or json")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        try reportingFailures {
            let reading = try global.openCaseStoreForReading().statistics()
            let stats = reading.statistics
            switch format {
            case .json:
                Terminal.write(reading.json())
            case .text:
                let rows: [(String, String)] = [
                    ("store", reading.storePath),
                    ("format version", "\(stats.formatVersion)"),
                    ("events", Terminal.grouped(stats.events)),
                    ("streams", Terminal.grouped(stats.streams)),
                    ("with personal data", Terminal.grouped(stats.personalSections)),
                    ("head", "\(stats.head.position) \(stats.head.hash)"),
                    ("size on disk", "\(Terminal.bytes(stats.fileSize)) (\(Terminal.bytes(stats.usedSize)) in use)"),
                    ("map size", "\(Terminal.bytes(stats.mapSize)) (grows by itself)"),
                    ("created", stats.createdAt.iso8601),
                    ("store id", stats.storeID.description),
                    ("open readers", "\(stats.readers) (stale readers cleared on opening: \(stats.staleReadersCleared))"),
                ]
                let width = rows.map(\.0.count).max() ?? 0
                for (name, value) in rows {
                    Terminal.print(name + String(repeating: " ", count: width - name.count + 2) + value)
                }
            }
        }
    }
}
