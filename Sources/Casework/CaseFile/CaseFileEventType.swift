#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event types whose data a `CaseFile` reads (DOMAIN.md §1–5, §10). Every other type only
/// counts as activity on the case (`lastActivity`, `version`).
enum CaseFileEventType: String, Sendable, CaseIterable {
    // Opening events.
    case tenancyReferralReceived = "tenancy.referral-received"
    case concernRaised = "safeguarding.concern-raised"
    case complaintReceived = "complaint.received"
    case reviewOpened = "review.opened"
    case subjectRegistered = "subject.registered"

    // Every case type.
    case assigned = "case.assigned"
    case entryCorrected = "case.entry-corrected"
    case reopened = "case.reopened"

    // Risk.
    case needsAssessed = "tenancy.needs-assessed"
    case triaged = "safeguarding.triaged"

    // Complaint steps.
    case acknowledged = "complaint.acknowledged"
    case extensionAgreed = "complaint.extension-agreed"
    case responded = "complaint.responded"
    case escalated = "complaint.escalated"

    // Closing events.
    case tenancyClosed = "tenancy.case-closed"
    case safeguardingClosed = "safeguarding.closed"
    case reviewClosed = "review.closed"
    case complaintClosed = "complaint.closed"
    case complaintWithdrawn = "complaint.withdrawn"

    // Items with a due date, and what completes them.
    case visitScheduled = "tenancy.visit-scheduled"
    case visitCompleted = "tenancy.visit-completed"
    case visitMissed = "tenancy.visit-missed"
    case actionAssigned = "safeguarding.action-assigned"
    case actionCompleted = "safeguarding.action-completed"
    case recommendationMade = "review.recommendation-made"
    case recommendationImplemented = "review.recommendation-implemented"
    case learningIdentified = "complaint.learning-identified"
    case learningActioned = "complaint.learning-actioned"

    // Feedback (DOMAIN.md §10), added after the rest: `index` is how a case file is stored.
    case feedbackReceived = "feedback.received"
    case feedbackClosed = "feedback.closed"

    // Added later still: the encoding keeps each type's place (`index`), so new types go last.
    /// `case.entry-voided`: never kept as an entry but as the marker of a voided case.
    case entryVoided = "case.entry-voided"

    /// Every case, kept once: the synthesized `allCases` builds a new array at each use.
    private static let every = allCases

    /// The type named by the UTF-8 bytes `name`; nil for a type the case file does not read.
    /// Compares against each name (lengths first), allocating nothing, so that a record's
    /// `typeBytes` need not become a `String`.
    init?(utf8 name: UnsafeRawBufferPointer) {
        guard let base = name.baseAddress, name.count < Self.byLength.count else { return nil }
        for (bytes, type) in Self.byLength[name.count] {
            if bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, name.count) }) == 0 {
                self = type
                return
            }
        }
        return nil
    }

    /// Each type's name as bytes, beside the type, by the name's length: a record's type is
    /// compared (`memcmp`) only with the few names as long as it.
    private static let byLength: [[([UInt8], CaseFileEventType)]] = {
        var table = Array(repeating: [([UInt8], CaseFileEventType)](), count: 1 + every.map(\.rawValue.utf8.count).max()!)
        for type in every { table[type.rawValue.utf8.count].append((Array(type.rawValue.utf8), type)) }
        return table
    }()

    /// The type's place in `allCases`, which is how `CaseFile.encoded()` writes it: add new
    /// cases at the end only.
    var index: Int { Self.every.firstIndex(of: self)! }

    /// The type at `index` in `allCases`; nil out of range.
    init?(index: Int) {
        guard Self.every.indices.contains(index) else { return nil }
        self = Self.every[index]
    }

    /// True for the event that opens a case or registers a subject.
    var opensACase: Bool {
        switch self {
        case .tenancyReferralReceived, .concernRaised, .complaintReceived, .reviewOpened, .subjectRegistered, .feedbackReceived: true
        default: false
        }
    }

    /// The field of the opening event that names the case's subject: `household`, `subject`,
    /// `complainant` or feedback's `from` (optional: anonymous feedback has none); nil for other types, a review (it is about incidents, not one subject) and
    /// a subject stream (it is the subject).
    var subjectField: String? {
        switch self {
        case .tenancyReferralReceived: "household"
        case .concernRaised: "subject"
        case .complaintReceived: "complainant"
        case .feedbackReceived: "from"
        default: nil
        }
    }

    /// For a type that sets or completes an item with a due date, the field with the item's id
    /// and the step it is; nil for other types.
    var item: (idField: String, step: (String) -> DeadlineStep)? {
        switch self {
        case .visitScheduled, .visitCompleted, .visitMissed: ("visitId", DeadlineStep.visit)
        case .actionAssigned, .actionCompleted: ("actionId", DeadlineStep.action)
        case .recommendationMade, .recommendationImplemented: ("recommendationId", DeadlineStep.recommendation)
        case .learningIdentified, .learningActioned: ("learningId", DeadlineStep.learning)
        default: nil
        }
    }

    /// True for a type whose `owner` names who must do the item.
    var hasOwner: Bool {
        switch self {
        case .actionAssigned, .recommendationMade, .learningIdentified: true
        default: false
        }
    }

    /// True for a type that sets an item's due date (`dueDate`).
    var setsDueDate: Bool {
        switch self {
        case .visitScheduled, .actionAssigned, .recommendationMade, .learningIdentified: true
        default: false
        }
    }
}
