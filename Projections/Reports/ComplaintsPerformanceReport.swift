import Casework
import EventLog
import Codec

/// The complaints performance and service improvement report (DOMAIN.md §7): the Complaint
/// Handling Code's annual self-assessment figures and TSM CH01/CH02 for a period.
///
/// Each complaint is followed by `ReportCases`: its case file (for its Code deadlines, with the
/// store's calendar and every extension) and a few kept events (for what the case file does not
/// keep: decisions, categories, remedies, learning). Events after the period are skipped, so
/// every "as it stood" figure is as at the end of the period; corrections are applied whenever
/// they were made, since they put right what the original event said.
///
/// The figures (docs/REPORTS.md defines each):
///
/// - `stage1.received`, `stage2.received` (escalations), and per stage `acknowledged`,
///   `acknowledgedWithinCode(Percent)`, `responded`, `respondedWithinCode(Percent)` (TSM CH02):
///   a step counts in the period when the event that did it happened in the period;
///   `overdueAtEnd`: response steps not done and past due on the period's last day;
///   `per1000Homes`;
/// - `complaintsPer1000Homes` (TSM CH01, stage 1), `homes`;
/// - `decisions.*` and `upheldByCategory.CATEGORY.*`: responses made in the period, by
///   decision, under each category of their complaint (upheld counts upheld and partly upheld);
/// - `escalation.ratePercent` (escalations per 100 stage 1 responses), `ombudsman.referred`,
///   `ombudsman.ratePercent` (per 100 stage 2 responses), `withdrawn`;
/// - `remedies.offered`, `remedies.byKind.KIND`, `remedies.compensationPence`;
/// - `learning.identified`, `learning.actioned`, `learning.overdue` and the `youSaidWeDid`
///   list (with the suggestions adopted in the period); `receivedByCategory.CATEGORY`,
///   `themes.CATEGORY.YYYY-MM`;
/// - feedback beside complaints (DOMAIN.md §10, `ReportFeedback`): `compliments.received`,
///   `compliments.byCategory.CATEGORY`, `suggestions.received`, `suggestions.byCategory.CATEGORY`
///   (received in the period), `suggestions.adopted`, `suggestions.adoptedByCategory.CATEGORY`
///   (answered as adopted in the period).
public struct ComplaintsPerformanceReport: LearningReport {
    public static let name = "complaints-performance"
    public static let title = "Complaints performance and service improvement"
    public static let settingsUsed: [StoreSetting] = [.homes]
    /// One complaint: its case file and the events the report counts.
    typealias Complaint = ReportCase<Entry>

    /// The events the report reads: those it counts, and those that move the deadlines it
    /// judges (an extension; closing and reopening) for the case file.
    enum Kind: String, ReportEventKind {
        case received = "complaint.received", acknowledged = "complaint.acknowledged"
        case extensionAgreed = "complaint.extension-agreed", responded = "complaint.responded"
        case remedyOffered = "complaint.remedy-offered", escalated = "complaint.escalated"
        case referredToOmbudsman = "complaint.referred-to-ombudsman", withdrawn = "complaint.withdrawn"
        case closed = "complaint.closed", learningIdentified = "complaint.learning-identified"
        case learningActioned = "complaint.learning-actioned", reopened = "case.reopened"
        case corrected = "case.entry-corrected"
        case voided = "case.entry-voided"
    }

    /// What the report keeps of one complaint event: its stamp and the fields it counts.
    struct Entry: ReportEntry {
        let kind: Kind
        let stamp: EventStamp
        var categories: [String] = []
        var stage: Int?
        var decision: String?
        var remedyKind: String?
        var amountPence: Int64?
        var learningID: String?
        var weDid: String?
        var serviceArea: String?
        var owner: String?
        var dueDate: String?

        init(kind: Kind, stamp: EventStamp) {
            self.kind = kind
            self.stamp = stamp
        }

        /// Takes the counted fields of this kind from `fields`: the event's data, or later a
        /// correction's `changes`.
        mutating func read(_ fields: CBORView) {
            switch kind {
            case .received:
                if let value = fields["categories"], value.kind == .array { categories = value.texts }
            case .acknowledged, .extensionAgreed:
                if let value = fields["stage"]?.integer { stage = Int(value) }
            case .responded:
                if let value = fields["stage"]?.integer { stage = Int(value) }
                if let value = fields["decision"]?.string { decision = value }
            case .remedyOffered:
                if let value = fields["kind"]?.string { remedyKind = value }
                if let value = fields["amountPence"]?.integer { amountPence = value }
            case .learningIdentified:
                if let value = fields["learningId"]?.string { learningID = value }
                if let value = fields["weDid"]?.string { weDid = value }
                if let value = fields["serviceArea"]?.string { serviceArea = value }
                if let value = fields["owner"]?.string { owner = value }
                if let value = fields["dueDate"]?.string { dueDate = value }
            case .learningActioned:
                if let value = fields["learningId"]?.string { learningID = value }
            default:
                break
            }
        }
    }

