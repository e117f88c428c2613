import Casework
import EventLog
import Codec

/// The tenancy sustainment report (DOMAIN.md §7): referrals, outcomes at close, tenancies
/// sustained 6 and 12 months after close, visits, practical support and the time from referral
/// to the first visit, for a period.
///
/// Referrals (and the time to their first visit) are counted by when the referral came;
/// closes, sustainment checks, visits and support by when they happened; overdue visits as they
/// stood on the period's last day. Each case is followed by `ReportCases`: its case file (visit
/// deadlines) and the few events the report counts; events after the period are skipped and
/// corrections applied whenever they were made. docs/REPORTS.md defines every figure.
public struct TenancySustainmentReport: LearningReport {
    public static let name = "tenancy-sustainment"
    public static let title = "Tenancy sustainment"
    public static let settingsUsed: [StoreSetting] = []
    /// One tenancy support case: its case file and the events the report counts.
    typealias Case = ReportCase<Entry>

    /// The events the report reads: those it counts, and reopening for the case file.
    enum Kind: String, ReportEventKind {
        case referralReceived = "tenancy.referral-received", visitScheduled = "tenancy.visit-scheduled"
        case visitCompleted = "tenancy.visit-completed", visitMissed = "tenancy.visit-missed"
        case supportGiven = "tenancy.support-given", caseClosed = "tenancy.case-closed"
        case sustainmentChecked = "tenancy.sustainment-checked", reopened = "case.reopened"
        case corrected = "case.entry-corrected"
        case voided = "case.entry-voided"
    }

    /// What the report keeps of one tenancy event.
    struct Entry: ReportEntry {
        let kind: Kind
        let stamp: EventStamp
        var reasons: [String] = []
        var source: String?
        var visitID: String?
        var supportKind: String?
        var valuePence: Int64 = 0
        var outcome: String?
        var monthsAfterClose: Int?
        var stillInTenancy: Bool?

        init(kind: Kind, stamp: EventStamp) {
            self.kind = kind
            self.stamp = stamp
        }

        /// Takes the counted fields of this kind from `fields` (the data, or a correction's changes).
        mutating func read(_ fields: CBORView) {
            switch kind {
            case .referralReceived:
                if let value = fields["reasons"], value.kind == .array { reasons = value.texts }
                if let value = fields["source"]?.string { source = value }
            case .visitScheduled, .visitCompleted, .visitMissed:
                if let value = fields["visitId"]?.string { visitID = value }
            case .supportGiven:
                if let value = fields["kind"]?.string { supportKind = value }
                if let value = fields["valuePence"]?.integer { valuePence = max(value, 0) }
            case .caseClosed:
                if let value = fields["outcome"]?.string { outcome = value }
            case .sustainmentChecked:
                if let value = fields["monthsAfterClose"]?.integer { monthsAfterClose = Int(value) }
                if let value = fields["stillInTenancy"]?.bool { stillInTenancy = value }
            default:
                break
            }
        }
    }

    private let context: ReportContext
    private var cases: ReportCases<Entry>

    public init(context: ReportContext) {
        self.context = context
        cases = ReportCases(.tenancy, period: context.period)
    }

    public mutating func apply(_ record: RecordView) { cases.apply(record) }

    public func result() -> ReportResult {
        var tallies = Tallies()
        for tenancy in cases.result() { tallies.count(tenancy, context: context) }
        return ReportResult(name: Self.name, title: Self.title, period: context.period, figures: tallies.figures(), lists: [])
    }
}

extension TenancySustainmentReport {
    /// The counts, gathered case by case.
    struct Tallies {
        var referrals = Tally(), byReason = KeyedTally(), bySource = KeyedTally()
        var closed = Tally(), byOutcome = KeyedTally()
        /// Per months after close (6, 12): the checks counted and those still in tenancy.
        var checked: [Int: Tally] = [:], sustained: [Int: Tally] = [:]
        var completed = Tally(), missed = Tally(), overdue = Tally()
        var support = Tally(), supportByKind = KeyedTally(), supportPence: Int64 = 0
        var supportPenceByKind: [String: Int64] = [:], valued = Tally(), valuedByKind = KeyedTally()
        var visited = Tally(), notVisited = Tally(), daysToFirstVisit: [Double] = []

