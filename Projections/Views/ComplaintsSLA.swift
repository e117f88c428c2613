import Casework
import EventLog

/// The complaints SLA view (DOMAIN.md §6): every open complaint with its stage, the next step
/// due under the Complaint Handling Code, the working days left, and breach flags; the least
/// time left first.
///
/// Only the Code's four steps count here (a complaint's learning is in actions-due). The next
/// step is the earliest-due step not yet done; a complaint whose steps are all done
/// (answered, not yet closed) has none. `breached` is true when any step was done late or is
/// overdue; `extendedBeyondCode` when an extension went past the Code's limit.
public enum ComplaintsSLA {
    public static let columns = [
        ViewTable.Column("case", "case"), ViewTable.Column("stage", "stage"), ViewTable.Column("worker", "worker"),
        ViewTable.Column("received", "received"), ViewTable.Column("nextStep", "next step"), ViewTable.Column("due", "due"),
        ViewTable.Column("workingDaysLeft", "days left"), ViewTable.Column("breached", "breached"),
        ViewTable.Column("extendedBeyondCode", "beyond Code"),
    ]

    /// The view as of `query`, of the cases `admits` lets in (every case unless told).
    public static func table(in reader: borrowing LogReader, query: CurrentViewQuery,
                             admitting admits: (_ reference: String) throws -> Bool = { _ in true }) throws -> ViewTable {
        var rows: [(daysLeft: Int?, reference: String, cells: [ViewTable.Cell])] = []
        var breached = 0
        try CaseSummaryView.view.forEachFold(in: reader) { reference, file in
            guard file.caseType == .complaint, file.state == .open, file.version > 0 else { return }
            if let worker = query.worker, file.assignedTo != worker { return }
            guard try admits(reference) else { return }
            let deadlines = file.deadlines(calendar: query.calendar).filter(\.step.isComplaintStep)
            let next = deadlines.filter { $0.done == nil }.min { $0.due < $1.due }
            let daysLeft = next.map { $0.workingDaysLeft(asOf: query.asOf, calendar: query.calendar) }
            let isBreached = deadlines.contains { $0.status(asOf: query.asOf).isBreach }
            if isBreached { breached += 1 }
            rows.append((daysLeft, reference, [
                .text(reference), file.stage.map { .integer($0) } ?? .none, file.assignedTo.map { .text($0) } ?? .none,
                file.openedAt.map { .date(EuropeLondon.date(of: $0)) } ?? .none,
                next.map { .text($0.step.name) } ?? .none, next.map { .date($0.due) } ?? .none,
                daysLeft.map { .integer($0) } ?? .none, .flag(isBreached), .flag(deadlines.contains(where: \.isBeyondCodeLimit)),
            ]))
        }
        rows.sort { ($0.daysLeft ?? .max, $0.reference) < ($1.daysLeft ?? .max, $1.reference) }
        var table = ViewTable(view: CurrentView.complaintsSLA.rawValue, asOf: query.asOf, columns: columns)
        table.rows = rows.map(\.cells)
        table.summary = [("openComplaints", rows.count), ("breached", breached),
                         ("overdueNow", rows.filter { ($0.daysLeft ?? 0) < 0 }.count)]
        return table
    }
}
