import Casework
/// One simulated actor of the sample history (a case, a subject's life, the daily arrivals):
/// the simulator runs whichever script is due next.
protocol SampleScript: AnyObject {
    /// When the script next has something to do, or nil when it has finished.
    var nextTime: Int64? { get }
    /// Does the next thing, at `nextTime`. Every event it records occurs at or after that time.
    func runNext(_ simulator: SampleSimulator)
}

/// A case's script: its own timetable of intents (`SampleIntentQueue`), the first of which
/// opens it.
protocol SampleCaseScript: SampleScript {
    associatedtype Intent
    /// The intent that opens the case.
    static var opening: Intent { get }
    var intents: SampleIntentQueue<Intent> { get set }
    init()
    /// Does `intent`, due at `time`.
    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator)
}

extension SampleCaseScript {
    /// A case that opens at `time`.
    init(openingAt time: Int64) {
        self.init()
        intents.add(Self.opening, at: time)
    }

    var nextTime: Int64? { intents.nextTime }

    func runNext(_ simulator: SampleSimulator) {
        let (time, intent) = intents.removeFirst()
        perform(intent, at: time, simulator)
    }
}
