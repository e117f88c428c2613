import ArgumentParser
import Codec
import EventLog

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
            let store = try global.openStoreForReading()
            let stats = try store.statistics()
            switch format {
            case .json:
                var json = JSONWriter(capacity: 512)
                json.beginObject()
                json.key("store"); json.string(global.storePath)
                json.key("formatVersion"); json.integer(Int64(stats.formatVersion))
                json.key("events"); json.integer(Int64(stats.events))
                json.key("streams"); json.integer(Int64(stats.streams))
                json.key("personalSections"); json.integer(Int64(stats.personalSections))
                json.key("headPosition"); json.integer(Int64(stats.head.position))
                json.key("headHash"); json.string(stats.head.hash.description)
                json.key("fileBytes"); json.integer(Int64(stats.fileSize))
                json.key("usedBytes"); json.integer(Int64(stats.usedSize))
                json.key("mapBytes"); json.integer(Int64(stats.mapSize))
                json.key("storeId"); json.string(stats.storeID.description)
                json.key("createdAt"); json.string(stats.createdAt.iso8601)
                json.key("readers"); json.integer(Int64(stats.readers))
                json.key("staleReadersCleared"); json.integer(Int64(stats.staleReadersCleared))
                json.endObject()
                json.bytes.append(0x0A)
                Terminal.write(json.bytes)
            case .text:
                let rows: [(String, String)] = [
                    ("store", global.storePath),
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
