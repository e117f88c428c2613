import Casework
import EventLog

/// The safeguarding register (DOMAIN.md §6): every open concern, untriaged ones first (oldest
/// first), then by risk level (critical to low), with the hours an untriaged concern has
/// waited and its open and overdue actions; the summary counts open concerns per risk level.
///
/// An untriaged concern's age is counted to the moment the view looks from: now when `--at` is
/// today, else the end of that day.
public enum SafeguardingRegister {
    public static let columns = [
        ViewTable.Column("case", "case"), ViewTable.Column("riskLevel", "risk"), ViewTable.Column("worker", "worker"),
        ViewTable.Column("subject", "subject"), ViewTable.Column("raised", "raised"),
        ViewTable.Column("triage", "triage"), ViewTable.Column("untriagedHours", "waiting (h)"),
        ViewTable.Column("openActions", "open actions"), ViewTable.Column("overdueActions", "overdue actions"),
    ]

    /// Risk levels from the most to the least urgent, as `safeguarding.triaged` names them.
    public static let riskLevels = ["critical", "high", "medium", "low"]

    /// The view as of `query`, of the cases `admits` lets in (every case unless told).
    public static func table(in reader: borrowing LogReader, query: CurrentViewQuery,
                             admitting admits: (_ reference: String) throws -> Bool = { _ in true }) throws -> ViewTable {
        let now = query.lookingFrom()
        var rows: [(rank: Int, raised: Int64, reference: String, cells: [ViewTable.Cell])] = []
        var byRisk: [String: Int] = [:]
        try CaseSummaryView.view.forEachFold(in: reader) { reference, file in
            guard file.caseType == .safeguarding, file.state == .open, file.version > 0 else { return }
            if let worker = query.worker, file.assignedTo != worker { return }
            guard try admits(reference) else { return }
            let deadlines = file.deadlines(calendar: query.calendar, triageTarget: query.triageTarget)
            let triage = deadlines.first { $0.step == .triage }
            let isTriaged = triage?.done != nil
            let actions = deadlines.filter { if case .action = $0.step { return $0.done == nil } else { return false } }
            let raised = file.openedAt ?? Timestamp(microseconds: 0)
            let risk = isTriaged ? (file.riskLevel ?? "unknown") : "untriaged"
            byRisk[risk, default: 0] += 1
            let rank = isTriaged ? 1 + (riskLevels.firstIndex(of: risk) ?? riskLevels.count) : 0
            let waited = isTriaged ? nil : Int(max(0, now.microseconds - raised.microseconds) / 3_600_000_000)
            rows.append((rank, rank == 0 ? raised.microseconds : -raised.microseconds, reference, [
                .text(reference), .text(risk), file.assignedTo.map { .text($0) } ?? .none, file.subject.map { .text($0) } ?? .none,
                .date(EuropeLondon.date(of: raised)), triage.map { .text($0.status(asOf: query.asOf).rawValue) } ?? .none,
                waited.map { .integer($0) } ?? .none, .integer(actions.count),
                .integer(actions.filter { $0.status(asOf: query.asOf) == .overdue }.count),
            ]))
        }
        rows.sort { ($0.rank, $0.raised, $0.reference) < ($1.rank, $1.raised, $1.reference) }
        var table = ViewTable(view: CurrentView.safeguardingRegister.rawValue, asOf: query.asOf, columns: columns)
        table.rows = rows.map(\.cells)
        table.summary = [("openConcerns", rows.count), ("untriaged", byRisk["untriaged"] ?? 0)]
            + riskLevels.map { ($0, byRisk[$0] ?? 0) }
        return table
    }
}
