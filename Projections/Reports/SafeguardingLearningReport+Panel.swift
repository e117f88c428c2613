import Casework
import EventLog

extension SafeguardingLearningReport {
    /// The panel review figures: findings by contributing factor, repeat failures and
    /// recommendations.
    struct PanelTallies {
        /// A recommendation marked implemented, and the factors of the findings it addresses.
        struct Implemented {
            let label: String
            let at: Timestamp
            let factors: Set<String>
            let event: TracedEvent
        }

        var opened = Tally(), findings = Tally(), findingsByFactor = KeyedTally()
        /// Per factor: the reviews with a finding naming it in the period, and those findings.
        var factorReviews: [String: (reviews: Set<String>, openedAt: [String: Timestamp], events: [TracedEvent])] = [:]
        var implementedRecommendations: [Implemented] = []
        var made = Tally(), implemented = Tally(), open = Tally(), overdue = Tally()

        init(reviews: [Case], context: ReportContext) {
            let period = context.period
            for review in reviews {
                let openedAt = review.earliest(.reviewOpened)?.stamp.occurredAt
                let findingFactors = Dictionary(review.entries.filter { $0.kind == .findingRecorded }
                    .map { ($0.itemID ?? "", $0.factors) }, uniquingKeysWith: { $0 + $1 })
                let deadlines = review.file.deadlines(calendar: context.calendar)
                for entry in review.entries {
                    let event = review.traced(entry)
                    let inPeriod = period.contains(entry.stamp.occurredAt)
                    switch entry.kind {
                    case .reviewOpened where inPeriod:
                        opened.add(event)
                    case .findingRecorded where inPeriod:
                        findings.add(event)
                        for factor in Set(entry.factors) {
                            findingsByFactor.add(event, to: factor)
                            var found = factorReviews[factor] ?? ([], [:], [])
                            found.reviews.insert(review.reference)
                            found.openedAt[review.reference] = openedAt
                            found.events.append(event)
                            factorReviews[factor] = found
                        }
                    case .recommendationMade:
                        if inPeriod { made.add(event) }
                        guard let id = entry.itemID,
                              let status = deadlines.first(where: { $0.step == .recommendation(id) })?.status(asOf: period.to)
                        else { break }
                        if !status.isDone { open.add(event) }
                        if status == .overdue { overdue.add(event) }
                    case .recommendationImplemented:
                        if inPeriod { implemented.add(event) }
                        let made = review.entries.last { $0.kind == .recommendationMade && $0.itemID == entry.itemID }
                        let factors = Set((made?.findingIDs ?? []).flatMap { findingFactors[$0] ?? [] })
                        implementedRecommendations.append(Implemented(
                            label: review.reference + ":" + (entry.itemID ?? "?"), at: entry.stamp.occurredAt,
                            factors: factors, event: event))
                    default:
                        break
                    }
                }
            }
        }

        func figures() -> [ReportFigure] {
            var figures = [opened.figure("reviews.opened"), findings.figure("findings.recorded")]
            figures += findingsByFactor.figures("findingsByFactor",
                                                vocabulary: Vocabulary.values(of: "contributingFactors", in: Kind.findingRecorded))
            figures += [
                made.figure("recommendations.made"),
                implemented.figure("recommendations.implemented"),
                open.figure("recommendations.open", note: "made by the end of the period and not implemented by then"),
                overdue.figure("recommendations.overdue"),
            ]
            return figures
        }

        /// A factor found in two or more reviews in the period, or found again in a review
        /// opened after a recommendation addressing it was implemented. Those found after an
        /// implemented recommendation come first, then by the number of reviews.
        func repeatFailures() -> ReportList {
            var rows: [(row: ReportList.Row, afterImplemented: Bool, reviews: Int)] = []
            for (factor, found) in factorReviews {
                let earlier = implementedRecommendations.filter { implemented in
                    implemented.factors.contains(factor)
                        && found.openedAt.values.contains { opened in implemented.at < opened }
                }
                let afterImplemented = !earlier.isEmpty
                guard found.reviews.count >= 2 || afterImplemented else { continue }
                let row = ReportList.Row(
                    key: factor,
                    cells: [.text(factor), .texts(found.reviews.sorted()), .bool(afterImplemented),
                            .texts(earlier.map(\.label).sorted())],
                    events: found.events + earlier.map(\.event))
                rows.append((row, afterImplemented, found.reviews.count))
            }
            rows.sort { ($0.afterImplemented ? 0 : 1, -$0.reviews, $0.row.key) < ($1.afterImplemented ? 0 : 1, -$1.reviews, $1.row.key) }
            return ReportList(name: "repeatFailures", columns: ["factor", "reviews", "afterImplemented", "implementedRecommendations"],
                              rows: rows.map(\.row))
        }
    }
}
