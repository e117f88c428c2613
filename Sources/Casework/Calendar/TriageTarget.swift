import EventLog
/// How soon a safeguarding concern must be triaged (DOMAIN.md §4): by default the same working
/// day when `immediateRisk` is true, else 1 working day after; an organisation may set its own.
public struct TriageTarget: Hashable, Sendable {
    /// Working days allowed when the concern reports an immediate risk; 0 (the default) means
    /// the same working day.
    public var immediateRiskWorkingDays: Int
    /// Working days allowed otherwise; 1 by default.
    public var otherWorkingDays: Int

    /// A target of `immediateRiskWorkingDays` and `otherWorkingDays`; 0 or less means the
    /// same working day.
    public init(immediateRiskWorkingDays: Int = 0, otherWorkingDays: Int = 1) {
        self.immediateRiskWorkingDays = immediateRiskWorkingDays
        self.otherWorkingDays = otherWorkingDays
    }

    /// DOMAIN.md's target: the same working day for an immediate risk, else 1 working day.
    public static let standard = TriageTarget()

    /// The triage due date of a concern raised on `raised` (its Europe/London date). "The same
    /// working day" is `raised` itself when it is a working day, else the next working day (a
    /// concern raised on Saturday is due on Monday); n working days is the n-th working day
    /// after `raised`, as for every deadline.
    public func due(raised: CalendarDate, immediateRisk: Bool,
                    calendar: WorkingDayCalendar = .englandAndWales) -> CalendarDate {
        let workingDays = immediateRisk ? immediateRiskWorkingDays : otherWorkingDays
        return workingDays <= 0
            ? calendar.workingDay(onOrAfter: raised)
            : calendar.adding(workingDays: workingDays, to: raised)
    }

    /// The `triage` deadline of a concern raised at `raisedAt` (the `occurredAt` of
    /// `safeguarding.concern-raised`) and triaged at `triagedAt` (of `safeguarding.triaged`;
    /// nil until then), both taken as Europe/London dates.
    public func deadline(raisedAt: Timestamp, immediateRisk: Bool, triagedAt: Timestamp?,
                         calendar: WorkingDayCalendar = .englandAndWales) -> Deadline {
        Deadline(step: .triage,
                 due: due(raised: EuropeLondon.date(of: raisedAt), immediateRisk: immediateRisk, calendar: calendar),
                 doneAt: triagedAt)
    }
}