    private let context: ReportContext
    private var complaints: ReportCases<Entry>
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

    public func result() -> ReportResult {
        var tally = Tallies()
        for complaint in complaints.result() { tally.count(complaint, context: context) }
        var feedbackTally = FeedbackTallies()
        for item in feedback.result() {
            feedbackTally.count(item, period: context.period)
            if let adoption = item.adoption, context.period.contains(adoption.stamp.occurredAt) {
                tally.youSaidWeDid.append(ReportList.Row(
                    key: item.reference,
                    cells: [.text(item.reference), .null, .texts(item.about), .null, .null, .null, .text("suggestion adopted")],
                    events: [item.traced(adoption)]))
            }
        }
        return ReportResult(name: Self.name, title: Self.title, period: context.period,
                            figures: tally.figures(context: context) + feedbackTally.figures(),
                            lists: [tally.youSaidWeDidList()])
    }
}

extension ComplaintsPerformanceReport {
    /// The counts, gathered complaint by complaint.
    struct Tallies {
        var received = [Tally(), Tally()]
        var acknowledged = [Tally(), Tally()], acknowledgedWithinCode = [Tally(), Tally()]
        var responded = [Tally(), Tally()], respondedWithinCode = [Tally(), Tally()]
        var overdueAtEnd = [Tally(), Tally()]
        var decisions = KeyedTally()
        var byCategoryDecision: [String: KeyedTally] = [:]
        var receivedByCategory = KeyedTally(), themes: [String: KeyedTally] = [:]
        var ombudsman = Tally(), withdrawn = Tally()
        var remedies = Tally(), remediesByKind = KeyedTally(), compensation = Tally(), compensationPence: Int64 = 0
        var learningIdentified = Tally(), learningActioned = Tally(), learningOverdue = Tally()
        var youSaidWeDid: [ReportList.Row] = []

        mutating func count(_ complaint: Complaint, context: ReportContext) {
            let period = context.period
            let deadlines = complaint.file.deadlines(calendar: context.calendar, triageTarget: context.triageTarget)
            func status(_ step: DeadlineStep) -> DeadlineStatus? {
                deadlines.first { $0.step == step }?.status(asOf: period.to)
            }
            // Within the Code's timescales: on time counting agreed extensions only up to the
            // Code's limit (10 working days at stage 1, 20 at stage 2). An extension beyond it is
            // allowed and flagged, but a response that is on time only because of it is not
            // within the Code.
            func isWithinCode(_ step: DeadlineStep, stage: Int) -> Bool {
                guard let deadline = deadlines.first(where: { $0.step == step }), let done = deadline.done,
                      deadline.status(asOf: period.to) == .met
                else { return false }
                let limit = stage == 1 ? ComplaintDeadlines.stage1ExtensionLimit : ComplaintDeadlines.stage2ExtensionLimit
                let beyond = max(0, deadline.extendedBy - limit)
                return context.calendar.workingDays(from: done, to: deadline.due) >= beyond
            }
            let steps: [(ack: DeadlineStep, respond: DeadlineStep, opening: Entry?)] = [
                (.acknowledgeStage1, .respondStage1, complaint.earliest(.received)),
                (.acknowledgeStage2, .respondStage2, complaint.earliest(.escalated)),
            ]
            for (index, step) in steps.enumerated() {
                let stage = index + 1
                guard let opening = step.opening else { continue }
                if period.contains(opening.stamp.occurredAt) { received[index].add(complaint.traced(opening)) }
                let response = complaint.earliest(.responded, stage: stage)
                if let done = complaint.earliest(.acknowledged, stage: stage) ?? response, period.contains(done.stamp.occurredAt) {
                    acknowledged[index].add(complaint.traced(done))
                    if status(step.ack) == .met { acknowledgedWithinCode[index].add(complaint.traced(done)) }
                }
                if let response, period.contains(response.stamp.occurredAt) {
                    responded[index].add(complaint.traced(response))
                    if isWithinCode(step.respond, stage: stage) { respondedWithinCode[index].add(complaint.traced(response)) }
                }
                if status(step.respond) == .overdue { overdueAtEnd[index].add(complaint.traced(opening)) }
            }
            let categories = complaint.categories
            for entry in complaint.entries where period.contains(entry.stamp.occurredAt) {
                let event = complaint.traced(entry)
                switch entry.kind {
                case .received:
                    let month = ReportPeriod.month(of: entry.stamp.occurredAt)
                    for category in categories {
                        receivedByCategory.add(event, to: category)
                        themes[category, default: KeyedTally()].add(event, to: month)
                    }
                case .responded:
                    let decision = entry.decision ?? "not-recorded"
                    decisions.add(event, to: decision)
                    for category in categories {
                        byCategoryDecision[category, default: KeyedTally()].add(event, to: decision)
                    }
                case .referredToOmbudsman: ombudsman.add(event)
                case .withdrawn: withdrawn.add(event)
                case .remedyOffered:
                    remedies.add(event)
                    remediesByKind.add(event, to: entry.remedyKind ?? "not-recorded")
                    if let amount = entry.amountPence, amount > 0 {
                        compensation.add(event)
                        compensationPence = compensationPence.addingSaturated(amount)
                    }
                case .learningIdentified:
                    learningIdentified.add(event)
                    youSaidWeDid.append(row(entry, of: complaint, status: entry.learningID.flatMap { status(.learning($0)) }))
                case .learningActioned: learningActioned.add(event)
                default: break
                }
            }
            for entry in complaint.entries where entry.kind == .learningIdentified {
                if let id = entry.learningID, status(.learning(id)) == .overdue { learningOverdue.add(complaint.traced(entry)) }
            }
        }

