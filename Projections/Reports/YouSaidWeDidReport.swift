import Casework
import EventLog

/// "You said, we did" (DOMAIN.md §7, §10), a report that can be published: what complaints
/// taught and what changed, by theme and month, whether each change was made, and the
/// suggestions adopted.
///
/// It is written for tenants and the public, so it holds nothing a tenant could be traced by:
/// no † field (`youSaid`, `evidence`, feedback's `text`), no case or subject reference, no
/// member of staff, and no date finer than a month. A learning item's theme is its complaint's
/// categories, and what changed is `weDid` (a field written to be published) with its
/// `serviceArea`; a suggestion's theme is what it is `about`. `--explain` still traces every
/// figure to its events for whoever runs it (a reader of the store, not of the page).
///
/// The figures (docs/REPORTS.md defines each): `learning.identified`, `learning.actioned`
/// (events in the period), `suggestions.adopted` (answered as adopted in the period),
/// `learningByTheme.CATEGORY` (the items listed, under each of their categories),
/// `suggestionsAdoptedByTheme.CATEGORY`. The lists: `youSaidWeDid` (theme, month, serviceArea,
/// weDid, actioned, actionedIn), one row per learning item identified or actioned in the
/// period, and `suggestionsAdopted` (theme, month, suggestions), adopted suggestions counted by
/// theme and month. Rows are keyed by their number, never by a case.
public struct YouSaidWeDidReport: LearningReport {
    public static let name = "you-said-we-did"
    public static let title = "You said, we did"
    public static let settingsUsed: [StoreSetting] = []

    private let context: ReportContext
    private var complaints: ReportCases<ComplaintsPerformanceReport.Entry>
    private var feedback: ReportCases<ReportFeedback.Entry>

    public init(context: ReportContext) {
        self.context = context
        complaints = ReportCases(.complaint, period: context.period)
        feedback = ReportCases(.feedback, period: context.period)
    }

    public mutating func apply(_ record: RecordView) {
        complaints.apply(record)
        feedback.apply(record)
    }

    /// One learning item as the page shows it, before it is numbered.
    private struct Item {
        let theme: [String], month: String, serviceArea: String?, weDid: String?, actionedIn: String?
        let events: [TracedEvent]

        var sortKey: [String] { [theme.joined(separator: " "), month, weDid ?? ""] }
    }

    public func result() -> ReportResult {
        let period = context.period
        var identified = Tally(), actioned = Tally(), byTheme = KeyedTally()
        var items: [Item] = []
        for complaint in complaints.result() {
            let theme = complaint.categories
            for entry in complaint.entries where entry.kind == .learningActioned && period.contains(entry.stamp.occurredAt) {
                actioned.add(complaint.traced(entry))
            }
            for entry in complaint.entries where entry.kind == .learningIdentified {
                let done = complaint.entries.first { $0.kind == .learningActioned && $0.learningID == entry.learningID }
                let isIdentifiedInPeriod = period.contains(entry.stamp.occurredAt)
                if isIdentifiedInPeriod { identified.add(complaint.traced(entry)) }
                guard isIdentifiedInPeriod || done.map({ period.contains($0.stamp.occurredAt) }) == true else { continue }
                let events = [complaint.traced(entry)] + (done.map { [complaint.traced($0)] } ?? [])
                for category in theme { byTheme.add(complaint.traced(entry), to: category) }
                items.append(Item(theme: theme, month: ReportPeriod.month(of: entry.stamp.occurredAt), serviceArea: entry.serviceArea,
                                  weDid: entry.weDid, actionedIn: done.map { ReportPeriod.month(of: $0.stamp.occurredAt) }, events: events))
            }
        }
        var adopted = Tally(), adoptedByTheme = KeyedTally()
        var suggestionGroups: [[String]: (theme: [String], month: String, events: [TracedEvent])] = [:]
        for item in feedback.result() {
            guard let (adoption, event) = item.adoption(in: period) else { continue }
            adopted.add(event)
            for category in item.about { adoptedByTheme.add(event, to: category) }
            let month = ReportPeriod.month(of: adoption.stamp.occurredAt)
            suggestionGroups[[item.about.joined(separator: " "), month], default: (item.about, month, [])].events.append(event)
        }
        let categories = Vocabulary.values(of: "categories", in: ComplaintsPerformanceReport.Kind.received)
        var figures = [identified.figure("learning.identified"), actioned.figure("learning.actioned"), adopted.figure("suggestions.adopted")]
        figures += byTheme.figures("learningByTheme", vocabulary: categories)
        figures += adoptedByTheme.figures("suggestionsAdoptedByTheme", vocabulary: categories)

        let learningRows = items.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }.enumerated().map { index, item in
            ReportList.Row(key: String(index + 1),
                           cells: [.texts(item.theme), .text(item.month), item.serviceArea.map(ReportList.Cell.text) ?? .null,
                                   item.weDid.map(ReportList.Cell.text) ?? .null, .bool(item.actionedIn != nil),
                                   item.actionedIn.map(ReportList.Cell.text) ?? .null],
                           events: item.events)
        }
        let suggestionRows = suggestionGroups.sorted { $0.key.lexicographicallyPrecedes($1.key) }.enumerated().map { index, group in
            ReportList.Row(key: String(index + 1),
                           cells: [.texts(group.value.theme), .text(group.value.month), .integer(group.value.events.count)],
                           events: group.value.events)
        }
        return ReportResult(name: Self.name, title: Self.title, period: period, figures: figures, lists: [
            ReportList(name: "youSaidWeDid", columns: ["theme", "month", "serviceArea", "weDid", "actioned", "actionedIn"], rows: learningRows),
            ReportList(name: "suggestionsAdopted", columns: ["theme", "month", "suggestions"], rows: suggestionRows),
        ])
    }
}
