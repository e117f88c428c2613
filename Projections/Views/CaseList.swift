import Casework
import Codec
import EventLog

/// The cases of the store that pass a filter (`caselog cases`), each with its state, stage,
/// worker and subject as the case summary has them (`CaseSummaryView`): the same facts that
/// `caselog case` and every current view show. Sorted by case type, then reference.
///
/// No case is replayed: the summaries are read from the case-summary view's rows, and the head
/// and last record of each case listed for `lastEventAt`.
public struct CaseList: Sendable {
    /// Which cases to list. With no `type`, every case but not subjects.
    public struct Filter: Sendable {
        /// Only cases (or subjects) of this type.
        public var type: CaseType?
        /// Only cases assigned to this worker (`CaseSummary.assignedTo`).
        public var worker: String?
        /// Only open, or only closed, cases.
        public var state: CaseState?
        /// Only cases about this subject (household, subject or complainant).
        public var subject: String?

        /// A filter of every criterion given; with none, every case.
        public init(type: CaseType? = nil, worker: String? = nil, state: CaseState? = nil, subject: String? = nil) {
            self.type = type
            self.worker = worker
            self.state = state
            self.subject = subject
        }

        /// True when streams of `caseType` can pass.
        func admits(_ caseType: CaseType) -> Bool { type.map { $0 == caseType } ?? caseType.isCase }

        /// True when `summary` passes.
        func admits(_ summary: CaseSummary) -> Bool {
            (worker.map { summary.assignedTo == $0 } ?? true) && (state.map { summary.state == $0 } ?? true)
                && (subject.map { summary.subject == $0 } ?? true)
        }
    }

    /// One case listed.
    public struct Row: Sendable, Equatable {
        /// The case's summary, where its state, stage, worker and subject come from.
        public let summary: CaseSummary
        /// The `occurredAt` of the case's last recorded event (not necessarily the latest to
        /// have happened, which is `summary.lastActivity`).
        public let lastEventAt: Timestamp?

        /// `summary.reference`.
        public var reference: String { summary.reference }
        /// `summary.caseType`.
        public var caseType: CaseType { summary.caseType }
    }

    /// The cases listed, by case type then reference.
    public let rows: [Row]

    /// The cases that pass `filter` as of the snapshot `reader`. Costs one pass over the
    /// case-summary view's rows (`CaseSummaryView.forEachSummary`), then two look-ups per case
    /// listed.
    ///
    /// - Throws: `StoreError` when the store cannot be read or a row is damaged.
    public init(in reader: borrowing LogReader, filter: Filter) throws {
        var summaries: [CaseSummary] = []
        try CaseSummaryView.forEachSummary(in: reader, of: filter.admits) { summary in
            if filter.admits(summary) { summaries.append(summary) }
        }
        var rows: [Row] = []
        rows.reserveCapacity(summaries.count)
        for summary in summaries {
            let last = try reader.streamHead(summary.reference).map(\.lastPosition).flatMap { try reader.record(at: $0) }
            rows.append(Row(summary: summary, lastEventAt: last?.occurredAt))
        }
        rows.sort { ($0.caseType, $0.reference) < ($1.caseType, $1.reference) }
        self.rows = rows
    }

    /// The list without the rows `wanted` turns away (a user's view of it: `AccessPolicy`).
    public func keeping(_ wanted: (Row) throws -> Bool) rethrows -> CaseList {
        CaseList(rows: try rows.filter(wanted))
    }

    private init(rows: [Row]) { self.rows = rows }

    /// `[{"case", "caseType", "state", "version", "stage", "assignedTo", "subject", "openedAt",
    /// "lastEventAt"}, …]` and a newline: `stage` is null but for a complaint, and a missing
    /// value is null.
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 256 * rows.count + 16)
        json.beginArray()
        for row in rows {
            let summary = row.summary
            json.beginObject()
            json.key("case"); json.string(summary.reference)
            json.key("caseType"); json.string(summary.caseType.rawValue)
            json.key("state"); json.string(summary.state.rawValue)
            json.key("version"); json.unsigned(summary.version)
            json.key("stage"); json.integerOrNull(summary.stage.map { Int64($0) })
            json.key("assignedTo"); json.stringOrNull(summary.assignedTo)
            json.key("subject"); json.stringOrNull(summary.subject)
            json.key("openedAt"); json.stringOrNull(summary.openedAt?.iso8601)
            json.key("lastEventAt"); json.stringOrNull(row.lastEventAt?.iso8601)
            json.endObject()
        }
        json.endArray()
        json.bytes.append(0x0A)
        return json.bytes
    }
}
