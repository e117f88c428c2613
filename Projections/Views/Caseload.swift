import Casework
import EventLog

/// The caseload view (DOMAIN.md §6): per worker, the open cases by type, overdue visits,
/// overdue actions and breached deadlines.
///
/// Choices where DOMAIN.md is silent:
/// - Only open cases count; a case with no `case.assigned` is under "(unassigned)".
/// - "Overdue actions" are the worker's open cases' safeguarding actions, review
///   recommendations and complaint learning not done by their due date.
/// - "Breached deadlines" are the open cases' complaint steps and triage that were done late
///   or are overdue (visits and actions are counted in their own columns).
public enum Caseload {
    public static let columns = [
        ViewTable.Column("worker", "worker"), ViewTable.Column("tenancy", "tenancy"),
        ViewTable.Column("safeguarding", "safeguarding"), ViewTable.Column("complaints", "complaints"),
        ViewTable.Column("reviews", "reviews"), ViewTable.Column("openCases", "open"),
        ViewTable.Column("overdueVisits", "overdue visits"), ViewTable.Column("overdueActions", "overdue actions"),
        ViewTable.Column("breachedDeadlines", "breached deadlines"),
    ]

    /// The name under which cases with no assigned worker are counted.
    public static let unassigned = "(unassigned)"

    struct Load {
        var byType: [CaseType: Int] = [:]
        var overdueVisits = 0
        var overdueActions = 0
        var breached = 0
    }

    /// The view as of `query`, of the cases `admits` lets in (every case unless told).
    public static func table(in reader: borrowing LogReader, query: CurrentViewQuery,
                             admitting admits: (_ reference: String) throws -> Bool = { _ in true }) throws -> ViewTable {
        var loads: [String: Load] = [:]
        try CaseSummaryView.view.forEachFold(in: reader) { reference, file in
            guard file.caseType.isCase, file.state == .open, file.version > 0 else { return }
            let worker = file.assignedTo ?? unassigned
            if let wanted = query.worker, wanted != worker { return }
            guard try admits(reference) else { return }
            var load = loads[worker] ?? Load()
            load.byType[file.caseType, default: 0] += 1
            for deadline in file.deadlines(calendar: query.calendar, triageTarget: query.triageTarget) {
                let status = deadline.status(asOf: query.asOf)
                switch deadline.step {
                case .visit: if status == .overdue { load.overdueVisits += 1 }
                case let step where step.isAction: if status == .overdue { load.overdueActions += 1 }
                default: if status.isBreach { load.breached += 1 }
                }
            }
            loads[worker] = load
        }
        var table = ViewTable(view: CurrentView.caseload.rawValue, asOf: query.asOf, columns: columns)
        for (worker, load) in loads.sorted(by: { $0.key < $1.key }) {
            let counts = [CaseType.tenancy, .safeguarding, .complaint, .review].map { load.byType[$0] ?? 0 }
            table.rows.append([.text(worker)] + counts.map { .integer($0) }
                + [.integer(counts.reduce(0, +)), .integer(load.overdueVisits), .integer(load.overdueActions), .integer(load.breached)])
        }
        table.summary = [("workers", loads.count), ("openCases", loads.values.reduce(0) { $0 + $1.byType.values.reduce(0, +) })]
        return table
    }
}
