import ArgumentParser
import EventLog
import Projections

/// `caselog rebuild [NAME]`: fold the whole log into a view again, from position 1.
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the built-in views (or one of them) from the whole log.",
        discussion: """
            Views are kept current as events are recorded, so this is never needed in normal \
            use: it is for after a view's definition changed, or to check one (a rebuild gives \
            exactly what the incremental updates gave). Each view is rebuilt in one write: \
            others keep reading the old view until the new one is in place. \
            Views: \(BuiltInViews.all.map(\.name).joined(separator: ", ")).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The view to rebuild; all when omitted.", valueName: "NAME"))
    var name: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let name, BuiltInViews.named(name) == nil {
            throw ValidationError("no view \"\(name)\": the views are \(BuiltInViews.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("rebuild")
            let store = try global.openStore()
            let views = name.flatMap { BuiltInViews.named($0) }.map { [$0] } ?? BuiltInViews.all
            for view in views {
                var bar = ProgressBar(label: view.name, unit: "events")
                let started = ProgressBar.now()
                let head = try view.rebuild(in: store, actor: global.login) { folded, end in
                    if quiet { return }
                    bar.update(fraction: end == 0 ? 1 : Double(folded) / Double(end), count: Int(folded))
                }
                bar.finish()
                if !quiet {
                    let hundredths = Int(((ProgressBar.now() - started) * 100).rounded())
                    let seconds = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
                    Terminal.print("rebuilt \(view.name) from \(Terminal.grouped(head)) events in \(seconds) s")
                }
            }
        }
    }
}
