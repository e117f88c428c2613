import EventLog
import Codec

/// The lifecycle rules of DOMAIN.md §2–5 and §10 (feedback), and where it is silent the choices written down in
/// the README ("Lifecycle rules").
extension CaseLifecycle {
    /// The event types whose rules move a case's state, as `EventTypeSpec.lifecycleStep`
    /// names them: worked out once per type, so that an event is not compared with every name.
    /// Each case is the type its raw value names; `move` has the rule.
    public enum Step: String, Sendable, CaseIterable {
        case caseAssigned = "case.assigned"
        case caseReopened = "case.reopened"
        case tenancyCaseClosed = "tenancy.case-closed"
        case reviewClosed = "review.closed"
        case tenancySustainmentChecked = "tenancy.sustainment-checked"
        case tenancyVisitScheduled = "tenancy.visit-scheduled"
        case tenancyVisitCompleted = "tenancy.visit-completed"
        case tenancyVisitMissed = "tenancy.visit-missed"
        case tenancyPlanAgreed = "tenancy.plan-agreed"
        case tenancyGoalReviewed = "tenancy.goal-reviewed"
        case safeguardingTriaged = "safeguarding.triaged"
        case safeguardingReferred = "safeguarding.referred"
        case safeguardingStrategyMeetingHeld = "safeguarding.strategy-meeting-held"
        case safeguardingClosed = "safeguarding.closed"
        case safeguardingActionAssigned = "safeguarding.action-assigned"
        case safeguardingActionCompleted = "safeguarding.action-completed"
        case reviewFindingRecorded = "review.finding-recorded"
        case reviewRecommendationMade = "review.recommendation-made"
        case reviewRecommendationImplemented = "review.recommendation-implemented"
        case complaintLearningIdentified = "complaint.learning-identified"
        case complaintLearningActioned = "complaint.learning-actioned"
        case complaintAcknowledged = "complaint.acknowledged"
        case complaintExtensionAgreed = "complaint.extension-agreed"
        case complaintResponded = "complaint.responded"
        case complaintEscalated = "complaint.escalated"
        case complaintWithdrawn = "complaint.withdrawn"
        case complaintClosed = "complaint.closed"
        case feedbackAcknowledged = "feedback.acknowledged"
        case feedbackResponded = "feedback.responded"
        case feedbackClosed = "feedback.closed"
        /// Any other type: only the rules every event follows.
        case other = ""
    }

    /// Types allowed on a closed case without reopening it: notes, links, corrections and the
    /// reopening itself, and what by its nature comes after the end (a tenancy's sustainment
    /// checks, a complaint taken to the Ombudsman or its learning put into practice, a panel's
    /// recommendation implemented after its report). A complaint closed after its stage 1
    /// response may still be escalated (the tenant has the right to take it to stage 2): that
    /// opens it again at stage 2.
    public static let allowedWhenClosed: Set<String> = [
        "case.note-added", "case.linked", "case.entry-corrected", "case.entry-voided", "case.reopened",
        "tenancy.sustainment-checked", "complaint.referred-to-ombudsman", "complaint.learning-identified",
        "complaint.learning-actioned", "complaint.remedy-offered", "complaint.escalated", "review.recommendation-implemented",
    ]

    /// Checks that an event of `spec` may come next on a stream of `caseType` that holds
    /// `version` events, and moves the state past it. `data` is the event's data map (its
    /// personal fields apart, which no rule needs). Other streams the event names are checked
    /// by `EventValidator`, which can read them.
    ///
    /// - Throws: `ValidationError.Problem.rule` naming the rule; the state is then unchanged.
    public mutating func apply(_ spec: EventTypeSpec, on caseType: CaseType, version: UInt64, occurredAt: Timestamp,
                               data: CBORView) throws(ValidationError) {
        // Moved in place, not on a copy (which would copy `ids` on write): every rule below
        // checks everything before it changes anything.
        try move(spec.name, spec.lifecycleStep, on: caseType, version: version, occurredAt: occurredAt, data: data)
    }

