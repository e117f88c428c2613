import Casework
import EventLog

/// The actions-due view (DOMAIN.md §6): every action not yet done — safeguarding actions,
/// panel review recommendations and complaint learning — with its owner and due date, overdue
/// first (the longest overdue at the top), then by due date.
///
/// A review's recommendations and a complaint's learning count whatever the case's state: a
/// review closes with recommendations still to implement, and those are exactly what the panel
/// must chase. A closed concern's actions do not: the store takes no completion on a closed
/// concern, so closing it settled them. Visits are in the caseload, not
/// here. With `--worker`, the items that worker owns, and those with no owner on the worker's
/// cases.
public enum ActionsDue {
    public static let columns = [
        ViewTable.Column("case", "case"), ViewTable.Column("item", "item"), ViewTable.Column("kind", "kind"),
        ViewTable.Column("owner", "owner"), ViewTable.Column("due", "due"), ViewTable.Column("status", "status"),
        ViewTable.Column("workingDaysOverdue", "days overdue"), ViewTable.Column("caseState", "case"),
    ]

    /// The view as of `query`, of the cases `admits` lets in (every case unless told).
    public static func table(in reader: borrowing LogReader, query: CurrentViewQuery,
                             admitting admits: (_ reference: String) throws -> Bool = { _ in true }) throws -> ViewTable {
        var rows: [(isOverdue: Bool, due: CalendarDate, reference: String, step: String, cells: [ViewTable.Cell])] = []
        try CaseSummaryView.view.forEachFold(in: reader) { reference, file in
            switch file.caseType {
            case .safeguarding: guard file.state == .open else { return }
            case .review, .complaint: break
            default: return
            }
            guard try admits(reference) else { return }
            for deadline in file.deadlines(calendar: query.calendar) where deadline.done == nil {
                let kind: String
                switch deadline.step {
                case .action: kind = "action"
                case .recommendation: kind = "recommendation"
                case .learning: kind = "learning"
                default: continue
                }
                let owner = file.owner(of: deadline.step)
                if let worker = query.worker, (owner ?? file.assignedTo) != worker { continue }
                let status = deadline.status(asOf: query.asOf)
                let overdueBy = status == .overdue ? -deadline.workingDaysLeft(asOf: query.asOf, calendar: query.calendar) : 0
                rows.append((status == .overdue, deadline.due, reference, deadline.step.name, [
                    .text(reference), .text(deadline.step.name), .text(kind), owner.map { .text($0) } ?? .none,
                    .date(deadline.due), .text(status.rawValue), .integer(overdueBy), .text(file.state.rawValue),
                ]))
            }
        }
        rows.sort { lhs, rhs in
            if lhs.isOverdue != rhs.isOverdue { return lhs.isOverdue }
            return (lhs.due, lhs.reference, lhs.step) < (rhs.due, rhs.reference, rhs.step)
        }
        var table = ViewTable(view: CurrentView.actionsDue.rawValue, asOf: query.asOf, columns: columns)
        table.rows = rows.map(\.cells)
        table.summary = [("open", rows.count), ("overdue", rows.filter(\.isOverdue).count)]
        return table
    }
}
