import Casework
import EventLog

/// The timeline's time axis with long gaps cut short: the instants to draw fall into clusters,
/// each drawn to its own linear scale (one scale for all, as far as the width allows), with a
/// break of fixed width between clusters. A gap is cut when it is longer than the replay's gap
/// threshold and than a fifth of the whole span, so that months with nothing recorded do not
/// squeeze the days that matter into a corner.
struct ReplayTimelineAxis {
    /// One run of instants drawn to scale, and where it is drawn.
    struct Cluster {
        let from: Int64, to: Int64
        var x: Double, width: Double
    }

    /// A cut between two clusters: where it is drawn and how many days it leaves out.
    struct Break {
        let x: Double, width: Double
        let days: Int
    }

    private(set) var clusters: [Cluster] = []
    private(set) var breaks: [Break] = []

    /// Space left inside each cluster before its first instant and after its last.
    static let padding = 8.0
    /// The width of a break.
    static let breakWidth = 18.0
    /// The least width a cluster is drawn with (a single instant's).
    static let minimumWidth = 22.0

    /// The axis for `instants` (microseconds) drawn from `start` to `end` (points), cutting
    /// gaps longer than `gapDays` days and a fifth of the span.
    init(instants: [Int64], from start: Double, to end: Double, gapDays: Int) {
        let points = Array(Set(instants)).sorted()
        guard let first = points.first, let last = points.last else {
            clusters = [Cluster(from: 0, to: 0, x: start, width: end - start)]
            return
        }
        let day: Int64 = 86_400_000_000
        let (threshold, overflowed) = Int64(gapDays).multipliedReportingOverflow(by: day)
        let cut = max(overflowed ? Int64.max : threshold, (last - first) / 5)
        var runs: [(from: Int64, to: Int64)] = [(first, first)]
        for point in points.dropFirst() {
            if point - runs[runs.count - 1].to > cut { runs.append((point, point)) } else { runs[runs.count - 1].to = point }
        }
        let available = (end - start) - Double(runs.count - 1) * Self.breakWidth - Double(runs.count) * 2 * Self.padding
        // One scale for every cluster, except those it would draw narrower than the minimum.
        var fixed = Set<Int>()
        var scale = 0.0
        for _ in 0..<runs.count {
            let free = runs.indices.filter { !fixed.contains($0) }
            let duration = free.reduce(0.0) { $0 + Double(runs[$1].to - runs[$1].from) }
            guard duration > 0 else { break }
            scale = (available - Double(fixed.count) * Self.minimumWidth) / duration
            let narrow = free.filter { Double(runs[$0].to - runs[$0].from) * scale < Self.minimumWidth }
            if narrow.isEmpty { break }
            fixed.formUnion(narrow)
        }
        let allFixed = fixed.count == runs.count || scale <= 0
        var x = start
        for (index, run) in runs.enumerated() {
            let inner = allFixed ? max(available / Double(runs.count), 1)
                : (fixed.contains(index) ? Self.minimumWidth : Double(run.to - run.from) * scale)
            clusters.append(Cluster(from: run.from, to: run.to, x: x, width: inner + 2 * Self.padding))
            x += inner + 2 * Self.padding
            if index < runs.count - 1 {
                breaks.append(Break(x: x, width: Self.breakWidth, days: Int((runs[index + 1].from - run.to) / day)))
                x += Self.breakWidth
            }
        }
    }

    /// Where `instant` is drawn: to scale inside its cluster, in the middle of a break, or at
    /// the nearest edge outside them all.
    func x(_ instant: Timestamp) -> Double {
        let value = instant.microseconds
        for (index, cluster) in clusters.enumerated() {
            if value <= cluster.to || index == clusters.count - 1 {
                if value < cluster.from {
                    // Before this cluster: in the break before it, or at the start.
                    if index > 0 { return breaks[index - 1].x + breaks[index - 1].width / 2 }
                    return cluster.x
                }
                let inner = cluster.width - 2 * Self.padding
                guard cluster.to > cluster.from else { return cluster.x + cluster.width / 2 }
                let fraction = min(1, Double(value - cluster.from) / Double(cluster.to - cluster.from))
                return cluster.x + Self.padding + inner * fraction
            }
        }
        return clusters.last.map { $0.x + $0.width } ?? 0
    }
}