    /// Each rule throws before it changes the state, never after (`apply` relies on it).
    private mutating func move(_ type: String, _ step: Step, on caseType: CaseType, version: UInt64, occurredAt: Timestamp,
                               data: CBORView) throws(ValidationError) {
        let opening = caseType.openingType
        if version == 0 {
            guard type == opening else {
                throw Self.refusal(caseType.isCase
                    ? "there is no such case: a \(caseType) case is opened by \(opening)"
                    : "there is no such subject: a subject is registered by \(opening)")
            }
            // The case summary's rule for the subject (which field of the opening event names it).
            subject = CaseFileEventType(rawValue: type)?.subjectField.flatMap { data[$0]?.string }
            if caseType == .feedback && data["kind"]?.string == "suggestion" { flags.insert(.suggestion) }
            return
        }
        if flags.contains(.voided) && type != "case.note-added" {
            throw Self.refusal("the case was entered in error and voided: record on the right case (a voided case takes only notes)")
        }
        if type == opening {
            throw Self.refusal(caseType.isCase ? "the case already exists: \(opening) opens a new case"
                                               : "the subject is already registered: use subject.details-changed")
        }
        if flags.contains(.closed) && !Self.allowedWhenClosed.contains(type) {
            throw Self.refusal("the case is closed: record case.reopened first (a closed case takes only notes, links, corrections and "
                + "what follows a close, such as sustainment checks)")
        }
        switch step {
        case .caseAssigned:
            // The case summary's rule for the worker; `assignedAt` is `Int64.min` until one.
            if let worker = data["worker"]?.string,
               CaseSummary.isLatest(occurredAt, since: assignedAt == .min ? nil : Timestamp(microseconds: assignedAt)) {
                assignedTo = worker
                assignedAt = occurredAt.microseconds
            }
        case .caseReopened:
            guard flags.contains(.closed) else { throw Self.refusal("the case is open: only a closed case can be reopened") }
            flags.subtract([.closed, .withdrawn])
        case .tenancyCaseClosed, .reviewClosed:
            flags.insert(.closed)
        case .tenancySustainmentChecked:
            guard flags.contains(.closed) else { throw Self.refusal("sustainment is checked only after the case is closed") }
        case .tenancyVisitScheduled:
            try set(.visit, data, field: "visitId")
        case .tenancyVisitCompleted:
            let id = try text(data, "visitId")
            if let visit = tracked(.visit, id) {
                guard !visit.isDone else { throw Self.refusal("visit \(id) is already completed or missed") }
                mark(.visit, id)
            } else {
                // An unplanned visit: recorded as done, so a second outcome is refused.
                ids.append(TrackedID(kind: .visit, id: id, isDone: true))
            }
        case .tenancyVisitMissed:
            try finish(.visit, data, field: "visitId", unknown: "was never scheduled", done: "is already completed or missed")
        case .tenancyPlanAgreed:
            // A revised plan may agree a goal again (with a new target date): only new ids are added.
            data["goals"]?.forEachElement { goal in
                if let id = goal["goalId"]?.string, tracked(.goal, id) == nil {
                    ids.append(TrackedID(kind: .goal, id: id, isDone: false))
                }
            }
        case .tenancyGoalReviewed:
            let id = try text(data, "goalId")
            guard tracked(.goal, id) != nil else { throw Self.refusal("goal \(id) was never agreed in a plan") }
        case .safeguardingTriaged:
            guard !flags.contains(.triaged) else {
                throw Self.refusal("the concern is already triaged: a re-triage is a correction (case.entry-corrected of the triage)")
            }
            flags.insert(.triaged)
        case .safeguardingReferred, .safeguardingStrategyMeetingHeld, .safeguardingClosed:
            guard flags.contains(.triaged) else { throw Self.refusal("the concern must be triaged (safeguarding.triaged) first") }
            if step == .safeguardingClosed { flags.insert(.closed) }
        case .safeguardingActionAssigned:
            try set(.action, data, field: "actionId")
        case .safeguardingActionCompleted:
            try finish(.action, data, field: "actionId", unknown: "was never assigned", done: "is already completed")
        case .reviewFindingRecorded:
            try set(.finding, data, field: "findingId")
        case .reviewRecommendationMade:
            var missing: String?
            data["findingIds"]?.forEachElement { element in
                if missing == nil, let id = element.string, tracked(.finding, id) == nil { missing = id }
            }
            if let missing { throw Self.refusal("finding \(missing) was never recorded in this review") }
            try set(.recommendation, data, field: "recommendationId")
        case .reviewRecommendationImplemented:
            try finish(.recommendation, data, field: "recommendationId", unknown: "was never made", done: "is already implemented")
        case .complaintLearningIdentified:
            try set(.learning, data, field: "learningId")
        case .complaintLearningActioned:
            try finish(.learning, data, field: "learningId", unknown: "was never identified", done: "is already actioned")
        case .complaintAcknowledged:
            let stage = try self.stage(data)
            let flag: Flags = stage == 1 ? .acknowledgedStage1 : .acknowledgedStage2
            guard !flags.contains(flag) else { throw Self.refusal("stage \(stage) is already acknowledged") }
            flags.insert(flag)
        case .complaintExtensionAgreed:
            _ = try self.stage(data)
        case .complaintResponded:
            let stage = try self.stage(data)
            flags.insert(stage == 1 ? .respondedStage1 : .respondedStage2)
        case .complaintEscalated:
            guard !flags.contains(.escalated) else { throw Self.refusal("the complaint is already at stage 2") }
            guard !flags.contains(.withdrawn) else { throw Self.refusal("the complaint was withdrawn: record case.reopened first") }
            guard flags.contains(.respondedStage1) else {
                throw Self.refusal("a complaint is escalated only after its stage 1 response (complaint.responded with stage 1)")
            }
            flags.insert(.escalated)
            flags.remove(.closed)
        case .complaintWithdrawn:
            flags.insert([.closed, .withdrawn])
        case .complaintClosed:
            guard flags.contains(stage == 1 ? .respondedStage1 : .respondedStage2) else {
                throw Self.refusal("a complaint is closed only after its last response (stage \(stage) has none yet)"
                    + "; a complaint given up is complaint.withdrawn")
            }
            flags.insert(.closed)
        case .feedbackAcknowledged:
            guard !flags.contains(.feedbackAcknowledged) else { throw Self.refusal("the feedback is already acknowledged") }
            guard !flags.contains(.feedbackResponded) else {
                throw Self.refusal("the feedback is already responded to: an acknowledgement comes before the response")
            }
            flags.insert(.feedbackAcknowledged)
        case .feedbackResponded:
            guard !flags.contains(.feedbackResponded) else {
                throw Self.refusal("the feedback is already responded to: a second answer is a correction (case.entry-corrected)")
            }
            let adopted = data["adopted"]
            if flags.contains(.suggestion) {
                guard adopted != nil else {
                    throw Self.refusal("the response to a suggestion says whether it was adopted: give adopted=true or adopted=false")
                }
            } else if adopted != nil {
                throw Self.refusal("adopted is for a suggestion: this feedback is a compliment, whose response carries no adopted")
            }
            flags.insert(.feedbackResponded)
        case .feedbackClosed:
            guard flags.contains(.feedbackResponded) else {
                throw Self.refusal("feedback is closed only after its response (feedback.responded)")
            }
            flags.insert(.closed)
        default:
            break
        }
    }

