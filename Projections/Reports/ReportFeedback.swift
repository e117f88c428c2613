import Casework
import EventLog
import Codec

/// Feedback as dialogue (DOMAIN.md §10) as the reports read it: compliments and suggestions
/// (`FB-` cases), what they are about (the complaint categories), and whether a suggestion was
/// adopted. The complaints report counts them beside complaints; "You said, we did" lists the
/// suggestions adopted. Neither reads a † field (`text`): only the kind, the categories and
/// `adopted`.
enum ReportFeedback {
    /// The feedback events the reports read: those they count, and those that move the case
    /// file (closing and reopening) and correct an event.
    enum Kind: String, ReportEventKind {
        case received = "feedback.received", acknowledged = "feedback.acknowledged"
        case responded = "feedback.responded", closed = "feedback.closed"
        case reopened = "case.reopened", corrected = "case.entry-corrected", voided = "case.entry-voided"
    }

    /// What a report keeps of one feedback event: its stamp and the fields it counts.
    struct Entry: ReportEntry {
        let kind: Kind
        let stamp: EventStamp
        /// `compliment` or `suggestion` (`feedback.received`).
        var feedbackKind: String?
        /// The complaint categories it is about (`feedback.received`).
        var about: [String] = []
        /// Whether the suggestion was adopted (`feedback.responded`).
        var adopted: Bool?

        init(kind: Kind, stamp: EventStamp) {
            self.kind = kind
            self.stamp = stamp
        }

        mutating func read(_ fields: CBORView) {
            switch kind {
            case .received:
                if let value = fields["kind"]?.string { feedbackKind = value }
                if let value = fields["about"], value.kind == .array { about = value.texts }
            case .responded:
                if let value = fields["adopted"]?.bool { adopted = value }
            default:
                break
            }
        }
    }

    /// One compliment or suggestion.
    typealias Feedback = ReportCase<Entry>

    /// The two kinds of feedback, as `feedback.received` names them.
    static let compliment = "compliment", suggestion = "suggestion"
}

extension ReportCase where Entry == ReportFeedback.Entry {
    /// The opening event (as corrected); nil only for a case file without one.
    var received: Entry? { entries.first { $0.kind == .received } }

    /// `compliment` or `suggestion`; nil when not recorded.
    var feedbackKind: String? { received?.feedbackKind }

    /// The categories the feedback is about.
    var about: [String] { received?.about ?? [] }

    /// For a suggestion answered as adopted (as corrected), its response; nil otherwise. The
    /// first response by `occurredAt` is the answer (a second one is refused by the lifecycle).
    var adoption: Entry? {
        guard feedbackKind == ReportFeedback.suggestion, let response = earliest(.responded), response.adopted == true else { return nil }
        return response
    }

    /// The response of a suggestion adopted within `period`, as `--explain` traces it; nil
    /// otherwise. Both reports that count adopted suggestions count these.
    func adoption(in period: ReportPeriod) -> (response: Entry, event: TracedEvent)? {
        guard let adoption, period.contains(adoption.stamp.occurredAt) else { return nil }
        return (adoption, traced(adoption))
    }
}
