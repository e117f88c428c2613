import Foundation
import Testing
import TestSupport

/// `caselog target` and `caselog report progress` through the binary (DOMAIN.md §10): a
/// target is an event in the chain, shown in the report; bad input is one line, its exit code,
/// and the store as it was.
@Suite("Target command")
struct TargetCommandTests {
    /// One complaint received Monday 3 March 2025 and answered two working days late: 0% of
    /// stage 1 responses within the Code (`CLIFixture.withLateComplaint()`).
    private func store() -> CLIFixture { CLIFixture.withLateComplaint() }

    @Test("target set records a target.set event that target list, config history and the report show")
    func setAndShow() throws {
        let cli = store()
        let set = cli.run(["target", "set", "complaints-performance:stage1.respondedWithinCodePercent", "at-least", "95",
                           "--from", "2025-01-01", "--aim", "Answer complaints on time", "--amber-within", "5"])
        #expect(set.status == 0, "\(set.standardError)")
        #expect(set.standardOutput.hasPrefix("complaints-performance:stage1.respondedWithinCodePercent at least 95 from 2025-01-01, amber within 5; position "))
        let list = cli.run(["target", "list", "--format", "json"])
        let targets = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(targets.count == 1)
        #expect(targets.first?["aim"] as? String == "Answer complaints on time")
        #expect(targets.first?["value"] as? Double == 95)
        #expect(cli.run(["config", "history"]).standardOutput.contains("target complaints-performance:stage1.respondedWithinCodePercent at least 95 from 2025-01-01, amber within 5"))
        let report = cli.run(["report", "complaints-performance", "--from", "2025-03-01", "--to", "2025-03-31"])
        #expect(report.standardOutput.contains("stage1.respondedWithinCodePercent  at least 95.0% (amber within 5)  0.0%    red"), "\(report.standardOutput)")
        let progress = cli.run(["report", "progress", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"])
        let page = try #require(try JSONSerialization.jsonObject(with: Data(progress.standardOutput.utf8)) as? [String: Any])
        let outcomes = try #require(page["targets"] as? [[String: Any]])
        #expect(outcomes.map { $0["status"] as? String } == ["red"])
        #expect(outcomes.first?["trend"] as? [[String: Any]] != nil)
        #expect(cli.run(["verify"]).status == 0)
    }

    @Test("a bad measure, comparison, value, date or band is one line with exit 64, and nothing is written")
    func refusals() {
        let cli = store()
        let before = cli.digest()
        let measure = "complaints-performance:stage1.respondedWithinCodePercent"
        for (arguments, expected) in [
            (["target", "set", "stage1.respondedWithinCodePercent", "at-least", "95", "--from", "2025-01-01"], "REPORT:FIGURE"),
            (["target", "set", "complaints-performance:stage1.respondedWithin", "at-least", "95", "--from", "2025-01-01"], "has no figure"),
            (["target", "set", measure, "above", "95", "--from", "2025-01-01"], "above"),
            (["target", "set", measure, "at-least", "ninety", "--from", "2025-01-01"], "ninety"),
            (["target", "set", measure, "at-least", "101", "--from", "2025-01-01"], "from 0 to 100"),
            (["target", "set", measure, "at-least", "95", "--from", "2025-02-30"], "not a date"),
            (["target", "set", measure, "at-least", "95", "--from", "2025-01-01", "--amber-within", "-2"], "--amber-within"),
            (["target", "set", measure, "at-least", "95", "--from", "2025-01-01", "--aim", "   "], "--aim"),
            (["target", "set", measure, "at-least", "95", "--from", "2025-01-01", "--aim", "Two\nlines"], "--aim"),
            (["target", "set", "complaints-performance:stage1.received", "at-most", "1e300", "--from", "2025-01-01"], "from 0 to"),
            (["report", "progress", "--from", "2025-03-01", "--to", "2025-03-31", "--periods", "13"], "--periods"),
        ] {
            let result = cli.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(expected), "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(cli.digest() == before)
        #expect(cli.run(["target", "set", measure, "at-least", "95", "--from", "2025-01-01", "--server", "http://127.0.0.1:9"]).status == 64)
        #expect(cli.digest() == before)
    }

    @Test("the progress page without a target says how to set one")
    func progressWithoutTargets() {
        let cli = store()
        let result = cli.run(["report", "progress", "--from", "2025-03-01", "--to", "2025-03-31"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("No targets are set for this period: caselog target set"))
        #expect(!result.standardOutput.contains("\n\n\n"), "\(result.standardOutput)")
    }
}
