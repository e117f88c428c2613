import Casework
import EventLog

/// Repeat failures across panel reviews (DOMAIN.md §7): a contributing factor found in two or
/// more reviews, and above all one found again in a review opened after a recommendation
/// addressing it (through the findings it names) was marked implemented.
///
/// One rule for the safeguarding learning report (the findings of its period) and the panel's
/// replay (every finding known): add each review with `add(_:counting:)`, then ask `failures()`.
/// Costs O(findings + recommendations) to add, and O(factors × implemented recommendations) to
/// answer.
struct RepeatFailures {
    /// One factor that repeats.
    struct Failure {
        /// The contributing factor.
        let factor: String
        /// The reviews with a counted finding naming it, sorted.
        let reviews: [String]
        /// True when a review naming it was opened after a recommendation addressing it was
        /// implemented.
        let isAfterImplemented: Bool
        /// Those recommendations, as `REVIEW:ID`, sorted.
        let implementedRecommendations: [String]
        /// The findings and implementations it rests on, for `--explain`.
        let events: [TracedEvent]
    }

    private struct Implemented {
        let label: String
        let at: Timestamp
        let factors: Set<String>
        let event: TracedEvent
    }

    /// Per factor: the reviews with a counted finding naming it, when each was opened, and those findings.
    private var found: [String: (reviews: Set<String>, openedAt: [String: Timestamp], events: [TracedEvent])] = [:]
    private var implemented: [Implemented] = []

    /// Takes in the findings of `review` that `counts` (every implemented recommendation counts,
    /// whenever it was implemented).
    mutating func add(_ review: SafeguardingLearningReport.Case, counting counts: (SafeguardingLearningReport.Entry) -> Bool) {
        let openedAt = review.earliest(.reviewOpened)?.stamp.occurredAt
        let findingFactors = Dictionary(review.entries.filter { $0.kind == .findingRecorded }
            .map { ($0.itemID ?? "", $0.factors) }, uniquingKeysWith: { $0 + $1 })
        for entry in review.entries {
            switch entry.kind {
            case .findingRecorded where counts(entry):
                for factor in Set(entry.factors) {
                    var tally = found[factor] ?? ([], [:], [])
                    tally.reviews.insert(review.reference)
                    tally.openedAt[review.reference] = openedAt
                    tally.events.append(review.traced(entry))
                    found[factor] = tally
                }
            case .recommendationImplemented:
                let made = review.entries.last { $0.kind == .recommendationMade && $0.itemID == entry.itemID }
                let factors = Set((made?.findingIDs ?? []).flatMap { findingFactors[$0] ?? [] })
                implemented.append(Implemented(label: review.reference + ":" + (entry.itemID ?? "?"), at: entry.stamp.occurredAt,
                                               factors: factors, event: review.traced(entry)))
            default:
                break
            }
        }
    }

    /// The factors that repeat: those found again after an implemented recommendation first,
    /// then by the number of reviews (most first), then by name.
    func failures() -> [Failure] {
        var failures: [Failure] = []
        for (factor, found) in found {
            let earlier = implemented.filter { implemented in
                implemented.factors.contains(factor) && found.openedAt.values.contains { opened in implemented.at < opened }
            }
            guard found.reviews.count >= 2 || !earlier.isEmpty else { continue }
            failures.append(Failure(factor: factor, reviews: found.reviews.sorted(), isAfterImplemented: !earlier.isEmpty,
                                    implementedRecommendations: earlier.map(\.label).sorted(),
                                    events: found.events + earlier.map(\.event)))
        }
        return failures.sorted {
            ($0.isAfterImplemented ? 0 : 1, -$0.reviews.count, $0.factor) < ($1.isAfterImplemented ? 0 : 1, -$1.reviews.count, $1.factor)
        }
    }
}
