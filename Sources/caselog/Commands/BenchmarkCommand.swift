import ArgumentParser
import CaseStore
import Projections

/// `caselog benchmark export|compare`: the headline figures of a period, for comparing
/// organisations that work together (DOMAIN.md §12, docs/BENCHMARK.md).
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Export a period's headline figures for benchmarking, or compare organisations' benchmark files.",
        discussion: """
            export writes a benchmark file (JSON, schema version \(BenchmarkFile.version), docs/BENCHMARK.md): \
            the headline figures of the three learning reports, each with its numerator and \
            denominator, the organisation's name, the period and the store's head digest; no \
            personal data, and every count under 5 written "<5" with its value withheld. \
            compare reads such files (no store needed) and gives each figure's median and \
            quartiles, each organisation's place (1 = best) and, for several periods, the trend.
            """,
        subcommands: [Export.self, Compare.self])

    /// `caselog benchmark export --from DATE --to DATE --organisation NAME`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print the store's benchmark file for a period: caselog benchmark export --from … --to … --organisation NAME > FILE.json")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The first day of the period.", valueName: "YYYY-MM-DD"))
        var from: String

        @Option(name: .long, help: ArgumentHelp("The last day of the period (included).", valueName: "YYYY-MM-DD"))
        var to: String

        @Option(name: .long, help: ArgumentHelp("The organisation's name, as the others will read it.", valueName: "NAME"))
        var organisation: String

        func run() throws {
            try reportingFailures {
                // Not served yet: the server has no benchmark route (docs/BENCHMARK.md).
                try global.refuseServer("benchmark export")
                let file = try global.openCaseStoreForReading().benchmark(organisation: organisation,
                                                                          period: try ReportPeriod(from: from, to: to))
                Terminal.write(file.printout())
            }
        }
    }

    /// `caselog benchmark compare FILE… [--format table|json|csv|html]`.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare benchmark files: each figure's median, quartiles and each organisation's place; trends across periods.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Benchmark files made by caselog benchmark export.", valueName: "FILE"))
        var files: [String] = []

        @Option(name: .long, help: "table (the default), json, csv or html.")
        var format: BenchmarkFormat = .table

        func run() throws {
            try reportingFailures {
                try global.refuseServer("benchmark compare")
                Terminal.write(try CaseStore.compareBenchmarks(files: files).printout(format.output))
            }
        }
    }
}

/// The forms of `caselog benchmark compare`.
enum BenchmarkFormat: String, CaseIterable, ExpressibleByArgument, PrintedFormat {
    case table, json, csv, html
}
