import Casework

/// An analyst's projection, as read from its YAML file (`ProjectionSpecReader`): which events,
/// an optional fold per case, how rows are grouped and what is measured. docs/ANALYSTS.md
/// describes the format; `ProjectionPlan` compiles it for the scan.
public struct ProjectionSpec: Sendable, Equatable {
    /// The projection's name: letters, digits and `-`, as `caselog project show NAME` takes it.
    public var name: String
    /// A title for people; the name when the file has none.
    public var title: String
    /// The case types whose events are read.
    public var caseTypes: [CaseType]
    /// The event types that make a row (or, with `perCase`, that put a case in the table).
    public var eventTypes: [String]
    /// Conditions on the data fields of those events; all must hold.
    public var conditions: [Condition]
    /// The first London date of events counted; nil for no limit.
    public var from: CalendarDate?
    /// The last London date of events counted; nil for no limit.
    public var to: CalendarDate?
    /// The values worked out per case; empty for a table of events.
    public var perCase: [CaseValue]
    /// The columns rows are grouped by, in order.
    public var groupBy: [Dimension]
    /// The figures of each group, in order.
    public var measures: [Measure]

    /// True when a row is a case (the spec has `per-case` values), false when it is an event.
    public var isPerCase: Bool { !perCase.isEmpty }

    /// A condition on one data field of the selected events.
    public struct Condition: Sendable, Equatable {
        /// The field's name.
        public var field: String
        /// What it must satisfy.
        public var test: Test

        /// What a field's value must satisfy.
        public enum Test: Sendable, Equatable {
            /// Equal to the value (for a list: holds it).
            case equals(ProjectionValue)
            /// Equal to one of the values (for a list: holds one of them).
            case oneOf([ProjectionValue])
            /// Equal to none of the values (for a list: holds none of them).
            case noneOf([ProjectionValue])
            /// Present, or absent.
            case exists(Bool)
            /// A number at least this.
            case atLeast(Double)
            /// A number at most this.
            case atMost(Double)
        }
    }

    /// A value worked out from all of a case's events (`per-case:`).
    public struct CaseValue: Sendable, Equatable {
        /// Its name, a column or an input of a measure.
        public var name: String
        /// How it is worked out.
        public var fold: Fold

        /// How a per-case value is worked out.
        public enum Fold: Sendable, Equatable {
            /// The field (or, without one, the London date) of the case's first event of a type.
            case first(type: String, field: String?)
            /// The field (or the date) of the case's last event of a type (log order).
            case last(type: String, field: String?)
            /// How many events of these types the case has.
            case count(types: [String])
            /// True when the case has an event of this type.
            case exists(type: String)
            /// True when the deadline step was met, false when late or overdue, null while not
            /// yet due or when the case has no such step (`CaseFile.deadlines()`).
            case deadline(DeadlineStep)
            /// Working days (the store's calendar) from the first event of `from` to the first
            /// event of `to` after it; null until both happened.
            case workingDays(from: String, to: String)
            /// Hours between the same two events.
            case hours(from: String, to: String)
            /// Calendar days (London dates) between the same two events.
            case days(from: String, to: String)
        }
    }

    /// What a value of a row comes from.
    public enum Source: Sendable, Equatable, Hashable {
        /// A data field of the row's event.
        case field(String)
        /// A per-case value, by its index in `perCase`.
        case caseValue(Int)
        /// The worker the case was assigned to (latest `case.assigned` by `occurredAt`) when the
        /// row's event was recorded; null when none.
        case worker
        /// Who recorded the row's event.
        case actor
        /// The case reference.
        case caseReference
        /// The case type.
        case caseType
        /// The row event's type.
        case eventType
        /// The case's subject reference (household, subject or complainant).
        case subject
        /// A non-personal attribute of the case's subject (`supportNeeds`, `kind`), as it
        /// stood when the row's event was recorded.
        case subjectAttribute(String)
        /// For panel findings: true when a recommendation addressing a finding with the same
        /// contributing factor had been implemented (in any review) before this finding was
        /// recorded. Grouped by `contributingFactors`, it is judged per factor.
        case afterImplemented
    }

    /// A column rows are grouped by.
    public enum Dimension: Sendable, Equatable {
        /// A value of the row (each element of a list is a group of its own).
        case value(Source, name: String)
        /// The London day, week, month, quarter, year or financial year of the row event.
        case time(TimeBucket)

        /// The column's name.
        public var name: String {
            switch self {
            case .value(_, let name): name
            case .time(let bucket): bucket.rawValue
            }
        }
    }

    /// A figure of each group.
    public struct Measure: Sendable, Equatable {
        /// The column's name.
        public var name: String
        /// What it counts or computes.
        public var kind: Kind

        /// What a measure computes.
        public enum Kind: Sendable, Equatable {
            /// Rows in the group.
            case count
            /// Rows whose value equals `value` (true when nil).
            case countWhere(Source, equals: ProjectionValue?)
            /// Different values among the rows (nulls left out).
            case distinct(Source)
            /// The sum of the numbers (nulls left out); 0 when none.
            case sum(Source)
            /// The smallest number; null when none.
            case min(Source)
            /// The largest number; null when none.
            case max(Source)
            /// The mean of the numbers; null when none.
            case mean(Source)
            /// The median (the mean of the middle two for an even count); null when none.
            case median(Source)
            /// The nearest-rank percentile; null when none.
            case percentile(Int, Source)
            /// The percentage (0–100) of rows whose value equals `value`, among all rows; or,
            /// without `value`, of rows whose Boolean value is true among those that have one.
            case share(Source, equals: ProjectionValue?)
        }
    }
}

/// The calendar periods rows are grouped by, of the row event's `occurredAt` in London.
public enum TimeBucket: String, Sendable, CaseIterable {
    /// `2025-03-04`.
    case day
    /// The Monday the week starts on, `2025-03-03`.
    case week
    /// `2025-03`.
    case month
    /// `2025-Q1`.
    case quarter
    /// `2025`.
    case year
    /// The UK financial year, April to March: `2025-26`.
    case financialYear = "financial-year"

    /// The label of the period holding `date`.
    public func label(of date: CalendarDate) -> String {
        let (year, month, _) = date.components
        switch self {
        case .day: return date.iso8601
        case .week:
            let weekday = ((date.daysSince1970 % 7) + 7 + 3) % 7      // 1970-01-01 was a Thursday; Monday is 0
            return date.adding(days: -weekday).iso8601
        case .month: return String(date.iso8601.prefix(7))
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: return String(year)
        case .financialYear:
            let start = month >= 4 ? year : year - 1
            let next = (start + 1) % 100
            return "\(start)-\(next < 10 ? "0" : "")\(next)"
        }
    }
}