    /// The stage an event names, which must be the complaint's current stage, not yet answered.
    private func stage(_ data: CBORView) throws(ValidationError) -> Int {
        let stage = Int(data["stage"]?.integer ?? 0)
        if stage == 2 && !flags.contains(.escalated) {
            throw Self.refusal("the complaint is at stage 1: a stage 2 step comes only after complaint.escalated")
        }
        if stage == 1 && flags.contains(.escalated) {
            throw Self.refusal("the complaint is at stage 2 since it was escalated: stage 1 steps are over")
        }
        if flags.contains(stage == 1 ? .respondedStage1 : .respondedStage2) {
            throw Self.refusal("stage \(stage) is already responded to")
        }
        return stage
    }

    private func text(_ data: CBORView, _ field: String) throws(ValidationError) -> String {
        guard let value = data[field]?.string else { throw ValidationError(.missingField(field)) }
        return value
    }

    /// Adds a new id; refuses one the case has already set.
    private mutating func set(_ kind: IDKind, _ data: CBORView, field: String) throws(ValidationError) {
        let id = try text(data, field)
        guard tracked(kind, id) == nil else { throw Self.refusal("\(kind) \(id) already exists on this case: choose a new \(field)") }
        ids.append(TrackedID(kind: kind, id: id, isDone: false))
    }

    /// Marks an id done; refuses one never set or already done.
    private mutating func finish(_ kind: IDKind, _ data: CBORView, field: String, unknown: String, done: String) throws(ValidationError) {
        let id = try text(data, field)
        guard let entry = tracked(kind, id) else { throw Self.refusal("\(kind) \(id) \(unknown) on this case") }
        guard !entry.isDone else { throw Self.refusal("\(kind) \(id) \(done)") }
        mark(kind, id)
    }

    private mutating func mark(_ kind: IDKind, _ id: String) {
        if let index = ids.firstIndex(where: { $0.kind == kind && $0.id == id }) { ids[index].isDone = true }
    }

    private static func refusal(_ text: String) -> ValidationError { ValidationError(.rule(text)) }
}