        /// A "You said, we did" row: the learning, what was planned, and where it stood at the
        /// end of the period. `youSaid` is personal data and never shown.
        private func row(_ entry: Entry, of complaint: Complaint, status: DeadlineStatus?) -> ReportList.Row {
            let actioned = complaint.entries.first { $0.kind == .learningActioned && $0.learningID == entry.learningID }
            let state = status.map { $0.isDone ? "actioned" : $0.rawValue } ?? "open"
            func cell(_ text: String?) -> ReportList.Cell { text.map(ReportList.Cell.text) ?? .null }
            return ReportList.Row(
                key: complaint.reference + ":" + (entry.learningID ?? "?"),
                cells: [.text(complaint.reference), cell(entry.learningID), cell(entry.serviceArea), cell(entry.weDid),
                        cell(entry.owner), cell(entry.dueDate), .text(state)],
                events: [complaint.traced(entry)] + (actioned.map { [complaint.traced($0)] } ?? []))
        }

        func youSaidWeDidList() -> ReportList {
            ReportList(name: "youSaidWeDid",
                       columns: ["case", "learningId", "serviceArea", "weDid", "owner", "dueDate", "status"],
                       rows: youSaidWeDid.sorted { $0.key < $1.key })
        }

        func figures(context: ReportContext) -> [ReportFigure] {
            let homes = context.homes
            let homesNote = homes == nil ? "the number of homes is not set: caselog config set homes N" : nil
            func perThousandHomes(_ count: Int) -> Double? { homes.map { Double(count) * 1000 / Double($0) } }
            var figures: [ReportFigure] = []
            for index in 0..<2 {
                let stage = "stage\(index + 1)."
                figures += [
                    received[index].figure(stage + "received"),
                    acknowledged[index].figure(stage + "acknowledged"),
                    acknowledgedWithinCode[index].figure(stage + "acknowledgedWithinCode"),
                    ReportFigure(stage + "acknowledgedWithinCodePercent",
                                 .percent(ReportMath.percent(acknowledgedWithinCode[index].count, of: acknowledged[index].count)),
                                 events: acknowledgedWithinCode[index].events),
                    responded[index].figure(stage + "responded"),
                    respondedWithinCode[index].figure(stage + "respondedWithinCode"),
                    ReportFigure(stage + "respondedWithinCodePercent",
                                 .percent(ReportMath.percent(respondedWithinCode[index].count, of: responded[index].count)),
                                 events: respondedWithinCode[index].events),
                    overdueAtEnd[index].figure(stage + "overdueAtEnd"),
                    ReportFigure(stage + "per1000Homes", .rate(perThousandHomes(received[index].count)),
                                 events: received[index].events, note: homesNote),
                ]
            }
            figures.append(ReportFigure("homes", .count(homes ?? 0), note: homesNote))
            figures.append(ReportFigure("complaintsPer1000Homes", .rate(perThousandHomes(received[0].count)),
                                        events: received[0].events, note: homesNote))
            let decisionNames = Vocabulary.values(of: "decision", in: Kind.responded)
            figures += decisions.figures("decisions", vocabulary: decisionNames)
            let upheld = decisions.events("upheld") + decisions.events("partly-upheld")
            figures.append(ReportFigure("decisions.upheldPercent",
                                        .percent(ReportMath.percent(upheld.count, of: decisions.tallies.values.map(\.count).reduce(0, +))),
                                        events: upheld))
            for category in Vocabulary.values(of: "categories", in: Kind.received) {
                let tally = byCategoryDecision[category] ?? KeyedTally()
                let all = tally.tallies.values.flatMap(\.events)
                let upheld = tally.events("upheld") + tally.events("partly-upheld")
                let prefix = "upheldByCategory." + category
                figures.append(ReportFigure(prefix + ".responses", .count(all.count), events: all))
                figures += tally.figures(prefix, vocabulary: decisionNames)
                figures.append(ReportFigure(prefix + ".upheldPercent", .percent(ReportMath.percent(upheld.count, of: all.count)),
                                            events: upheld))
            }
            figures += [
                ReportFigure("escalation.ratePercent", .percent(ReportMath.percent(received[1].count, of: responded[0].count)),
                             events: received[1].events),
                ombudsman.figure("ombudsman.referred"),
                ReportFigure("ombudsman.ratePercent", .percent(ReportMath.percent(ombudsman.count, of: responded[1].count)),
                             events: ombudsman.events),
                withdrawn.figure("withdrawn"),
                remedies.figure("remedies.offered"),
            ]
            figures += remediesByKind.figures("remedies.byKind", vocabulary: Vocabulary.values(of: "kind", in: Kind.remedyOffered))
            figures += [
                ReportFigure("remedies.compensationPence", .pence(compensationPence), events: compensation.events),
                learningIdentified.figure("learning.identified"),
                learningActioned.figure("learning.actioned"),
                learningOverdue.figure("learning.overdue"),
            ]
            let categories = Vocabulary.values(of: "categories", in: Kind.received)
            figures += receivedByCategory.figures("receivedByCategory", vocabulary: categories)
            for category in categories + themes.keys.filter({ !categories.contains($0) }).sorted() {
                guard let months = themes[category] else { continue }
                // Every month of the period, a month without a complaint too: a chart that left it out would hide the gap.
                figures += months.figures("themes." + category, vocabulary: context.period.months)
            }
            return figures
        }
    }
}

