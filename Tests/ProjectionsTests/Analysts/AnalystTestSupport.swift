import Casework
import EventLog
@testable import Projections
import Testing
import TestSupport

/// Shorthands for the analysts' projection tests: the shipped example specs, event lines, and
/// a table's cells.
enum AnalystTest {
    /// The example spec `name` from `Projections/examples/`, read and checked.
    /// The path of `Projections/examples/NAME.yaml`.
    static func examplePath(_ name: String) -> String {
        let tests = String(#filePath.prefix { _ in true }).split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
        return tests.joined(separator: "/") + "/Projections/examples/\(name).yaml"
    }

    static func example(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProjectionSpec {
        let path = examplePath(name)
        let bytes = try #require(readFile(path), "cannot read \(path)", sourceLocation: sourceLocation)
        return try ProjectionSpecReader.read(String(decoding: bytes, as: UTF8.self))
    }

    /// An event line.
    static func line(_ type: String, _ reference: String, _ data: String = "{}", at occurredAt: String) -> String {
        ProjectionFixture.line(type, reference, data, at: occurredAt)
    }

    /// `spec` run over `fixture`'s store, as of 2026-01-31 for deadlines.
    static func run(_ spec: ProjectionSpec, _ fixture: ProjectionFixture, to: CalendarDate? = nil) throws -> ProjectionTable {
        try fixture.store.read { reader in
            var run = ProjectionRun(plan: ProjectionPlan(spec), to: to, today: CalendarDate("2026-01-31")!)
            return try run.runCorrected(over: reader)
        }
    }

    /// The rows as text cells, for comparing with a hand-worked table.
    static func cells(_ table: ProjectionTable) -> [[String]] {
        table.rows.map { $0.map(\.description) }
    }
}
