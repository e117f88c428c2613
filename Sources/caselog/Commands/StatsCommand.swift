import ArgumentParser
import CaseStore

/// `caselog stats`: what the store holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show events, streams, size on disk, map size, head and format version.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text or json")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, PrintedFormat { case text, json }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() { return try server.print("/v1/stats", ["format": format.rawValue]) }
            let reading = try global.openCaseStoreForReading().statistics()
            Terminal.write(reading.printout(format.output))
        }
    }
}
