import EventLog
/// The deadlines of one complaint under the Housing Ombudsman's Complaint Handling Code
/// (DOMAIN.md §5), worked out from the few facts that decide them. A pure function of the
/// facts and the calendar: no store, no clock.
///
/// Every instant is first taken as its Europe/London date, then:
///
/// | step | due |
/// |---|---|
/// | `acknowledge-stage-1` | 5 working days after the date received |
/// | `respond-stage-1` | 10 working days after the stage 1 acknowledgement's date, or after its due date while unacknowledged; plus every stage 1 extension |
/// | `acknowledge-stage-2` | 5 working days after the escalation's date |
/// | `respond-stage-2` | 20 working days after the stage 2 acknowledgement's date, or after its due date while unacknowledged; plus every stage 2 extension |
///
/// Stage 2 steps exist only once the complaint is escalated. An acknowledgement step also
/// counts as done when the stage's response comes without one (the response acknowledges the
/// complaint), so a complaint answered without a separate acknowledgement is not left with an
/// acknowledgement overdue for ever; the response's own due date still counts from the
/// acknowledgement's due date then.
///
/// Costs a few calendar look-ups (each O(log h) for h bank holidays); no allocation but
/// `steps`.
public struct ComplaintDeadlines: Hashable, Sendable {
    /// What decides a complaint's deadlines: the `occurredAt` of its events. Give the first
    /// event of each kind (`complaint.acknowledged` with `stage` 1, …), and every agreed
    /// extension's `workingDays` for its stage in any order.
    public struct Facts: Hashable, Sendable {
        /// `complaint.received`.
        public var receivedAt: Timestamp
        /// `complaint.acknowledged` with `stage` 1; nil until then.
        public var stage1AcknowledgedAt: Timestamp?
        /// `workingDays` of every `complaint.extension-agreed` with `stage` 1.
        public var stage1ExtensionWorkingDays: [Int]
        /// `complaint.responded` with `stage` 1; nil until then.
        public var stage1RespondedAt: Timestamp?
        /// `complaint.escalated`; nil while the complaint is at stage 1.
        public var escalatedAt: Timestamp?
        /// `complaint.acknowledged` with `stage` 2; nil until then.
        public var stage2AcknowledgedAt: Timestamp?
        /// `workingDays` of every `complaint.extension-agreed` with `stage` 2.
        public var stage2ExtensionWorkingDays: [Int]
        /// `complaint.responded` with `stage` 2; nil until then.
        public var stage2RespondedAt: Timestamp?

        /// The facts of a complaint received at `receivedAt`; everything else defaults to
        /// "not yet".
        public init(receivedAt: Timestamp, stage1AcknowledgedAt: Timestamp? = nil,
                    stage1ExtensionWorkingDays: [Int] = [], stage1RespondedAt: Timestamp? = nil,
                    escalatedAt: Timestamp? = nil, stage2AcknowledgedAt: Timestamp? = nil,
                    stage2ExtensionWorkingDays: [Int] = [], stage2RespondedAt: Timestamp? = nil) {
            self.receivedAt = receivedAt
            self.stage1AcknowledgedAt = stage1AcknowledgedAt
            self.stage1ExtensionWorkingDays = stage1ExtensionWorkingDays
            self.stage1RespondedAt = stage1RespondedAt
            self.escalatedAt = escalatedAt
            self.stage2AcknowledgedAt = stage2AcknowledgedAt
            self.stage2ExtensionWorkingDays = stage2ExtensionWorkingDays
            self.stage2RespondedAt = stage2RespondedAt
        }
    }

    /// Working days to acknowledge a complaint, at either stage.
    public static let acknowledgementWorkingDays = 5
    /// Working days to respond at stage 1, counted from the acknowledgement.
    public static let stage1ResponseWorkingDays = 10
    /// Working days to respond at stage 2, counted from the acknowledgement.
    public static let stage2ResponseWorkingDays = 20
    /// The most working days of extension the Code allows at stage 1.
    public static let stage1ExtensionLimit = 10
    /// The most working days of extension the Code allows at stage 2.
    public static let stage2ExtensionLimit = 20

    /// `acknowledge-stage-1`.
    public let acknowledgeStage1: Deadline
    /// `respond-stage-1`, extensions included.
    public let respondStage1: Deadline
    /// `acknowledge-stage-2`; nil until the complaint is escalated.
    public let acknowledgeStage2: Deadline?
    /// `respond-stage-2`, extensions included; nil until the complaint is escalated.
    public let respondStage2: Deadline?

    /// The deadlines that follow from `facts` on `calendar`. Never fails. Extensions are added
    /// as given: the event catalogue's validation keeps them at 1 or more.
    public init(_ facts: Facts, calendar: WorkingDayCalendar = .englandAndWales) {
        (acknowledgeStage1, respondStage1) = Self.stage(
            acknowledgement: .acknowledgeStage1, response: .respondStage1,
            startedAt: facts.receivedAt, acknowledgedAt: facts.stage1AcknowledgedAt,
            responseWorkingDays: Self.stage1ResponseWorkingDays,
            extensions: facts.stage1ExtensionWorkingDays, extensionLimit: Self.stage1ExtensionLimit,
            respondedAt: facts.stage1RespondedAt, calendar: calendar)
        if let escalatedAt = facts.escalatedAt {
            let (acknowledgement, response) = Self.stage(
                acknowledgement: .acknowledgeStage2, response: .respondStage2,
                startedAt: escalatedAt, acknowledgedAt: facts.stage2AcknowledgedAt,
                responseWorkingDays: Self.stage2ResponseWorkingDays,
                extensions: facts.stage2ExtensionWorkingDays, extensionLimit: Self.stage2ExtensionLimit,
                respondedAt: facts.stage2RespondedAt, calendar: calendar)
            (acknowledgeStage2, respondStage2) = (acknowledgement, response)
        } else {
            (acknowledgeStage2, respondStage2) = (nil, nil)
        }
    }

    /// The steps in order: two at stage 1, four once escalated.
    public var steps: [Deadline] {
        [acknowledgeStage1, respondStage1] + [acknowledgeStage2, respondStage2].compactMap { $0 }
    }

    private static func stage(acknowledgement: DeadlineStep, response: DeadlineStep, startedAt: Timestamp,
                              acknowledgedAt: Timestamp?, responseWorkingDays: Int, extensions: [Int],
                              extensionLimit: Int, respondedAt: Timestamp?,
                              calendar: WorkingDayCalendar) -> (Deadline, Deadline) {
        let started = EuropeLondon.date(of: startedAt)
        let acknowledged = acknowledgedAt.map(EuropeLondon.date(of:))
        let responded = respondedAt.map(EuropeLondon.date(of:))
        let acknowledgementDue = calendar.adding(workingDays: acknowledgementWorkingDays, to: started)
        let extendedBy = extensions.reduce(0, +)
        let responseDue = calendar.adding(workingDays: responseWorkingDays + extendedBy,
                                          to: acknowledged ?? acknowledgementDue)
        return (
            Deadline(step: acknowledgement, due: acknowledgementDue, done: acknowledged ?? responded),
            Deadline(step: response, due: responseDue, done: responded, extendedBy: extendedBy,
                     isBeyondCodeLimit: extendedBy > extensionLimit)
        )
    }
}
