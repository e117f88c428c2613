import EventLog
/// How soon a safeguarding concern must be triaged (DOMAIN.md §4 and its corrections): by
/// default within 24 clock hours when `immediateRisk` is true (weekends and bank holidays do not
/// pause a person at risk), else 1 working day after; an organisation may set its own. A store
/// that set working days for an immediate risk before the hours rule keeps them until it sets
/// hours (`immediateRiskHours` nil).
public struct TriageTarget: Hashable, Sendable {
    /// Clock hours allowed when the concern reports an immediate risk; nil: the working-days
    /// rule (`immediateRiskWorkingDays`) instead.
    public var immediateRiskHours: Int?
    /// Working days allowed when the concern reports an immediate risk; 0 (the default) means
    /// the same working day.
    public var immediateRiskWorkingDays: Int
    /// Working days allowed otherwise; 1 by default.
    public var otherWorkingDays: Int

    /// A target of `immediateRiskHours` (nil: `immediateRiskWorkingDays`) and
    /// `otherWorkingDays`; 0 or less working days means the same working day.
    public init(immediateRiskWorkingDays: Int = 0, otherWorkingDays: Int = 1, immediateRiskHours: Int? = 24) {
        self.immediateRiskWorkingDays = immediateRiskWorkingDays
        self.otherWorkingDays = otherWorkingDays
        self.immediateRiskHours = immediateRiskHours
    }

    /// DOMAIN.md's target: 24 clock hours for an immediate risk, else 1 working day.
    public static let standard = TriageTarget()

    /// The rule for an immediate risk in words, for what a report says it used: "24 clock hours"
    /// or "the same working day" / "2 working days".
    public var immediateRiskRule: String {
        if let hours = immediateRiskHours { return "\(hours) clock hours" }
        return immediateRiskWorkingDays <= 0 ? "the same working day" : "\(immediateRiskWorkingDays) working days"
    }

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
        if immediateRisk, let hours = immediateRiskHours {
            // In clock hours: due at the instant, on time when triaged by it.
            let dueAt = Timestamp(microseconds: raisedAt.microseconds &+ Int64(hours) * 3_600_000_000)
            var deadline = Deadline(step: .triage, due: EuropeLondon.date(of: dueAt), doneAt: triagedAt)
            deadline.dueAt = dueAt
            deadline.doneAt = triagedAt
            return deadline
        }
        return Deadline(step: .triage,
                        due: due(raised: EuropeLondon.date(of: raisedAt), immediateRisk: immediateRisk, calendar: calendar),
                        doneAt: triagedAt)
    }
}
