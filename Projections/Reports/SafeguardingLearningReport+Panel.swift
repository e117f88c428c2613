import Casework
import EventLog

extension SafeguardingLearningReport {
    /// The panel review figures: findings by contributing factor, repeat failures and
    /// recommendations.
    struct PanelTallies {
        var opened = Tally(), findings = Tally(), findingsByFactor = KeyedTally()
        /// The findings of the period and every implemented recommendation, for `repeatFailures()`.
        var repeats = RepeatFailures()
        var made = Tally(), implemented = Tally(), open = Tally(), overdue = Tally()

        init(reviews: [Case], context: ReportContext) {
            let period = context.period
            for review in reviews {
                repeats.add(review) { period.contains($0.stamp.occurredAt) }
                let deadlines = review.file.deadlines(calendar: context.calendar)
                for entry in review.entries {
                    let event = review.traced(entry)
                    let inPeriod = period.contains(entry.stamp.occurredAt)
                    switch entry.kind {
                    case .reviewOpened where inPeriod:
                        opened.add(event)
                    case .findingRecorded where inPeriod:
                        findings.add(event)
                        for factor in Set(entry.factors) { findingsByFactor.add(event, to: factor) }
                    case .recommendationMade:
                        if inPeriod { made.add(event) }
                        guard let id = entry.itemID,
                              let status = deadlines.first(where: { $0.step == .recommendation(id) })?.status(asOf: period.to)
                        else { break }
                        if !status.isDone { open.add(event) }
                        if status == .overdue { overdue.add(event) }
                    case .recommendationImplemented where inPeriod:
                        implemented.add(event)
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
        /// opened after a recommendation addressing it was implemented (`RepeatFailures`).
        func repeatFailures() -> ReportList {
            let rows = repeats.failures().map { failure in
                ReportList.Row(key: failure.factor,
                               cells: [.text(failure.factor), .texts(failure.reviews), .bool(failure.isAfterImplemented),
                                       .texts(failure.implementedRecommendations)],
                               events: failure.events)
            }
            return ReportList(name: "repeatFailures", columns: ["factor", "reviews", "afterImplemented", "implementedRecommendations"],
                              rows: rows)
        }
    }
}