extension ComplaintsPerformanceReport {
    /// Compliments and suggestions, counted beside the complaints (DOMAIN.md §10).
    struct FeedbackTallies {
        var received = KeyedTally()
        var byCategory: [String: KeyedTally] = [:]
        var adopted = Tally(), adoptedByCategory = KeyedTally()

        mutating func count(_ item: ReportFeedback.Feedback, period: ReportPeriod) {
            if let opening = item.received, let kind = item.feedbackKind, period.contains(opening.stamp.occurredAt) {
                let event = item.traced(opening)
                received.add(event, to: kind)
                for category in item.about { byCategory[kind, default: KeyedTally()].add(event, to: category) }
            }
            if let (_, event) = item.adoption(in: period) {
                adopted.add(event)
                for category in item.about { adoptedByCategory.add(event, to: category) }
            }
        }

        func figures() -> [ReportFigure] {
            let categories = Vocabulary.values(of: "about", in: ReportFeedback.Kind.received)
            var figures: [ReportFigure] = []
            for (kind, group) in [(ReportFeedback.compliment, "compliments"), (ReportFeedback.suggestion, "suggestions")] {
                let events = received.events(kind)
                figures.append(ReportFigure(group + ".received", .count(events.count), events: events))
                figures += (byCategory[kind] ?? KeyedTally()).figures(group + ".byCategory", vocabulary: categories)
            }
            figures.append(adopted.figure("suggestions.adopted"))
            figures += adoptedByCategory.figures("suggestions.adoptedByCategory", vocabulary: categories)
            return figures
        }
    }
}

extension ReportCase where Entry == ComplaintsPerformanceReport.Entry {
    /// The earliest entry of `kind` at `stage` by `occurredAt`.
    func earliest(_ kind: Entry.Kind, stage: Int?) -> Entry? {
        earliest(kind) { stage == nil || $0.stage == stage }
    }

    /// The complaint's categories (from `complaint.received`, as corrected).
    var categories: [String] { entries.first { $0.kind == .received }?.categories ?? [] }
}
