import Casework
import EventLog

/// What a projection run has folded so far, kept between runs for a kept projection
/// (`KeptProjections`) as CBOR (`SavedState`, docs/FORMAT.md §2). Memory grows with the rows and cases the spec keeps, and with
/// the per-case trackers it needs (worker, subject), never with the rest of the log.
struct ProjectionState {
    /// The last position folded in; 0 before any.
    var position: UInt64 = 0
    /// Per-case mode: each case's slot in `cases`, by the store's stream number.
    var caseSlots: [UInt64: Int] = [:]
    /// Per-case mode: the cases read so far.
    var cases: [CaseRow] = []
    /// Event mode: the rows kept so far.
    var rows: [Row] = []
    /// The latest `case.assigned` of each case by `occurredAt`, by stream number.
    var workers: [UInt64: Assignment] = [:]
    /// The subject reference each case's opening event names, by stream number.
    var subjectOfCase: [UInt64: String] = [:]
    /// The non-personal attributes of each subject, by reference then attribute.
    var subjects: [String: [String: ProjectionValue]] = [:]
    /// Findings' contributing factors, by `STREAM#findingId`.
    var findingFactors: [String: [String]] = [:]
    /// Recommendations' findings, by `STREAM#recommendationId`.
    var recommendationFindings: [String: [String]] = [:]
    /// When a recommendation addressing each factor was first marked implemented (µs).
    var implementedAt: [String: Int64] = [:]
    /// When each review was opened (µs), by review reference.
    var reviewOpenedAt: [String: Int64] = [:]

    /// One row: an event kept, or the event that put a case in the table.
    struct Row {
        /// The event's position.
        var position: UInt64
        /// Its `occurredAt`, in microseconds.
        var occurredAt: Int64
        /// The captured values, aligned with `ProjectionPlan.captured`.
        var values: [ProjectionValue]
    }

    /// A worker and when they were assigned.
    struct Assignment {
        var worker: String
        var at: Int64
    }

    /// One case of a per-case projection.
    struct CaseRow {
        /// The case reference.
        var reference: String
        /// The state of each per-case value, aligned with `spec.perCase`.
        var folds: [FoldState]
        /// The first event that matched the spec's events (in the period); nil while none has.
        var anchor: Row?
        /// The case file, for deadlines; nil when the spec has none.
        var file: CaseFile?
    }

    /// The running state of one per-case value.
    enum FoldState {
        /// first / last: the value and when its event happened; nil before one.
        case value(ProjectionValue, at: Int64)
        /// Not seen yet.
        case empty
        /// count and exists.
        case count(Int)
        /// working-days, hours, days: the earliest `from` event, and every `to` event (the one
        /// that counts is the first at or after `from`, which a late entry may still bring).
        case between(from: Int64?, to: [Int64])
    }
}
