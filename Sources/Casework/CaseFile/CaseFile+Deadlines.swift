import EventLog
extension CaseFile {
    /// Every deadline of the case (DOMAIN.md §3–5), worked out from the events applied so far:
    /// a pure function of the case file and the calendar, with no clock; ask each deadline's
    /// `status(asOf:)` for where it stands today.
    ///
    /// In this order:
    ///
    /// 1. A complaint's steps (`ComplaintDeadlines`): `acknowledge-stage-1`, `respond-stage-1`,
    ///    and once escalated `acknowledge-stage-2`, `respond-stage-2`. Each step is done by the
    ///    earliest event of its kind for its stage (by `occurredAt`); every extension counts for
    ///    its stage. Once the complaint is withdrawn the steps not done are dropped, because
    ///    nothing is due to the complainant any more; the done ones stay, to show how they
    ///    went. A closed complaint keeps every step as it stands.
    /// 2. A safeguarding concern's `triage`, due by `triageTarget` from
    ///    `safeguarding.concern-raised` and its `immediateRisk` (false when absent), done by the
    ///    earliest `safeguarding.triaged`.
    /// 3. Items with a due date, in the order they were first set: `visit:ID`
    ///    (`tenancy.visit-scheduled`), `action:ID` (`safeguarding.action-assigned`),
    ///    `recommendation:ID` (`review.recommendation-made`) and `learning:ID`
    ///    (`complaint.learning-identified`), each due on its `dueDate`. An item set again with
    ///    the same id keeps its place and takes the later due date. It is done by the earliest
    ///    `tenancy.visit-completed` or `tenancy.visit-missed`, `safeguarding.action-completed`,
    ///    `review.recommendation-implemented` or `complaint.learning-actioned` with its id,
    ///    wherever that stands in the stream. A missed visit counts as done: it is no longer
    ///    due, and so not overdue (whether it happened is the visit's own event to tell). A
    ///    visit completed without being scheduled (unplanned) has no deadline.
    ///
    /// Closing a case leaves undone items as they are (an overdue visit of a closed case is
    /// still reported); only a withdrawn complaint's own steps are dropped.
    ///
    /// The settings `deadlines(calendar:triageTarget:)` reads besides the calendar, for an
    /// output to say which it used (`OrganisationSettings.inForce(_:)`).
    public static let settingsDeadlinesUse: [StoreSetting] = [.triageImmediateRiskHours, .triageImmediateRiskDays, .triageOtherDays]

    /// Costs O(n) in the entries kept, with one dictionary for the items' due and done dates.
    public func deadlines(calendar: WorkingDayCalendar = .englandAndWales,
                          triageTarget: TriageTarget = .standard) -> [Deadline] {
        var deadlines: [Deadline] = []
        if let facts = complaintFacts() {
            let steps = ComplaintDeadlines(facts, calendar: calendar).steps
            deadlines += isWithdrawn ? steps.filter { $0.done != nil } : steps
        }
        if let raised = entries.first(where: { $0.type == .concernRaised }) {
            deadlines.append(triageTarget.deadline(raisedAt: raised.occurredAt, immediateRisk: raised.immediateRisk ?? false,
                                                   triagedAt: earliest(.triaged), calendar: calendar))
        }
        deadlines += itemDeadlines()
        return deadlines
    }

    /// The case summary's open items (DOMAIN.md §6), from its `deadlines`: how many actions
    /// are not done, and the earliest due date of any step not done.
    public static func openItems(of deadlines: [Deadline]) -> (actions: Int, nextDue: CalendarDate?) {
        let open = deadlines.filter { $0.done == nil }
        return (open.filter(\.step.isAction).count, open.map(\.due).min())
    }

    /// Who owns the item `step` (an action, recommendation or learning item): the `owner` of
    /// the latest event that set it; nil when it has none, and for other steps. O(n).
    public func owner(of step: DeadlineStep) -> String? {
        entries.last { $0.type.hasOwner && $0.itemStep == step && $0.owner != nil }?.owner
    }

    /// The facts of `ComplaintDeadlines`; nil unless `complaint.received` was applied.
    private func complaintFacts() -> ComplaintDeadlines.Facts? {
        guard let received = entries.first(where: { $0.type == .complaintReceived }) else { return nil }
        return ComplaintDeadlines.Facts(
            receivedAt: received.occurredAt,
            stage1AcknowledgedAt: earliest(.acknowledged, stage: 1),
            stage1ExtensionWorkingDays: extensions(stage: 1),
            stage1RespondedAt: earliest(.responded, stage: 1),
            escalatedAt: earliest(.escalated),
            stage2AcknowledgedAt: earliest(.acknowledged, stage: 2),
            stage2ExtensionWorkingDays: extensions(stage: 2),
            stage2RespondedAt: earliest(.responded, stage: 2))
    }

    /// The earliest `occurredAt` of the entries of `type` (and `stage`, when given).
    private func earliest(_ type: CaseFileEventType, stage: Int? = nil) -> Timestamp? {
        entries.lazy.filter { $0.type == type && (stage == nil || $0.stage == stage) }.map(\.occurredAt).min()
    }

    /// `workingDays` of every extension agreed at `stage`, in stream order.
    private func extensions(stage: Int) -> [Int] {
        entries.compactMap { $0.type == .extensionAgreed && $0.stage == stage ? $0.workingDays : nil }
    }

    /// The visits, actions, recommendations and learning, in the order they were first set.
    private func itemDeadlines() -> [Deadline] {
        var order: [DeadlineStep] = []
        var due: [DeadlineStep: CalendarDate] = [:]
        var done: [DeadlineStep: Timestamp] = [:]
        for entry in entries {
            guard let step = entry.itemStep else { continue }
            if entry.type.setsDueDate {
                guard let dueDate = entry.dueDate else { continue }
                if due.updateValue(dueDate, forKey: step) == nil { order.append(step) }
            } else {
                done[step] = min(done[step] ?? entry.occurredAt, entry.occurredAt)
            }
        }
        return order.map { step in Deadline(step: step, due: due[step]!, doneAt: done[step]) }
    }
}
