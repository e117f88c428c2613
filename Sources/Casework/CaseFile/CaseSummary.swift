import EventLog

/// The case summary of DOMAIN.md §6: a case's state, stage, worker, subject and risk, when it
/// opened, closed and last moved. It is the one place caselog works these facts out: `caselog
/// case`, `caselog cases` and every current view read them from it (as the case-summary view
/// keeps it, in the same write as the events), and the stream head's lifecycle, which keeps a
/// worker and subject of its own for its layout, takes them by the same rules
/// (`isLatest(_:since:)`, `CaseFileEventType.subjectField`).
///
/// A `CaseFile` holds one beside the entries it was worked out from; `init(reference:encoded:)`
/// reads one from a case-summary row without keeping the entries.
///
/// What it chooses where DOMAIN.md is silent:
///
/// - **Latest** (`assignedTo`, `riskLevel`) means the latest `occurredAt`, the later recorded
///   on a tie, so that a late entry about last month does not hide this week's assignment.
///   `lastActivity` is the latest `occurredAt` of any event, notes and corrections included.
/// - **State** follows the stream's order: a closing event closes (`complaint.withdrawn`
///   too, with `outcome` "withdrawn"), `case.reopened` opens again and clears `closedAt` and
///   `outcome`. `outcome` is the closing event's `outcome` field, so it stays nil for
///   `complaint.closed` and `review.closed`, which have none. A closed complaint that is
///   escalated is open again (at stage 2), as `CaseLifecycle` allows.
/// - **Corrections** count as if the corrected event had carried the corrected value (a
///   `CaseFile` writes them into its entries and works the summary out again).
public struct CaseSummary: Sendable, Equatable {
    /// The stream's reference, e.g. `CMP-2025-000001` or `P-000001`.
    public let reference: String
    /// The kind of stream, from the reference's prefix.
    public let caseType: CaseType
    /// The version of the last record applied; 0 before any.
    public internal(set) var version: UInt64 = 0
    /// Open or closed; `open` for a subject stream and before any record.
    public private(set) var state: CaseState = .open
    /// A complaint's stage: 1 from `complaint.received`, 2 once escalated; nil for other types.
    public private(set) var stage: Int?
    /// The `worker` of the latest `case.assigned`; nil until one.
    public private(set) var assignedTo: String?
    /// The subject reference that the opening event names: the household of a tenancy case,
    /// the subject of a safeguarding concern, the complainant of a complaint, whoever gave
    /// feedback (when named). Nil for a review (it names incidents) and a subject stream (it is
    /// the subject).
    public private(set) var subject: String?
    /// The latest `riskLevel` of `tenancy.needs-assessed` or `safeguarding.triaged`; nil until one.
    public private(set) var riskLevel: String?
    /// The opening event's `occurredAt`; nil before it is applied.
    public private(set) var openedAt: Timestamp?
    /// The `occurredAt` of the event that closed the case; nil while open.
    public private(set) var closedAt: Timestamp?
    /// The latest `occurredAt` of any event of the case; nil before any.
    public internal(set) var lastActivity: Timestamp?
    /// How the case ended: the closing event's `outcome` (`tenancy.case-closed`,
    /// `safeguarding.closed`), or "withdrawn" for `complaint.withdrawn`; nil while open and for
    /// closing events without an outcome.
    public private(set) var outcome: String?
    /// True while a complaint stands withdrawn (withdrawn, and not reopened since).
    public private(set) var isWithdrawn = false

    /// `occurredAt` of the event `assignedTo` and `riskLevel` come from, to find the latest.
    private var assignedAt: Timestamp?
    private var riskAssessedAt: Timestamp?

    /// The summary of stream `reference` before any record.
    init(reference: String, caseType: CaseType) {
        self.reference = reference
        self.caseType = caseType
    }

    /// The summary worked out from `entries`, in stream order, of a stream at `version` whose
    /// latest event happened at `lastActivity`. O(n).
    init(reference: String, caseType: CaseType, entries: [CaseFileEntry], version: UInt64, lastActivity: Timestamp?) {
        self.init(reference: reference, caseType: caseType)
        for entry in entries { take(entry) }
        self.version = version
        self.lastActivity = lastActivity
    }

    /// Moves the summary past one event of the stream: `version` and `lastActivity` for every
    /// event, whatever its type.
    mutating func moved(to version: UInt64, at occurredAt: Timestamp) {
        self.version = version
        lastActivity = max(lastActivity ?? occurredAt, occurredAt)
    }

    /// Updates the summary with one entry, taken after those before it in the stream. O(1).
    mutating func take(_ entry: CaseFileEntry) {
        switch entry.type {
        case .tenancyReferralReceived, .concernRaised, .complaintReceived, .reviewOpened, .feedbackReceived, .subjectRegistered:
            guard openedAt == nil else { return }
            openedAt = entry.occurredAt
            subject = entry.subject
            if entry.type == .complaintReceived { stage = stage ?? 1 }
        case .assigned:
            if let worker = entry.worker, Self.isLatest(entry.occurredAt, since: assignedAt) {
                assignedTo = worker
                assignedAt = entry.occurredAt
            }
        case .needsAssessed, .triaged:
            if let level = entry.riskLevel, Self.isLatest(entry.occurredAt, since: riskAssessedAt) {
                riskLevel = level
                riskAssessedAt = entry.occurredAt
            }
        case .escalated:
            stage = 2
            // A complaint closed after its stage 1 response is open again at stage 2.
            if state == .closed && !isWithdrawn {
                state = .open
                closedAt = nil
            }
        case .complaintWithdrawn:
            close(at: entry.occurredAt, outcome: "withdrawn")
            isWithdrawn = true
        case .complaintClosed, .reviewClosed, .feedbackClosed:
            close(at: entry.occurredAt, outcome: nil)
        case .tenancyClosed, .safeguardingClosed:
            close(at: entry.occurredAt, outcome: entry.outcome)
        case .reopened:
            state = .open
            closedAt = nil
            outcome = nil
            isWithdrawn = false
        case .entryVoided:
            // The marker a voided case keeps instead of its entries (`CaseFile`).
            self = CaseSummary(reference: reference, caseType: caseType)
            state = .voided
        default:
            break
        }
    }

    private mutating func close(at instant: Timestamp, outcome: String?) {
        state = .closed
        closedAt = instant
        self.outcome = outcome
    }

    /// The rule for a value that a later event replaces (a case's worker, its risk level): true
    /// when an event at `instant`, recorded after the one at `previous` (nil: none yet), is
    /// the latest, that is not earlier (a tie goes to the later recorded). `CaseLifecycle`
    /// keeps its worker by this rule too.
    static func isLatest(_ instant: Timestamp, since previous: Timestamp?) -> Bool {
        previous.map { instant >= $0 } ?? true
    }
}
