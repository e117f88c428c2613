import EventLog

extension SampleHistory {
    /// A generated history of `events` events that ends shortly before `now`, as event lines
    /// that carry the simulated `recordedAt` of each event (for an importer that keeps them:
    /// `caselog demo`), so that late entries show as late and deadlines fall around today.
    ///
    /// The history is generated once to learn its span, then again from a start that puts its
    /// last event a day before `now`; the same seed and `now` give the same lines.
    public static func endingBefore(_ now: Timestamp, events: Int, seed: UInt64) -> (lines: [UInt8], first: Timestamp, last: Timestamp) {
        let day: Int64 = 86_400_000_000
        var configuration = Configuration()
        configuration.events = events
        configuration.seed = seed
        let firstPass = SampleHistory(configuration).reduce(configuration.start) { Swift.max($0, $1.recordedAt) }
        var span = firstPass.microseconds - configuration.start.microseconds
        for _ in 0..<4 {
            // 08:00 UTC on the day that leaves a day's margin before now.
            let startDay = (now.microseconds - span - day).floorDivided(by: day)
            configuration.start = Timestamp(microseconds: startDay * day + 8 * 3_600_000_000)
            var lines: [UInt8] = []
            lines.reserveCapacity(events * 330)
            var first = Timestamp(microseconds: .max), last = Timestamp(microseconds: .min)
            for event in SampleHistory(configuration) {
                var line = Array(event.jsonLine.utf8)
                line.removeLast()   // the closing brace
                lines.append(contentsOf: line)
                lines.append(contentsOf: ",\"recordedAt\":\"\(event.recordedAt.iso8601)\"}\n".utf8)
                first = Swift.min(first, event.occurredAt)
                last = Swift.max(last, event.recordedAt)
            }
            if last <= now { return (lines, first, last) }
            span += last.microseconds - now.microseconds + day
        }
        // Unreachable in practice: each pass moves the start back by at least the overshoot.
        return ([], now, now)
    }
}
