import Casework
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
        var span = span(of: configuration)
        for _ in 0..<4 {
            configuration.start = start(endingBefore: now, span: span)
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

    /// The configuration's start, moved earlier when the history would otherwise run past
    /// `end` (a large `events` count): so that `caselog generate` never writes events from the
    /// future, which the store refuses. The same events, seed and `end` give the same start.
    public static func start(for configuration: Configuration, endingBefore end: Timestamp) -> Timestamp {
        let span = span(of: configuration)
        guard configuration.start.microseconds + span > end.microseconds else { return configuration.start }
        var moved = configuration
        moved.start = start(endingBefore: end, span: span)
        // Weekends and holidays fall differently from another start: step back until it fits.
        for _ in 0..<4 {
            let last = SampleHistory(moved).reduce(moved.start) { Swift.max($0, $1.recordedAt) }
            if last <= end { break }
            moved.start = Timestamp(microseconds: moved.start.microseconds - (last.microseconds - end.microseconds) - 86_400_000_000)
        }
        return moved.start
    }

    /// How long the history of `configuration` runs, from its start to its last `recordedAt`.
    private static func span(of configuration: Configuration) -> Int64 {
        SampleHistory(configuration).reduce(configuration.start) { Swift.max($0, $1.recordedAt) }.microseconds
            - configuration.start.microseconds
    }

    /// 08:00 UTC on the day that leaves a day's margin between a history of `span` and `end`.
    private static func start(endingBefore end: Timestamp, span: Int64) -> Timestamp {
        let day: Int64 = 86_400_000_000
        let startDay = (end.microseconds - span - day).floorDivided(by: day)
        return Timestamp(microseconds: startDay * day + 8 * 3_600_000_000)
    }
}

extension SampleHistory {
    /// `endingBefore(_:events:seed:)` as typed events for `Recorder`, each carrying its
    /// simulated `recordedAt`.
    public static func newEventsEndingBefore(_ now: Timestamp, events: Int, seed: UInt64)
        -> (events: [NewEvent], first: Timestamp, last: Timestamp) {
        let history = endingBefore(now, events: events, seed: seed)
        var parser = EventLineParser()
        var parsed: [NewEvent] = []
        parsed.reserveCapacity(events)
        var start = history.lines.startIndex
        history.lines.withUnsafeBytes { bytes in
            for end in bytes.indices where bytes[end] == 0x0A {
                // The generator writes valid lines of the catalogue's types: a failure is its bug.
                guard let line = try? parser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])),
                      let event = try? NewEvent(line)
                else { preconditionFailure("a generated line does not parse") }
                parsed.append(event)
                start = end + 1
            }
        }
        return (parsed, history.first, history.last)
    }
}
