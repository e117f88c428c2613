import Casework
import EventLog
@testable import Projections
import Testing

/// Shorthands for the report tests: an event line, and the value of a figure.
enum ReportTest {
    static func line(_ type: String, _ reference: String, _ data: String = "{}", at occurredAt: String, id: String? = nil) -> String {
        ProjectionFixture.line(type, reference, data, at: occurredAt, id: id)
    }

    /// March 2025, the period of every test history.
    static func march() throws -> ReportPeriod { try ReportPeriod(from: "2025-03-01", to: "2025-03-31") }

    /// The number of figure `name`, failing the test when there is no such figure.
    static func value(_ result: ReportResult, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double? {
        guard let figure = result.figure(name) else {
            Issue.record("no figure \(name)", sourceLocation: sourceLocation)
            return nil
        }
        return figure.value.number
    }

    /// The positions of the events figure `name` counts.
    static func positions(_ result: ReportResult, _ name: String) throws -> [UInt64] {
        try result.events(explaining: name).map(\.position)
    }
}
