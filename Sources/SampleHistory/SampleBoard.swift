import Casework

/// What the made-up association's board has decided (DOMAIN.md §10), for `caselog demo`: the
/// homes it manages (the denominator of complaints per 1,000 homes) and two aims, each with
/// targets on report figures, so that the reports and the progress page have something to show.
public enum SampleBoard {
    /// The homes the demo association manages.
    public static let homes = 12_000

    /// The board's targets, in force from `from` (the first day of the history).
    public static func targets(from: CalendarDate) -> [Target] {
        let complaints = "Put things right quickly when we get them wrong"
        let safety = "Keep the people we house safe"
        func measure(_ report: String, _ figure: String) -> Measure { Measure(report: report, figure: figure) }
        return [
            Target(measure: measure("complaints-performance", "stage1.acknowledgedWithinCodePercent"), comparison: .atLeast, value: 95,
                   from: from, aim: complaints, amberWithin: 5),
            Target(measure: measure("complaints-performance", "stage1.respondedWithinCodePercent"), comparison: .atLeast, value: 90,
                   from: from, aim: complaints, amberWithin: 5),
            Target(measure: measure("complaints-performance", "complaintsPer1000Homes"), comparison: .atMost, value: 40,
                   from: from, aim: complaints, amberWithin: 5),
            Target(measure: measure("safeguarding-learning", "triage.withinTargetPercent"), comparison: .atLeast, value: 90,
                   from: from, aim: safety, amberWithin: 10),
            Target(measure: measure("safeguarding-learning", "msp.askedPercent"), comparison: .atLeast, value: 80,
                   from: from, aim: safety, amberWithin: 10),
        ]
    }
}