        mutating func count(_ tenancy: Case, context: ReportContext) {
            let period = context.period
            var latestCheck: [Int: Entry] = [:]
            for entry in tenancy.entries where period.contains(entry.stamp.occurredAt) {
                let event = tenancy.traced(entry)
                switch entry.kind {
                case .referralReceived:
                    referrals.add(event)
                    for reason in entry.reasons { byReason.add(event, to: reason) }
                    bySource.add(event, to: entry.source ?? "not-recorded")
                    if let firstVisit = tenancy.earliest(.visitCompleted) {
                        visited.add(tenancy.traced(firstVisit))
                        let days = EuropeLondon.date(of: entry.stamp.occurredAt).days(to: EuropeLondon.date(of: firstVisit.stamp.occurredAt))
                        daysToFirstVisit.append(Double(days))
                    } else {
                        notVisited.add(event)
                    }
                case .caseClosed:
                    closed.add(event)
                    byOutcome.add(event, to: entry.outcome ?? "not-recorded")
                case .sustainmentChecked:
                    guard let months = entry.monthsAfterClose else { break }
                    if let previous = latestCheck[months], previous.stamp.occurredAt > entry.stamp.occurredAt { break }
                    latestCheck[months] = entry
                case .visitCompleted: completed.add(event)
                case .visitMissed: missed.add(event)
                case .supportGiven:
                    let kind = entry.supportKind ?? "not-recorded"
                    support.add(event)
                    supportByKind.add(event, to: kind)
                    if entry.valuePence > 0 {
                        valued.add(event)
                        valuedByKind.add(event, to: kind)
                        supportPence = supportPence.addingSaturated(entry.valuePence)
                        supportPenceByKind[kind] = (supportPenceByKind[kind] ?? 0).addingSaturated(entry.valuePence)
                    }
                default:
                    break
                }
            }
            for (months, check) in latestCheck {
                let event = tenancy.traced(check)
                checked[months, default: Tally()].add(event)
                if check.stillInTenancy == true { sustained[months, default: Tally()].add(event) }
            }
            // A visit scheduled again with the same id is one visit: count its last scheduling once.
            var lastScheduled: [String: Entry] = [:]
            for entry in tenancy.entries where entry.kind == .visitScheduled {
                if let id = entry.visitID { lastScheduled[id] = entry }
            }
            guard !lastScheduled.isEmpty else { return }
            var status: [String: DeadlineStatus] = [:]
            for deadline in tenancy.file.deadlines(calendar: context.calendar) {
                if case .visit(let id) = deadline.step { status[id] = deadline.status(asOf: period.to) }
            }
            for (id, entry) in lastScheduled where status[id] == .overdue { overdue.add(tenancy.traced(entry)) }
        }

        func figures() -> [ReportFigure] {
            func values(_ field: String, _ kind: Kind) -> [String] { Vocabulary.values(of: field, in: kind) }
            var figures = [referrals.figure("referrals.received")]
            figures += byReason.figures("referrals.byReason", vocabulary: values("reasons", .referralReceived))
            figures += bySource.figures("referrals.bySource", vocabulary: values("source", .referralReceived))
            figures.append(closed.figure("closed.total"))
            figures += byOutcome.figures("closed.byOutcome", vocabulary: values("outcome", .caseClosed))
            for months in [6, 12] {
                let prefix = "sustained.at\(months)Months."
                let checks = checked[months] ?? Tally(), still = sustained[months] ?? Tally()
                figures += [
                    checks.figure(prefix + "checked"),
                    still.figure(prefix + "stillInTenancy"),
                    ReportFigure(prefix + "percent", .percent(ReportMath.percent(still.count, of: checks.count)), events: still.events),
                ]
            }
            figures += [
                completed.figure("visits.completed"),
                missed.figure("visits.missed"),
                overdue.figure("visits.overdue", note: "scheduled visits not done and past due on the period's last day"),
                support.figure("support.given"),
            ]
            let kinds = values("kind", .supportGiven)
            figures += supportByKind.figures("support.byKind", vocabulary: kinds)
            figures.append(ReportFigure("support.valuePence", .pence(supportPence), events: valued.events))
            for kind in kinds + supportPenceByKind.keys.filter({ !kinds.contains($0) }).sorted() {
                figures.append(ReportFigure("support.valuePenceByKind." + kind, .pence(supportPenceByKind[kind] ?? 0),
                                            events: valuedByKind.events(kind)))
            }
            figures += [
                visited.figure("firstVisit.visited"),
                notVisited.figure("firstVisit.notYetVisited"),
                ReportFigure("firstVisit.medianDays", .days(ReportMath.median(daysToFirstVisit)), events: visited.events),
                ReportFigure("firstVisit.percentile90Days", .days(ReportMath.percentile(90, of: daysToFirstVisit)),
                             events: visited.events),
            ]
            return figures
        }
    }
}
