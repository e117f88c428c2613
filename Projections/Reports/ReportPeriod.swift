import Casework
import EventLog

/// The dates a learning report covers: `from` to `to`, both included, as Europe/London dates.
///
/// An event belongs to the period when the London date of its `occurredAt` lies in it. The
/// bounds are kept as instants (the start of `from` and of the day after `to` in London), so
/// `contains(_:)` is two integer comparisons: cheap enough for every record of a scan.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    /// The first date of the period.
    public let from: CalendarDate
    /// The last date of the period.
    public let to: CalendarDate
    /// Microseconds of the start of `from` in London.
    public let startMicroseconds: Int64
    /// Microseconds of the start of the day after `to` in London (excluded).
    public let endMicroseconds: Int64

    /// The period from `from` to `to`.
    ///
    /// - Throws: `ReportError.periodReversed` when `from` is after `to`.
    public init(from: CalendarDate, to: CalendarDate) throws {
        guard from <= to else { throw ReportError.periodReversed(from: from, to: to) }
        self.from = from
        self.to = to
        startMicroseconds = EuropeLondon.startOfDay(from).microseconds
        endMicroseconds = EuropeLondon.startOfDay(to.adding(days: 1)).microseconds
    }

    /// The period between two `YYYY-MM-DD` texts, as typed after `--from` and `--to`.
    ///
    /// - Throws: `ReportError.invalidDate` naming the option whose text is not a date;
    ///   `ReportError.periodReversed`.
    public init(from fromText: String, to toText: String) throws {
        guard let from = CalendarDate(fromText) else { throw ReportError.invalidDate(option: "--from", text: fromText) }
        guard let to = CalendarDate(toText) else { throw ReportError.invalidDate(option: "--to", text: toText) }
        try self.init(from: from, to: to)
    }

    /// True when `instant` falls on a London date of the period.
    @inlinable
    public func contains(_ instant: Timestamp) -> Bool {
        instant.microseconds >= startMicroseconds && instant.microseconds < endMicroseconds
    }

    /// True when `instant` falls after the period's last London date.
    @inlinable
    public func isAfter(_ instant: Timestamp) -> Bool {
        instant.microseconds >= endMicroseconds
    }

    /// Every London month the period touches, as `YYYY-MM`, in order.
    public var months: [String] {
        var months: [String] = []
        var (year, month) = (from.year, from.month)
        while (year, month) <= (to.year, to.month) {
            months.append(String(year) + (month < 10 ? "-0" : "-") + String(month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return months
    }

    /// `YYYY-MM-DD to YYYY-MM-DD`.
    public var description: String { "\(from) to \(to)" }

    /// The London month of `instant` as `YYYY-MM`, for figures by month.
    public static func month(of instant: Timestamp) -> String {
        String(EuropeLondon.date(of: instant).iso8601.prefix(7))
    }
}
