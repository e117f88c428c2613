/// What a deadline is for. Each step has a stable name for output and storage (`name`),
/// e.g. `acknowledge-stage-1` or `visit:V2`; names are added, never renamed.
public enum DeadlineStep: Hashable, Sendable, CustomStringConvertible {
    /// `acknowledge-stage-1`: a complaint's stage 1 acknowledgement.
    case acknowledgeStage1
    /// `respond-stage-1`: a complaint's stage 1 response.
    case respondStage1
    /// `acknowledge-stage-2`: the acknowledgement of an escalated complaint.
    case acknowledgeStage2
    /// `respond-stage-2`: the stage 2 response.
    case respondStage2
    /// `triage`: a safeguarding concern's triage.
    case triage
    /// `visit:ID`: a scheduled tenancy support visit, by its `visitId`.
    case visit(String)
    /// `action:ID`: a safeguarding action, by its `actionId`.
    case action(String)
    /// `recommendation:ID`: a panel review recommendation, by its `recommendationId`.
    case recommendation(String)
    /// `learning:ID`: a complaint's learning, by its `learningId`.
    case learning(String)

    /// The stable name: `acknowledge-stage-1`, `respond-stage-1`, `acknowledge-stage-2`,
    /// `respond-stage-2`, `triage`, or `visit:`, `action:`, `recommendation:`, `learning:`
    /// followed by the id.
    public var name: String {
        switch self {
        case .acknowledgeStage1: "acknowledge-stage-1"
        case .respondStage1: "respond-stage-1"
        case .acknowledgeStage2: "acknowledge-stage-2"
        case .respondStage2: "respond-stage-2"
        case .triage: "triage"
        case .visit(let id): "visit:" + id
        case .action(let id): "action:" + id
        case .recommendation(let id): "recommendation:" + id
        case .learning(let id): "learning:" + id
        }
    }

    /// The step with this `name`; nil for any other text, including a prefix with an empty id
    /// (`visit:`).
    public init?(name: String) {
        switch name {
        case "acknowledge-stage-1": self = .acknowledgeStage1
        case "respond-stage-1": self = .respondStage1
        case "acknowledge-stage-2": self = .acknowledgeStage2
        case "respond-stage-2": self = .respondStage2
        case "triage": self = .triage
        default:
            guard let colon = name.firstIndex(of: ":") else { return nil }
            let id = String(name[name.index(after: colon)...])
            guard !id.isEmpty else { return nil }
            switch name[..<colon] {
            case "visit": self = .visit(id)
            case "action": self = .action(id)
            case "recommendation": self = .recommendation(id)
            case "learning": self = .learning(id)
            default: return nil
            }
        }
    }

    /// True for an action someone owns: a safeguarding action, a review recommendation or a
    /// complaint's learning (DOMAIN.md §6: the case summary's open actions, the actions-due view).
    public var isAction: Bool {
        switch self {
        case .action, .recommendation, .learning: true
        default: false
        }
    }

    /// True for the Complaint Handling Code's steps: the acknowledgements and responses.
    public var isComplaintStep: Bool {
        switch self {
        case .acknowledgeStage1, .respondStage1, .acknowledgeStage2, .respondStage2: true
        default: false
        }
    }

    /// The same as `name`.
    public var description: String { name }
}
