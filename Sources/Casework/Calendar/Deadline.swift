import EventLog
/// One step that is due by a date: when it is due, when it was done, and by how many working
/// days its due date was extended.
///
/// Dates are Europe/London dates (DOMAIN.md §5: a step is on time when its event's
/// `occurredAt` date is on or before its due date). A deadline does not store its status,
/// because an undone step turns from `open` to `overdue` with the passing of time and no new
/// event: ask `status(asOf:)` with the date you are looking from.
public struct Deadline: Hashable, Sendable, CustomStringConvertible {
    /// What is due.
    public var step: DeadlineStep
    /// The last date on which doing it is on time, extensions included.
    public var due: CalendarDate
    /// The Europe/London date it was done; nil while it is not done.
    public var done: CalendarDate?
    /// Working days of agreed extensions included in `due` (0 when none).
    public var extendedBy: Int
    /// True when `extendedBy` is beyond what the Complaint Handling Code allows (10 working days
    /// at stage 1, 20 at stage 2): allowed with a reason, but flagged.
    public var isBeyondCodeLimit: Bool
    /// For a deadline in clock hours (an immediate-risk triage), the instant it falls due;
    /// nil for one by date. `due` is then its London date, for showing.
    public var dueAt: Timestamp?
    /// For a deadline in clock hours, the instant it was done; nil otherwise or while not done.
    public var doneAt: Timestamp?

    /// A deadline with these values; nothing is checked.
    public init(step: DeadlineStep, due: CalendarDate, done: CalendarDate? = nil, extendedBy: Int = 0,
                isBeyondCodeLimit: Bool = false) {
        self.step = step
        self.due = due
        self.done = done
        self.extendedBy = extendedBy
        self.isBeyondCodeLimit = isBeyondCodeLimit
    }

    /// A deadline done at the instant `doneAt` (nil while not done), taken as its Europe/London
    /// date: for a visit, action, recommendation or learning, `due` is the event's `dueDate`
    /// and `doneAt` the `occurredAt` of the event that completes it.
    public init(step: DeadlineStep, due: CalendarDate, doneAt: Timestamp?) {
        self.init(step: step, due: due, done: doneAt.map(EuropeLondon.date(of:)))
    }

    /// Where the step stands on `date`: `met` when done on or before `due` (for a deadline in
    /// clock hours, at or before `dueAt`), `late` when done after it (whatever `date` is), `open`
    /// when not done and `date` is on or before `due`, `overdue` when not done and `date` is
    /// after `due`.
    public func status(asOf date: CalendarDate) -> DeadlineStatus {
        if let dueAt, let doneAt { return doneAt <= dueAt ? .met : .late }
        if let done { return done <= due ? .met : .late }
        return date <= due ? .open : .overdue
    }

    /// Working days from `date` to `due`: 0 when due on `date`, 1 when due the next working day,
    /// negative once overdue. See `WorkingDayCalendar.workingDays(from:to:)`.
    public func workingDaysLeft(asOf date: CalendarDate, calendar: WorkingDayCalendar = .englandAndWales) -> Int {
        calendar.workingDays(from: date, to: due)
    }

    /// `step due YYYY-MM-DD`, then `done YYYY-MM-DD` when done and `extended by N` when extended.
    public var description: String {
        var text = "\(step) due \(dueAt.map { EuropeLondon.minuteText(of: $0) } ?? due.description)"
        if let done { text += " done \(done)" }
        if extendedBy != 0 { text += " extended by \(extendedBy)" }
        if isBeyondCodeLimit { text += " (beyond the Code's limit)" }
        return text
    }
}
