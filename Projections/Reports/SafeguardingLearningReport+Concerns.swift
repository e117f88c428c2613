import Casework
import EventLog

extension SafeguardingLearningReport {
    /// The concern figures, gathered concern by concern.
    struct ConcernTallies {
        var raised = Tally(), immediateRisk = Tally()
        var byCategory = KeyedTally(), byLocation = KeyedTally(), byRisk = KeyedTally()
        var triaged = Tally(), untriaged = Tally(), dueOrDone = Tally(), withinTarget = Tally()
        var triageHours: [Double] = []
        var byDecision = KeyedTally()
        var referredConcerns = Tally(), referralsByAgency = KeyedTally()
        var closed = Tally(), byOutcome = KeyedTally(), msp = KeyedTally()

        mutating func count(_ concern: Case, context: ReportContext) {
            let period = context.period
            if let raisedEntry = concern.earliest(.raised), period.contains(raisedEntry.stamp.occurredAt) {
                let event = concern.traced(raisedEntry)
                raised.add(event)
                if raisedEntry.immediateRisk { immediateRisk.add(event) }
                for category in raisedEntry.categories { byCategory.add(event, to: category) }
                byLocation.add(event, to: raisedEntry.location ?? "not-recorded")
                let triage = concern.earliest(.triaged)
                byRisk.add(event, to: triage?.riskLevel ?? "untriaged")
                let deadline = concern.file.deadlines(calendar: context.calendar, triageTarget: context.triageTarget)
                    .first { $0.step == .triage }
                let status = deadline?.status(asOf: period.to)
                if let triage {
                    let triageEvent = concern.traced(triage)
                    triaged.add(triageEvent)
                    triageHours.append(ReportMath.hours(from: raisedEntry.stamp.occurredAt, to: triage.stamp.occurredAt))
                    byDecision.add(triageEvent, to: triage.decision ?? "not-recorded")
                    if status == .met { withinTarget.add(triageEvent) }
                } else {
                    untriaged.add(event)
                }
                if let status, status != .open { dueOrDone.add(event) }
                if let referral = concern.earliest(.referred) { referredConcerns.add(concern.traced(referral)) }
            }
            for entry in concern.entries where period.contains(entry.stamp.occurredAt) {
                let event = concern.traced(entry)
                switch entry.kind {
                case .referred: referralsByAgency.add(event, to: entry.agency ?? "not-recorded")
                case .closed:
                    closed.add(event)
                    byOutcome.add(event, to: entry.outcome ?? "not-recorded")
                    msp.add(event, to: entry.msp ?? "not-recorded")
                default: break
                }
            }
        }

        func figures() -> [ReportFigure] {
            func values(_ field: String, _ kind: Kind) -> [String] { Vocabulary.values(of: field, in: kind) }
            var figures = [raised.figure("concerns.raised"), immediateRisk.figure("concerns.immediateRisk")]
            figures += byCategory.figures("concerns.byCategory", vocabulary: values("categories", .raised))
            figures += byLocation.figures("concerns.byLocation", vocabulary: values("location", .raised))
            figures += byRisk.figures("concerns.byRisk", vocabulary: values("riskLevel", .triaged))
            figures += [
                triaged.figure("triage.triaged"),
                untriaged.figure("triage.untriaged"),
                ReportFigure("triage.medianHours", .hours(ReportMath.median(triageHours)), events: triaged.events),
                ReportFigure("triage.percentile90Hours", .hours(ReportMath.percentile(90, of: triageHours)), events: triaged.events),
                withinTarget.figure("triage.withinTarget"),
                dueOrDone.figure("triage.dueOrDone", note: "concerns raised in the period whose triage was done or due by its end"),
                ReportFigure("triage.withinTargetPercent", .percent(ReportMath.percent(withinTarget.count, of: dueOrDone.count)),
                             events: withinTarget.events,
                             note: "of concerns raised in the period whose triage was done or due by its end"),
            ]
            figures += byDecision.figures("triage.byDecision", vocabulary: values("decision", .triaged))
            figures += [
                referredConcerns.figure("referrals.concernsReferred"),
                ReportFigure("referrals.ratePercent", .percent(ReportMath.percent(referredConcerns.count, of: raised.count)),
                             events: referredConcerns.events),
            ]
            figures += referralsByAgency.figures("referrals.byAgency", vocabulary: values("agency", .referred))
            figures.append(closed.figure("outcomes.closed"))
            figures += byOutcome.figures("outcomes.byOutcome", vocabulary: values("outcome", .closed))
            figures += msp.figures("msp.byResult", vocabulary: values("msp", .closed))
            let asked = closed.count - msp.count("not-asked") - msp.count("not-recorded")
            let achieved = msp.events("fully-achieved") + msp.events("partly-achieved")
            let notAsked = Set(msp.events("not-asked") + msp.events("not-recorded"))
            figures += [
                ReportFigure("msp.askedPercent", .percent(ReportMath.percent(asked, of: closed.count)),
                             events: closed.events.filter { !notAsked.contains($0) }),
                ReportFigure("msp.achievedPercent", .percent(ReportMath.percent(achieved.count, of: asked)), events: achieved,
                             note: "fully or partly achieved, of closes where the person was asked"),
            ]
            return figures
        }
    }
}
