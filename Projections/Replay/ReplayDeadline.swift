import Casework
import EventLog

/// One deadline of a case the replay reads (`CaseFile.deadlines`, with the settings in force
/// when the replay is known at), judged on `ReplayFailures.judgedOn`: where it stands and, for a
/// breach, by how many days.
public struct ReplayDeadline: Sendable, Equatable {
    /// The case it belongs to.
    public let stream: String
    /// What is due.
    public let step: DeadlineStep
    /// The last date on which doing it is on time, extensions included.
    public let due: CalendarDate
    /// The London date it was done; nil while not done.
    public let done: CalendarDate?
    /// Where it stands on the date it is judged on.
    public let status: DeadlineStatus
    /// Calendar days between the due date and when it was done (`late`) or the date it is
    /// judged on (`overdue`); 0 for a step that is met or still open.
    public let daysLate: Int
    /// Who owns it (an action, recommendation or learning item), as the case file says.
    public let owner: String?
    /// Working days of agreed extensions in `due`, and whether they go beyond the Code's limit.
    public let extendedBy: Int, isBeyondCodeLimit: Bool

    /// `deadline` of `stream`, judged on `date`.
    init(stream: String, deadline: Deadline, judgedOn date: CalendarDate, owner: String?) {
        self.stream = stream
        step = deadline.step
        due = deadline.due
        done = deadline.done
        status = deadline.status(asOf: date)
        switch status {
        case .late: daysLate = deadline.due.days(to: deadline.done ?? deadline.due)
        case .overdue: daysLate = deadline.due.days(to: date)
        case .met, .open: daysLate = 0
        }
        self.owner = owner
        extendedBy = deadline.extendedBy
        isBeyondCodeLimit = deadline.isBeyondCodeLimit
    }

    /// The step as people read it: "triage", "action A1", "acknowledge, stage 1".
    public var label: String { Self.label(of: step) }

    /// The label of a timeline marker: "triage due" while met or open, "triage late 2 days",
    /// "action A1 overdue 52 days" for a breach.
    public var markerLabel: String {
        switch status {
        case .met, .open: "\(label) due"
        case .late, .overdue: "\(label) \(status) \(Self.days(daysLate))"
        }
    }

    /// One line for the first section: "action A1 (j.smith): due 2025-01-10, not done: overdue
    /// 52 days", with the extension when there is one.
    public var summary: String {
        var text = label + (owner.map { " (\($0))" } ?? "") + ": due \(due)"
        if extendedBy > 0 {
            text += " (extended by \(extendedBy) working day\(extendedBy == 1 ? "" : "s")\(isBeyondCodeLimit ? ", beyond the Code's limit" : ""))"
        }
        switch status {
        case .met: text += ", done \(done.map { "\($0)" } ?? "")"
        case .late: text += ", done \(done.map { "\($0)" } ?? ""): \(Self.days(daysLate)) late"
        case .open: text += ", not done yet"
        case .overdue: text += ", not done: overdue \(Self.days(daysLate))"
        }
        return text
    }

    /// "1 day", "2 days".
    static func days(_ count: Int) -> String { "\(count) day\(count == 1 ? "" : "s")" }

    /// `step` as people read it.
    static func label(of step: DeadlineStep) -> String {
        switch step {
        case .acknowledgeStage1: "acknowledge, stage 1"
        case .respondStage1: "respond, stage 1"
        case .acknowledgeStage2: "acknowledge, stage 2"
        case .respondStage2: "respond, stage 2"
        case .triage: "triage"
        case .visit(let id): "visit \(id)"
        case .action(let id): "action \(id)"
        case .recommendation(let id): "recommendation \(id)"
        case .learning(let id): "learning \(id)"
        }
    }

    /// The instant its marker stands at: the end of its due day in London (the start of the next).
    var dueInstant: Timestamp { EuropeLondon.startOfDay(due.adding(days: 1)) }

    /// The instant a breach's bar ends: when it was done (the end of that day), or the end of the
    /// day it is judged on.
    func breachEnd(judgedOn date: CalendarDate) -> Timestamp {
        EuropeLondon.startOfDay((done ?? date).adding(days: 1))
    }
}
