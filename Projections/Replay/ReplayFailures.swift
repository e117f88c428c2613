import Casework
import EventLog

/// What went wrong, the panel pack's first section (docs/REPLAY.md): every deadline of the cases
/// read and those breached, the late entries, the findings of the reviews read by contributing
/// factor, their recommendations and where each stands, and the factors that repeat across the
/// store's reviews. Everything is as known at `--known-at` (and happened by `--as-of`), and
/// judged on `judgedOn`.
public struct ReplayFailures: Sendable, Equatable {
    /// The date deadlines are judged on (`ReplayOptions.judgedOn`).
    public let judgedOn: CalendarDate
    /// The settings and calendar the deadlines were worked out with, in force when known at.
    public let settings: [SettingInForce]
    /// Every deadline of the cases read, case by case in the order of their lanes.
    public let deadlines: [ReplayDeadline]
    /// Entries recorded more than 24 hours after they happened.
    public let lateEntries: [ReplayEntry]
    /// The findings of the reviews read, in the order recorded.
    public let findings: [ReplayFinding]
    /// The recommendations of the reviews read, in the order made.
    public let recommendations: [ReplayRecommendation]
    /// The factors of those findings that repeat across the store's reviews.
    public let repeatFailures: [ReplayRepeatFailure]
    /// Reviews read whose opening had not been recorded by `--known-at`.
    public let reviewsNotYetOpened: [ReplayUnopenedReview]

    /// The deadlines late or overdue, by due date (then by lane).
    public var breaches: [ReplayDeadline] {
        deadlines.enumerated().filter { $0.element.status.isBreach }
            .sorted { ($0.element.due, $0.offset) < ($1.element.due, $1.offset) }.map(\.element)
    }

    /// The findings by contributing factor, in the catalogue's order of factors.
    public var findingsByFactor: [ReplayFactorFindings] {
        let vocabulary = Vocabulary.values(of: "contributingFactors", in: SafeguardingLearningReport.Kind.findingRecorded)
        let named = findings.flatMap(\.factors)
        let order = vocabulary.filter(named.contains) + named.filter { !vocabulary.contains($0) }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        return order.map { factor in ReplayFactorFindings(factor: factor, findings: findings.filter { $0.factors.contains(factor) }) }
    }

    /// True when there is nothing to say: no breach, late entry, finding or repeat.
    public var isEmpty: Bool {
        breaches.isEmpty && lateEntries.isEmpty && findings.isEmpty && recommendations.isEmpty && repeatFailures.isEmpty
    }

    /// Collects what `ReplayFailures` needs while the replay reads its streams, then every other
    /// review of the store: each case's file (its deadlines) and the review events of
    /// `SafeguardingLearningReport` (findings, recommendations), corrections applied.
    struct Builder {
        typealias Review = SafeguardingLearningReport.Case
        typealias Kind = SafeguardingLearningReport.Kind
        private var cases: [String: Review] = [:]
        private var unopened: [ReplayUnopenedReview] = []

        /// Folds a record the replay keeps (by `--known-at` and `--as-of`) into its case.
        mutating func fold(_ record: RecordView, stream: String) {
            guard CaseReference(stream)?.caseType != .subject else { return }
            if cases[stream] == nil {
                guard let file = CaseFile(reference: stream) else { return }
                cases[stream] = Review(file: file)
            }
            if let kind = Kind(rawValue: record.type) {
                cases[stream]?.apply(record, kind: kind, isCorrection: kind == .corrected, isVoid: kind == .voided)
            } else {
                cases[stream]?.file.apply(record)
            }
        }

        /// Notes a record of the replay's streams that `--known-at` hid: a review's opening makes
        /// the review one not yet opened.
        mutating func hidden(_ record: RecordView, stream: String) {
            if record.typeBytes.elementsEqual("review.opened".utf8) {
                unopened.append(ReplayUnopenedReview(review: stream, openedAt: record.occurredAt, recordedAt: record.recordedAt))
            }
        }

        /// True when `stream` has been read.
        func holds(_ stream: String) -> Bool { cases[stream] != nil }

        /// What went wrong in `scope`, with `entries` as the replay shows them.
        func failures(scope: RelatedStreams, entries: [ReplayEntry], options: ReplayOptions,
                      settings: OrganisationSettings) -> ReplayFailures {
            let judgedOn = options.judgedOn
            var deadlines: [ReplayDeadline] = []
            var findings: [ReplayFinding] = []
            var recommendations: [ReplayRecommendation] = []
            let shown = Dictionary(entries.map { ($0.eventID, $0.fields) }, uniquingKeysWith: { first, _ in first })
            func details(_ entry: SafeguardingLearningReport.Entry, leaving structural: Set<String>) -> [ReplayField] {
                (shown[entry.stamp.eventID] ?? []).filter { !structural.contains($0.name) }
            }
            for stream in scope.streams.map(\.name) {
                // A case entered in error (its opening voided) has no deadline, finding or recommendation.
                guard let read = cases[stream], read.file.state != .voided else { continue }
                let caseDeadlines = read.file.deadlines(calendar: settings.calendar, triageTarget: settings.triageTarget)
                deadlines += caseDeadlines.map {
                    ReplayDeadline(stream: stream, deadline: $0, judgedOn: judgedOn, owner: read.file.owner(of: $0.step))
                }
                guard read.file.caseType == .review else { continue }
                var made: [String: Int] = [:]
                for entry in read.entries {
                    switch entry.kind {
                    case .findingRecorded:
                        findings.append(ReplayFinding(review: stream, id: entry.itemID ?? "?", factors: entry.factors,
                                                      details: details(entry, leaving: ["findingId", "contributingFactors"])))
                    case .recommendationMade:
                        let id = entry.itemID ?? "?"
                        let deadline = caseDeadlines.first { $0.step == .recommendation(id) }
                        let recommendation = ReplayRecommendation(
                            review: stream, id: id, findingIDs: entry.findingIDs, owner: read.file.owner(of: .recommendation(id)),
                            due: deadline?.due, implementedOn: deadline?.done, status: deadline?.status(asOf: judgedOn),
                            details: details(entry, leaving: ["recommendationId", "findingIds", "owner", "dueDate"]))
                        // Made again with the same id: the later one stands, in the first one's place.
                        if let index = made[id] { recommendations[index] = recommendation } else {
                            made[id] = recommendations.count
                            recommendations.append(recommendation)
                        }
                    default:
                        break
                    }
                }
            }
            var repeats = RepeatFailures()
            for (_, review) in cases where review.file.caseType == .review && review.file.state != .voided { repeats.add(review) { _ in true } }
            let factorsHere = Set(findings.flatMap(\.factors))
            let repeatFailures = repeats.failures().filter { factorsHere.contains($0.factor) }.map {
                ReplayRepeatFailure(factor: $0.factor, reviews: $0.reviews, isAfterImplemented: $0.isAfterImplemented,
                                    implementedRecommendations: $0.implementedRecommendations)
            }
            return ReplayFailures(
                judgedOn: judgedOn, settings: settings.inForce(CaseFile.settingsDeadlinesUse), deadlines: deadlines,
                lateEntries: entries.filter { $0.isLate && $0.voided == nil }, findings: findings, recommendations: recommendations,
                repeatFailures: repeatFailures, reviewsNotYetOpened: unopened)
        }
    }
}
