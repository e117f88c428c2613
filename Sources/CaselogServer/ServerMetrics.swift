import CaseStore
import EventLog
import Projections
import Prometheus
import Synchronization

/// What `GET /metrics` answers, in Prometheus's text format: the group committer's events,
/// commits, batch sizes and commit latency, the open subscriptions, the log's head and each
/// built-in view's checkpoint and lag.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let events: Counter
    private let commits: Counter
    private let committedRequests: Counter
    private let failedRequests: Counter
    private let batchRequests: ValueHistogram
    private let batchEvents: ValueHistogram
    private let commitLatency: DurationHistogram
    private let subscriptions: Gauge
    private let head: Gauge
    private let lastFailedCount = Mutex(0)

    init() {
        events = registry.makeCounter(descriptor: Self.named("caselog_events_committed_total", "Events appended by the group committer."))
        commits = registry.makeCounter(descriptor: Self.named("caselog_commits_total", "Write transactions committed by the group committer."))
        committedRequests = registry.makeCounter(descriptor: Self.named("caselog_requests_committed_total",
                                                                        "Requests answered with their events written."))
        failedRequests = registry.makeCounter(descriptor: Self.named("caselog_requests_failed_total",
                                                                     "Requests answered with an error, nothing written."))
        let sizes: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 10_000]
        batchRequests = registry.makeValueHistogram(descriptor: Self.named("caselog_commit_batch_requests", "Requests gathered into one commit."),
                                                    buckets: sizes)
        batchEvents = registry.makeValueHistogram(descriptor: Self.named("caselog_commit_batch_events", "Events written by one commit."),
                                                  buckets: sizes)
        commitLatency = registry.makeDurationHistogram(
            descriptor: Self.named("caselog_commit_duration_seconds", "From the start of a group commit's write to its durable commit."),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)])
        subscriptions = registry.makeGauge(descriptor: Self.named("caselog_open_subscriptions", "Server-Sent Events subscriptions open now."))
        head = registry.makeGauge(descriptor: Self.named("caselog_log_head_position", "The log's last position."))
    }

    private static func named(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Counts one commit of the group committer.
    func record(_ commit: GroupCommitter.Commit) {
        events.increment(by: Int64(commit.events))
        commits.increment()
        committedRequests.increment(by: Int64(commit.requests))
        batchRequests.record(Double(commit.requests))
        batchEvents.record(Double(commit.events))
        commitLatency.record(commit.duration)
    }

    /// A subscription opened (`+1`) or closed (`-1`).
    func subscription(_ change: Double) { subscriptions.increment(by: change) }

    /// The text of `GET /metrics`, with the head and views read now from `store`.
    func text(store: CaseStore, committer: GroupCommitter) throws -> [UInt8] {
        let failed = committer.statistics.failedRequests
        let newlyFailed = lastFailedCount.withLock { last in
            defer { last = failed }
            return failed - last
        }
        if newlyFailed > 0 { failedRequests.increment(by: Int64(newlyFailed)) }
        let (position, checkpoints) = try store.log.read { reader in
            let position = try reader.head().position
            return (position, try BuiltInViews.all.map { ($0.name, try reader.checkpoint(ofView: $0.name)) })
        }
        head.set(Double(position))
        for (name, checkpoint) in checkpoints {
            registry.makeGauge(descriptor: Self.named("caselog_view_checkpoint_position", "The last position a view has folded."),
                               labels: [("view", name)]).set(Double(checkpoint))
            registry.makeGauge(descriptor: Self.named("caselog_view_lag_events", "Events of the log a view has not folded yet."),
                               labels: [("view", name)]).set(Double(position &- min(checkpoint, position)))
        }
        return registry.emitToBuffer()
    }
}
