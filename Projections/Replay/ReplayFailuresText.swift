import Casework
import EventLog

/// "What went wrong" as sections of lines, which the text, Markdown and HTML forms lay out
/// each in their own way, and the deadline lines the text forms put among the entries.
enum ReplayFailuresText {
    /// One line of a section, and whether it tells of a failure (drawn as one in HTML).
    struct Line {
        let text: String
        let isFailure: Bool
    }

    /// One section: its title and lines (a line saying "none" when empty).
    struct Section {
        let title: String
        let lines: [Line]
    }

    /// The title of the first section.
    static func title(_ failures: ReplayFailures) -> String {
        "What went wrong (deadlines judged on \(failures.judgedOn))"
    }

    /// The sections, in order: notices, deadlines breached, late entries, findings by factor,
    /// recommendations, repeat failures, and the settings deadlines used.
    static func sections(_ failures: ReplayFailures) -> [Section] {
        var sections: [Section] = []
        if !failures.reviewsNotYetOpened.isEmpty {
            sections.append(Section(title: "Known at a time before the review",
                                    lines: failures.reviewsNotYetOpened.map { Line(text: $0.notice, isFailure: false) }))
        }
        let breaches = failures.breaches
        sections.append(Section(
            title: "Deadlines breached (\(breaches.count) of \(failures.deadlines.count))",
            lines: breaches.map { Line(text: "\($0.stream)  \($0.summary)", isFailure: true) }))
        sections.append(Section(title: "Late entries (\(failures.lateEntries.count))", lines: failures.lateEntries.map { entry in
            let days = entry.lateDays ?? 0
            return Line(text: "\(entry.stream) \(entry.type): happened \(EuropeLondon.minuteText(of: entry.occurredAt)), recorded "
                + "\(EuropeLondon.minuteText(of: entry.enteredAt)) (\(ReplayDeadline.days(days)) later)"
                + (entry.source.map { " in \($0.system)" } ?? ""), isFailure: true)
        }))
        sections.append(Section(title: "Findings by contributing factor", lines: failures.findingsByFactor.map { group in
            Line(text: "\(group.factor): " + group.findings.map { finding in
                "\(finding.review) \(finding.id)" + (finding.details.isEmpty ? "" : " (\(ReplayText.fieldsText(finding.details)))")
            }.joined(separator: "; "), isFailure: false)
        }))
        sections.append(Section(title: "Recommendations", lines: failures.recommendations.map { recommendation in
            var text = "\(recommendation.review) \(recommendation.id) (" + (recommendation.owner.map { "\($0), " } ?? "")
                + "for \(recommendation.findingIDs.joined(separator: ", ")))"
            if let due = recommendation.due { text += ": due \(due)" }
            text += ", \(recommendation.statusText)"
            if let done = recommendation.implementedOn { text += " \(done)" }
            if !recommendation.details.isEmpty { text += " · " + ReplayText.fieldsText(recommendation.details) }
            return Line(text: text, isFailure: recommendation.status?.isBreach ?? false)
        }))
        sections.append(Section(title: "Repeat failures across reviews", lines: failures.repeatFailures.map { failure in
            var text = "\(failure.factor): in \(failure.reviews.joined(separator: ", "))"
            if failure.isAfterImplemented {
                text += "; found again after \(failure.implementedRecommendations.joined(separator: ", ")) was implemented"
            }
            return Line(text: text, isFailure: true)
        }))
        if !failures.settings.isEmpty {
            sections.append(Section(title: "Deadlines worked out with",
                                    lines: failures.settings.map { Line(text: $0.description, isFailure: false) }))
        }
        return sections
    }

    /// The line a deadline shows among the entries, at the end of its due day: "2025-01-07 end of
    /// day  !! deadline SG-2025-000001 triage late 2 days (done 2025-01-09)".
    static func timelineLine(_ deadline: ReplayDeadline, judgedOn: CalendarDate) -> String {
        "\(deadline.due) end of day  " + (deadline.status.isBreach ? "!! " : "-- ") + timelineText(deadline, judgedOn: judgedOn)
    }

    /// What `timelineLine` says of the deadline after its time and mark.
    static func timelineText(_ deadline: ReplayDeadline, judgedOn: CalendarDate) -> String {
        var text = "deadline \(deadline.stream) \(deadline.markerLabel)"
        switch deadline.status {
        case .met: text += ": met"
        case .open: text += ": open"
        case .late: text += " (done \(deadline.done.map { "\($0)" } ?? ""))"
        case .overdue: text += " (not done by \(judgedOn))"
        }
        return text
    }
}

/// One moment of the replay's timeline: an entry, or a deadline at the end of its due day.
public enum ReplayMoment: Sendable, Equatable {
    /// An entry, at its `occurredAt`.
    case entry(ReplayEntry)
    /// A deadline, at the end of its due day.
    case deadline(ReplayDeadline)
}

extension Replay {
    /// The entries and deadlines in one order: by when, a deadline before an entry at the same
    /// instant (an entry at midnight after the due day is already late).
    public var moments: [ReplayMoment] {
        var moments = entries.map { (at: $0.occurredAt, rank: 1, moment: ReplayMoment.entry($0)) }
        moments += failures.deadlines.map { (at: $0.dueInstant, rank: 0, moment: ReplayMoment.deadline($0)) }
        return moments.enumerated().sorted {
            ($0.element.at, $0.element.rank, $0.offset) < ($1.element.at, $1.element.rank, $1.offset)
        }.map(\.element.moment)
    }
}
