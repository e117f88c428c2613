import Casework
import EventLog

/// A finding of a review the replay reads (`review.finding-recorded`, as corrected).
public struct ReplayFinding: Sendable, Equatable {
    /// The review that recorded it.
    public let review: String
    /// Its `findingId`.
    public let id: String
    /// Its contributing factors.
    public let factors: [String]
    /// Its other fields as the replay shows them: the non-personal ones always, the † ones
    /// (its `summary`, by the catalogue) with `--include-personal`.
    public let details: [ReplayField]
}

/// The findings that name one contributing factor.
public struct ReplayFactorFindings: Sendable, Equatable {
    /// The contributing factor.
    public let factor: String
    /// The findings naming it, in the order they were recorded.
    public let findings: [ReplayFinding]
}

/// A recommendation of a review the replay reads, with where it stands.
public struct ReplayRecommendation: Sendable, Equatable {
    /// The review that made it.
    public let review: String
    /// Its `recommendationId`.
    public let id: String
    /// The findings it addresses.
    public let findingIDs: [String]
    /// Who owns it.
    public let owner: String?
    /// When it is due; nil when the case file has no due date for it.
    public let due: CalendarDate?
    /// The London date it was implemented; nil while not.
    public let implementedOn: CalendarDate?
    /// Where it stands on the date the replay judges deadlines on; nil without a due date.
    public let status: DeadlineStatus?
    /// Its other fields as the replay shows them (its `action` is † by the catalogue).
    public let details: [ReplayField]

    /// "implemented", "implemented late", "open" or "overdue".
    public var statusText: String {
        switch status {
        case .met?: "implemented"
        case .late?: "implemented late"
        case .open?: "open"
        case .overdue?: "overdue"
        case nil: implementedOn == nil ? "open" : "implemented"
        }
    }
}

/// A contributing factor the replay's reviews found that repeats across the store's reviews
/// (`RepeatFailures`, as the safeguarding learning report works it out).
public struct ReplayRepeatFailure: Sendable, Equatable {
    /// The contributing factor.
    public let factor: String
    /// Every review known with a finding naming it, sorted.
    public let reviews: [String]
    /// True when a review naming it was opened after a recommendation addressing it was implemented.
    public let isAfterImplemented: Bool
    /// Those recommendations, as `REVIEW:ID`.
    public let implementedRecommendations: [String]
}

/// A review the replay reads whose opening had not been recorded by `--known-at`.
public struct ReplayUnopenedReview: Sendable, Equatable {
    /// The review.
    public let review: String
    /// When it was opened (`occurredAt` of `review.opened`), and when that was recorded.
    public let openedAt: Timestamp, recordedAt: Timestamp

    /// "No review existed then: PR-2025-0001 was opened 2025-02-03 10:00 (recorded 2025-02-03
    /// 10:00); what follows is what had been recorded about its incidents by then."
    public var notice: String {
        "No review existed then: \(review) was opened \(EuropeLondon.minuteText(of: openedAt)) "
            + "(recorded \(EuropeLondon.minuteText(of: recordedAt))); what follows is what had been recorded "
            + "about its incidents by then."
    }
}
