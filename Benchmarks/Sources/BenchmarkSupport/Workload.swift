import Casework
import EventLog
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

    /// Appends events `range` to `store`, `batch` to a durable commit. The events are lent to
    /// the log by index, not copied out of the array, as a caller holding them would.
    public func append(_ range: Range<Int>, to store: EventStore, batch: Int) throws {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + batch, range.upperBound)
            try store.write(actor: "bench.worker") { writer in
                for index in start..<end { try writer.append(events[index], to: streams[index]) }
            }
            start = end
        }
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
