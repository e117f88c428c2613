import Casework
import EventLog

/// The days of the access log that `caselog access-log` and `access review` read (`--from`,
/// `--to`): days of `recordedAt` in UTC, both included; either end may be open.
///
/// UTC rather than London time, so that a read's day in the log (its `recordedAt`, written
/// in UTC) is the day it is filtered by, whatever the clocks did that night.
public struct AccessPeriod: Sendable, Equatable, CustomStringConvertible {
    /// The first day, or nil for the log's start.
    public let from: CalendarDate?
    /// The last day (included), or nil for the log's end.
    public let to: CalendarDate?

    /// Every read, whenever recorded.
    public static let whole = AccessPeriod(checked: nil, nil)

    private init(checked from: CalendarDate?, _ to: CalendarDate?) {
        self.from = from
        self.to = to
    }

    /// The days from `from` to `to`.
    ///
    /// - Throws: `CaselogError` (usage, exit 64) when `from` is after `to`.
    public init(from: CalendarDate? = nil, to: CalendarDate? = nil) throws(CaselogError) {
        if let from, let to, to < from {
            throw CaselogError(.usage, "--from \(from) is after --to \(to): the period would hold no day",
                               cause: AccessFilterError.periodReversed(from: from, to: to))
        }
        self.init(checked: from, to)
    }

    /// The days between two `YYYY-MM-DD` texts as typed after `--from` and `--to` (nil: open).
    ///
    /// - Throws: `CaselogError` (usage, exit 64) naming the option whose text is not a date,
    ///   or saying that `--from` is after `--to`.
    public init(fromText: String?, toText: String?) throws(CaselogError) {
        try self.init(from: Self.date(fromText, option: "--from"), to: Self.date(toText, option: "--to"))
    }

    private static func date(_ text: String?, option: String) throws(CaselogError) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else {
            throw CaselogError(.usage, "\(option) \"\(ValidationError.shown(text))\" is not a date: give YYYY-MM-DD (a day in UTC)",
                               cause: AccessFilterError.notADate(option: option, text: text))
        }
        return date
    }

    /// True when `instant` falls on a UTC day of the period. Two comparisons.
    public func contains(_ instant: Timestamp) -> Bool {
        let day = Int(instant.microseconds.floorDivided(by: Self.microsecondsPerDay))
        if let from, day < from.daysSince1970 { return false }
        if let to, day > to.daysSince1970 { return false }
        return true
    }

    /// `every day`, `from 2026-12-01`, `to 2026-12-31` or `2026-12-01 to 2026-12-31`, with `(UTC)`.
    public var description: String {
        switch (from, to) {
        case (nil, nil): "every day"
        case (let from?, nil): "from \(from) (UTC)"
        case (nil, let to?): "to \(to) (UTC)"
        case (let from?, let to?): "\(from) to \(to) (UTC)"
        }
    }

    private static let microsecondsPerDay: Int64 = 86_400_000_000
}

/// Why a filter of the access log was refused (the cause of its `CaselogError`).
public enum AccessFilterError: Error, Sendable, Equatable {
    /// `--subject` that is not a subject reference (P-NNNNNN).
    case notASubject(String)
    /// `--from` or `--to` that is not a date.
    case notADate(option: String, text: String)
    /// `--from` after `--to`.
    case periodReversed(from: CalendarDate, to: CalendarDate)
}
