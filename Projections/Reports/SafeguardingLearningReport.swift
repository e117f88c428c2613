import Casework
import EventLog
import Codec

/// The safeguarding learning report (DOMAIN.md §7): concerns, triage times, referrals,
/// outcomes and Making Safeguarding Personal, and what panel reviews found, for a period.
///
/// Concerns are counted by when they were raised (a concern raised in the period, followed to
/// the end of the period); referrals, closes, findings and recommendations by when they
/// happened. Each concern and review is followed by `ReportCases`: its case file (triage and
/// recommendation deadlines with the store's calendar and triage target) and the few events the
/// report counts; events after the period are skipped and corrections applied whenever they
/// were made.
///
/// Repeat failures: a contributing factor named by findings recorded in the period in two or
/// more reviews, or in a review opened after a recommendation addressing a finding with that
/// factor (in any review, in any earlier period) was marked implemented (`afterImplemented`).
/// docs/REPORTS.md defines every figure.
public struct SafeguardingLearningReport: LearningReport {
    public static let name = "safeguarding-learning"
    public static let title = "Safeguarding learning"
    public static let settingsUsed: [StoreSetting] = [.triageImmediateRiskHours, .triageImmediateRiskDays, .triageOtherDays]
    /// One concern or review: its case file and the events the report counts.
    typealias Case = ReportCase<Entry>

    /// The events the report reads: those it counts, and reopening for the case file.
    enum Kind: String, ReportEventKind {
        case raised = "safeguarding.concern-raised", triaged = "safeguarding.triaged"
        case referred = "safeguarding.referred", closed = "safeguarding.closed"
        case reviewOpened = "review.opened", findingRecorded = "review.finding-recorded"
        case recommendationMade = "review.recommendation-made", recommendationImplemented = "review.recommendation-implemented"
        case reopened = "case.reopened", corrected = "case.entry-corrected", voided = "case.entry-voided"
    }

    /// What the report keeps of one concern or review event.
    struct Entry: ReportEntry {
        let kind: Kind
        let stamp: EventStamp
        var categories: [String] = []
        var location: String?
        var immediateRisk = false
        var riskLevel: String?
        var decision: String?
        var agency: String?
        var outcome: String?
        var msp: String?
        var factors: [String] = []
        var itemID: String?
        var findingIDs: [String] = []

        init(kind: Kind, stamp: EventStamp) {
            self.kind = kind
            self.stamp = stamp
        }

        /// Takes the counted fields of this kind from `fields` (the data, or a correction's changes).
        mutating func read(_ fields: CBORView) {
            switch kind {
            case .raised:
                if let value = fields["categories"], value.kind == .array { categories = value.texts }
                if let value = fields["location"]?.string { location = value }
                if let value = fields["immediateRisk"]?.bool { immediateRisk = value }
            case .triaged:
                if let value = fields["riskLevel"]?.string { riskLevel = value }
                if let value = fields["decision"]?.string { decision = value }
            case .referred:
                if let value = fields["agency"]?.string { agency = value }
            case .closed:
                if let value = fields["outcome"]?.string { outcome = value }
                if let value = fields["msp"]?.string { msp = value }
            case .findingRecorded:
                if let value = fields["findingId"]?.string { itemID = value }
                if let value = fields["contributingFactors"], value.kind == .array { factors = value.texts }
            case .recommendationMade:
                if let value = fields["recommendationId"]?.string { itemID = value }
                if let value = fields["findingIds"], value.kind == .array { findingIDs = value.texts }
            case .recommendationImplemented:
                if let value = fields["recommendationId"]?.string { itemID = value }
            default:
                break
            }
        }
    }

    private let context: ReportContext
    private var concerns: ReportCases<Entry>
    private var reviews: ReportCases<Entry>

    public init(context: ReportContext) {
        self.context = context
        concerns = ReportCases(.safeguarding, period: context.period)
        reviews = ReportCases(.review, period: context.period)
    }

    public mutating func apply(_ record: RecordView) {
        concerns.apply(record)
        reviews.apply(record)
    }

    public func result() -> ReportResult {
        var concernFigures = ConcernTallies()
        for concern in concerns.result() { concernFigures.count(concern, context: context) }
        let panel = PanelTallies(reviews: reviews.result(), context: context)
        return ReportResult(name: Self.name, title: Self.title, period: context.period,
                            figures: concernFigures.figures() + panel.figures(), lists: [panel.repeatFailures()])
    }
}
