import Casework
import Codec
import EventLog
import SampleHistory
#if canImport(Glibc)
import Glibc
#endif

/// Realistic events for the benchmarks: the lines of `caselog generate` and the same events
/// parsed, so that the baseline and the log handle the same content.
public struct Workload: Sendable {
    /// The event lines (JSON), about 300–400 bytes each.
    public let lines: [[UInt8]]
    /// The case of each event.
    public let streams: [String]
    /// The events, parsed.
    public var events: [ProposedEvent]

    /// `count` events of the sample history with `seed`.
    public init(count: Int, seed: UInt64 = 42) {
        var configuration = SampleHistory.Configuration()
        configuration.events = count
        configuration.seed = seed
        // Ending before a fixed day, as `caselog generate` does: a history that ran into the
        // future would be refused by the import, and would change with the day it is run.
        configuration.start = SampleHistory.start(for: configuration, endingBefore: Timestamp(year: 2026, month: 9, day: 30))
        var lines: [[UInt8]] = []
        var streams: [String] = []
        var events: [ProposedEvent] = []
        lines.reserveCapacity(count)
        streams.reserveCapacity(count)
        events.reserveCapacity(count)
        var parser = EventLineParser()
        for sample in SampleHistory(configuration) {
            let bytes = Array(sample.jsonLine.utf8)
            let line = try! bytes.withUnsafeBytes { try parser.parse($0) }
            lines.append(bytes)
            streams.append(line.caseReference!)
            events.append(ProposedEvent(id: line.id ?? .random(), type: line.type, occurredAt: line.occurredAt, data: line.data))
        }
        self.lines = lines
        self.streams = streams
        self.events = events
    }

    /// Events `range`, to hand to the log: copy them before a clock starts.
    public func handed(_ range: Range<Int>) -> HandedEvents { HandedEvents(self, range) }

    /// Appends events `range` to `store`, `batch` to a durable commit (copies first: not for timing).
    public func append(_ range: Range<Int>, to store: EventStore, batch: Int) throws {
        try handed(range).append(to: store, batch: batch)
    }

    /// The lines as one JSON Lines file at `path`.
    public func write(to path: String) {
        guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
        for line in lines {
            _ = line.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fputc(0x0A, file)
        }
        fclose(file)
    }

    /// Mean bytes per line.
    public var meanLineBytes: Int { lines.reduce(0) { $0 + $1.count } / max(lines.count, 1) }
}

/// Seconds taken by `body`, by the monotonic clock.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

/// A fresh directory under /tmp, removed by `remove()`.
public struct ScratchDirectory: Sendable {
    public let path: String

    public init(_ name: String) {
        var template = Array("/tmp/caselog-bench-\(name)-XXXXXX".utf8CString)
        _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func appending(_ name: String) -> String { path + "/" + name }

    public func remove() { _ = system("rm -rf '\(path)'") }
}

/// Events copied out of a workload, to be handed to the log one by one: the log takes its
/// events, as the importer and `caselog record` hand over the ones they build, so a caller
/// that kept them would pay for a copy of each (a retain and a release of each part) that is
/// the caller's cost, not the log's. Made before the clock starts; each event is moved out once.
public final class HandedEvents {
    private let events: UnsafeMutablePointer<ProposedEvent>
    private let streams: [String]
    private let count: Int
    private var taken = 0

    init(_ workload: Workload, _ range: Range<Int>) {
        count = range.count
        events = .allocate(capacity: max(count, 1))
        for (offset, index) in range.enumerated() { (events + offset).initialize(to: workload.events[index]) }
        streams = Array(workload.streams[range])
    }

    deinit {
        (events + taken).deinitialize(count: count - taken)
        events.deallocate()
    }

    /// Appends every event (or the next ones, through the `last`th), `batch` to a durable commit.
    public func append(to store: EventStore, batch: Int, upTo last: Int? = nil) throws {
        let limit = min(last ?? count, count)
        while taken < limit {
            let start = taken
            let end = min(start + batch, limit)
            try store.write(actor: "bench.worker") { writer in
                // A write that starts over (the map filled) would find its events moved out.
                precondition(taken == start, "the write started over: give the benchmark's store a larger initial map")
                for index in start..<end {
                    taken = index + 1
                    try writer.append((events + index).move(), to: streams[index])
                }
            }
        }
    }
}
