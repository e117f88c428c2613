import Casework
import EventLog

/// What a projection run has folded so far, kept between runs for a kept projection
/// (`KeptProjections`) as JSON. Memory grows with the rows and cases the spec keeps, and with
/// the per-case trackers it needs (worker, subject), never with the rest of the log.
struct ProjectionState: Codable {
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
    struct Row: Codable {
        /// The event's position.
        var position: UInt64
        /// Its `occurredAt`, in microseconds.
        var occurredAt: Int64
        /// The captured values, aligned with `ProjectionPlan.captured`.
        var values: [ProjectionValue]
    }

    /// A worker and when they were assigned.
    struct Assignment: Codable {
        var worker: String
        var at: Int64
    }

    /// One case of a per-case projection.
    struct CaseRow: Codable {
        /// The case reference.
        var reference: String
        /// The state of each per-case value, aligned with `spec.perCase`.
        var folds: [FoldState]
        /// The first event that matched the spec's events (in the period); nil while none has.
        var anchor: Row?
        /// The case file, for deadlines; nil when the spec has none.
        var file: CaseFile?

        init(reference: String, folds: [FoldState], anchor: Row?, file: CaseFile?) {
            self.reference = reference
            self.folds = folds
            self.anchor = anchor
            self.file = file
        }

        private enum Keys: String, CodingKey { case reference, folds, anchor, file }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            reference = try container.decode(String.self, forKey: .reference)
            folds = try container.decode([FoldState].self, forKey: .folds)
            anchor = try container.decodeIfPresent(Row.self, forKey: .anchor)
            if let bytes = try container.decodeIfPresent([UInt8].self, forKey: .file) {
                guard let file = bytes.withUnsafeBytes({ CaseFile(reference: reference, encoded: $0) }) else {
                    throw DecodingError.dataCorruptedError(forKey: .file, in: container, debugDescription: "damaged case file")
                }
                self.file = file
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(reference, forKey: .reference)
            try container.encode(folds, forKey: .folds)
            try container.encodeIfPresent(anchor, forKey: .anchor)
            try container.encodeIfPresent(file?.encoded(), forKey: .file)
        }
    }

    /// The running state of one per-case value.
    enum FoldState: Codable {
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
