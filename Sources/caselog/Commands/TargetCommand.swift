import ArgumentParser
import CaseStore
import Casework
import Projections

/// `caselog target`: the board's targets for report figures (DOMAIN.md §10), each an event in
/// the chain.
struct TargetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Set or list the board's targets for report figures: green, amber or red in every report.",
        discussion: """
            A measure is a report figure named REPORT:FIGURE by its --explain id, such as \
            complaints-performance:stage1.respondedWithinCodePercent. A target applies to every \
            period that ends on or after its --from date, until a later target for the same \
            measure takes over; each is a target.set event in the store's settings stream, so \
            it is in the chain and in `caselog config history`. Every report shows each figure \
            with a target beside it (target, actual, status and the trend over the periods \
            before), and `caselog report progress` is the board's page of them all, by aim.
            """,
        subcommands: [Set.self, List.self],
        defaultSubcommand: List.self)

    /// `caselog target set MEASURE at-least|at-most VALUE --from DATE [--aim TEXT] [--amber-within X]`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a target: target set complaints-performance:stage1.respondedWithinCodePercent at-least 95 --from 2026-04-01.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The report figure, REPORT:FIGURE.", valueName: "MEASURE"))
        var measure: String

        @Argument(help: ArgumentHelp("at-least or at-most.", valueName: "COMPARISON"))
        var comparison: Target.Comparison

        @Argument(help: ArgumentHelp("The value to reach, in the figure's unit (95 for 95%).", valueName: "VALUE"))
        var value: Double

        @Option(name: .long, help: ArgumentHelp("The first day of the first period the target applies to.", valueName: "YYYY-MM-DD"))
        var from: String

        @Option(name: .long, help: ArgumentHelp("The organisation's aim the target serves, in words that may be published (no names).",
                                                valueName: "TEXT"))
        var aim: String?

        @Option(name: .customLong("amber-within"), help: ArgumentHelp(
            "How far short of the value is amber rather than red (default: no amber band).", valueName: "X"))
        var amberWithin: Double?

        func validate() throws {
            guard Measure(measure) != nil else {
                throw ArgumentParser.ValidationError("the measure must be REPORT:FIGURE, such as complaints-performance:stage1.respondedWithinCodePercent")
            }
            guard CalendarDate(from) != nil else { throw ArgumentParser.ValidationError("--from \"\(from)\" is not a date: give YYYY-MM-DD") }
            guard value.isFinite else { throw ArgumentParser.ValidationError("VALUE must be a number") }
        }

        func run() throws {
            try reportingFailures {
                try global.refuseServer("target")
                guard let measure = Measure(measure), let from = CalendarDate(from) else { return }
                let store = try global.openCaseStore()
                let target = try store.setTarget(Target(measure: measure, comparison: comparison, value: value, from: from, aim: aim,
                                                        amberWithin: amberWithin), actor: global.login)
                Terminal.print("\(target.measure) \(target.words) from \(target.from)"
                    + (target.amberWithin.map { ", amber within \(Target.number($0))" } ?? "")
                    + "; position \(target.change?.position ?? 0)")
            }
        }
    }

    /// `caselog target list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Print every target set: measure, target, from, amber band, aim, who set it when.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "table (the default) or json.")
        var format: TargetListFormat = .table

        func run() throws {
            try reportingFailures {
                try global.refuseServer("target")
                let printout = try global.openCaseStoreForReading().targets().printout(format.output)
                Terminal.write(printout)
            }
        }
    }
}

/// The forms of `caselog target list`.
enum TargetListFormat: String, CaseIterable, ExpressibleByArgument, PrintedFormat {
    case table, json
}

extension Target.Comparison: ExpressibleByArgument {}
