import Casework
/// One simulated actor of the sample history (a case, a subject's life, the daily arrivals):
/// the simulator runs whichever script is due next.
protocol SampleScript: AnyObject {
    /// When the script next has something to do, or nil when it has finished.
    var nextTime: Int64? { get }
    /// Does the next thing, at `nextTime`. Every event it records occurs at or after that time.
    func runNext(_ simulator: SampleSimulator)
}
