import Benchmark
import BenchmarkSupport
import Casework
import Codec
import EventLog
import SampleHistory
import Projections

// Every benchmark runs the raw LMDB baseline and the log on the same events in the same
// iteration, and reports both rates and their ratio: the machines are shared and noisy, so
// only the ratio is worth quoting. Both sides commit durably (a sync per commit).

let rawRate = BenchmarkMetric.custom("raw LMDB events/s", polarity: .prefersLarger, useScalingFactor: false)
let logRate = BenchmarkMetric.custom("caselog events/s", polarity: .prefersLarger, useScalingFactor: false)
let ratio = BenchmarkMetric.custom("caselog / raw (%)", polarity: .prefersLarger, useScalingFactor: false)

func report(_ benchmark: Benchmark, events: Int, raw: Double, log: Double) {
    benchmark.measurement(rawRate, Int(Double(events) / raw))
    benchmark.measurement(logRate, Int(Double(events) / log))
    benchmark.measurement(ratio, Int((raw / log * 100).rounded()))
}

/// The events shared by the benchmarks, made once per process.
nonisolated(unsafe) var sharedWorkload: Workload?
func workload(_ count: Int) -> Workload {
    if let existing = sharedWorkload, existing.events.count == count { return existing }
    let made = Workload(count: count)
    sharedWorkload = made
    return made
}

/// A new store; `keepingViews` keeps the built-in views current with every write, as
/// `caselog` does.
func openStore(_ path: String, durable: Bool = true, keepingViews: Bool = false) -> EventStore {
    var options = EventStore.Options()
    options.isDurable = durable
    options.initialMapSize = 2 << 30
    if keepingViews { options.followers = BuiltInViews.followers }
    return try! EventStore.create(at: path, options: options).store
}

/// The log's record bytes for the workload's events, to give the baseline the same bytes.
func recordBytes(_ workload: Workload) -> [[UInt8]] {
    let scratch = ScratchDirectory("records")
    defer { scratch.remove() }
    let store = openStore(scratch.appending("store"), durable: false)
    try! store.write(actor: "bench.worker") { writer in
        for index in workload.events.indices { try writer.append(workload.events[index], to: workload.streams[index]) }
    }
    return try! store.read { reader in
        var records: [[UInt8]] = []
        try reader.scan { records.append(Array($0.bytes)) }
        return records
    }
}

let eventsPerSecond = BenchmarkMetric.custom("caselog events/s (budget ≥ 1,000,000)", polarity: .prefersLarger, useScalingFactor: false)
let anonymousPeak = BenchmarkMetric.custom("anonymous MB of the whole process at its peak", polarity: .prefersSmaller, useScalingFactor: false)
let anonymousGrowth = BenchmarkMetric.custom("anonymous MB added while rebuilding (budget < 200)", polarity: .prefersSmaller, useScalingFactor: false)

/// A store of 1,000,000 generated events (the sample history, as `caselog generate` makes it),
/// imported once per process without its views, for the rebuild benchmark.
nonisolated(unsafe) var viewsStore: (scratch: ScratchDirectory, store: EventStore)?
func storeForViews(events: Int) -> (path: String, store: EventStore) {
    if let made = viewsStore { return (made.scratch.appending("store"), made.store) }
    let scratch = ScratchDirectory("views")
    var configuration = SampleHistory.Configuration()
    configuration.events = events
    configuration.seed = 11
    configuration.start = SampleHistory.start(for: configuration, endingBefore: Timestamp(year: 2026, month: 9, day: 30))
    var text: [UInt8] = []
    text.reserveCapacity(events * 330)
    for sample in SampleHistory(configuration) {
        text.append(contentsOf: sample.jsonLine.utf8)
        text.append(0x0A)
    }
    let store = openStore(scratch.appending("store"), durable: false)
    let summary = try! Importer(store: store, actor: "bench.worker").run(LineReader(bytes: text))
    precondition(summary.appended == events)
    viewsStore = (scratch, store)
    return (scratch.appending("store"), store)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [rawRate, logRate, ratio], warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 5)

    Benchmark("append: batches of 1,000 events (~400 B)", configuration: configuration) { benchmark in
        let events = workload(100_000)
        let raw = recordBytes(events)
        let scratch = ScratchDirectory("batched")
        defer { scratch.remove() }
        let rawStore = RawLMDB(path: scratch.appending("raw"))
        let store = openStore(scratch.appending("log"))
        let handed = events.handed(events.events.indices)
        // In ten rounds of 10,000 events a side, taking turns to go first, so that a burst of
        // the machine's other work falls on both sides alike rather than on one.
        let rounds = 10
        let perRound = raw.count / rounds
        let rawRounds = (0..<rounds).map { Array(raw[$0 * perRound..<($0 + 1) * perRound]) }
        var rawTime = 0.0
        var logTime = 0.0
        for round in 0..<rounds {
            let rawSide = { rawTime += seconds { rawStore.append(rawRounds[round], batch: 1_000) } }
            let logSide = { logTime += seconds { try! handed.append(to: store, batch: 1_000, upTo: (round + 1) * perRound) } }
            if round.isMultiple(of: 2) { rawSide(); logSide() } else { logSide(); rawSide() }
        }
        report(benchmark, events: rounds * perRound, raw: rawTime, log: logTime)
    }

    Benchmark("append: one durable event per transaction", configuration: configuration) { benchmark in
        let events = workload(100_000)
        let raw = Array(recordBytes(events).prefix(400))
        let scratch = ScratchDirectory("durable")
        defer { scratch.remove() }
        let rawTime = seconds { RawLMDB(path: scratch.appending("raw")).appendEachDurably(raw) }
        let store = openStore(scratch.appending("log"))
        let handed = events.handed(0..<raw.count)
        let logTime = seconds { try! handed.append(to: store, batch: 1) }
        report(benchmark, events: raw.count, raw: rawTime, log: logTime)
    }

    Benchmark("import: 200,000 event lines (JSON edge included)", configuration: configuration) { benchmark in
        let events = workload(200_000)
        let scratch = ScratchDirectory("import")
        defer { scratch.remove() }
        let file = scratch.appending("events.jsonl")
        events.write(to: file)
        let rawTime = try! seconds {
            let raw = RawLMDB(path: scratch.appending("raw"))
            let reader = try LineReader(path: file)
            try raw.appendLines(batch: 1_000) { put in try reader.forEachLine { _, line, _ in put(line) } }
        }
        // The views kept current, as `caselog import` keeps them.
        let store = openStore(scratch.appending("log"), keepingViews: true)
        let logTime = try! seconds {
            let summary = try Importer(store: store, actor: "bench.worker").run(try LineReader(path: file))
            precondition(summary.appended == events.events.count)
        }
        report(benchmark, events: events.events.count, raw: rawTime, log: logTime)
    }

    Benchmark("read: full scan of 200,000 events", configuration: configuration) { benchmark in
        let events = workload(200_000)
        let scratch = ScratchDirectory("scan")
        defer { scratch.remove() }
        let store = openStore(scratch.appending("log"), durable: false)
        try! store.write(actor: "bench.worker") { writer in
            for index in events.events.indices { try writer.append(events.events[index], to: events.streams[index]) }
        }
        let raw = RawLMDB(existingStore: scratch.appending("log"))
        var rawSum = 0
        var logSum: UInt64 = 0
        let rawTime = seconds { rawSum = raw.scan() }
        let logTime = seconds {
            try! store.read { reader in
                try reader.scan { record in
                    logSum &+= record.version &+ record.streamNumber &+ UInt64(record.typeBytes.count) &+ UInt64(record.dataBytes.count)
                }
            }
        }
        blackHole(rawSum)
        blackHole(logSum)
        report(benchmark, events: events.events.count, raw: rawTime, log: logTime)
    }

    Benchmark("read: one stream of 2,000 events among 200,000", configuration: configuration) { benchmark in
        let events = workload(200_000)
        let scratch = ScratchDirectory("stream")
        defer { scratch.remove() }
        let store = openStore(scratch.appending("log"), durable: false)
        var positions: [UInt64] = []
        try! store.write(actor: "bench.worker") { writer in
            for index in events.events.indices {
                try writer.append(events.events[index], to: events.streams[index])
                if index % 100 == 0 {
                    var note = events.events[index]
                    note.id = .random()
                    let result = try writer.append(note, to: "TS-2020-000001")
                    positions.append(result.positions[0])
                }
            }
        }
        let raw = RawLMDB(existingStore: scratch.appending("log"))
        var rawSum = 0
        var logSum = 0
        let rounds = 20
        let rawTime = seconds { for _ in 0..<rounds { rawSum &+= raw.get(positions: positions) } }
        let logTime = seconds {
            for _ in 0..<rounds {
                try! store.read { reader in try reader.scanStream("TS-2020-000001") { logSum &+= $0.bytes.count } }
            }
        }
        precondition(rawSum == logSum)
        report(benchmark, events: positions.count * rounds, raw: rawTime, log: logTime)
    }

    Benchmark("views: rebuild every built-in view over 1,000,000 events",
              configuration: Benchmark.Configuration(metrics: [rawRate, logRate, ratio, eventsPerSecond, anonymousGrowth, anonymousPeak],
                                                     warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 5)) { benchmark in
        let events = 1_000_000
        let (path, store) = storeForViews(events: events)
        let raw = RawLMDB(existingStore: path)
        var rawSum = 0
        let rawTime = seconds { rawSum = raw.scan() }
        blackHole(rawSum)
        // Freed memory goes back to the system first, so that what the rebuild allocates shows
        // as growth rather than reusing the import's freed pages unseen.
        releaseFreedMemory()
        let before = anonymousMemory()
        var peak = before
        let logTime = seconds {
            for view in BuiltInViews.all {
                try! view.rebuild(in: store, actor: "bench.worker") { _, _ in peak = max(peak, anonymousMemory()) }
            }
        }
        peak = max(peak, anonymousMemory())
        report(benchmark, events: events, raw: rawTime, log: logTime)
        benchmark.measurement(eventsPerSecond, Int(Double(events) / logTime))
        benchmark.measurement(anonymousGrowth, (peak - before) >> 20)
        benchmark.measurement(anonymousPeak, peak >> 20)
    }

    Benchmark("analysts: project run of a per-case fold with grouping over 1,000,000 events",
              configuration: Benchmark.Configuration(metrics: [rawRate, logRate, ratio, eventsPerSecond],
                                                     warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 5)) { benchmark in
        let events = 1_000_000
        let (path, store) = storeForViews(events: events)
        // Projections/examples/safeguarding-triage-days.yaml: working days from concern to triage
        // (a per-case fold), by quarter and risk level (grouping), median per group.
        let spec = try! ProjectionSpecReader.read("""
            name: safeguarding-triage-days
            events:
              types: [safeguarding.concern-raised]
            per-case:
              working-days-to-triage: { working-days: { from: safeguarding.concern-raised, to: safeguarding.triaged } }
              risk-level: { first: safeguarding.triaged, field: riskLevel }
            group-by: [quarter, risk-level]
            measures:
              concerns: count
              median-working-days: { median: working-days-to-triage }
            """)
        let raw = RawLMDB(existingStore: path)
        var rawSum = 0
        let rawTime = seconds { rawSum = raw.scan() }
        blackHole(rawSum)
        var rows = 0
        let logTime = seconds { rows = try! spec.run(in: store).rows.count }
        precondition(rows > 0)
        report(benchmark, events: events, raw: rawTime, log: logTime)
        benchmark.measurement(eventsPerSecond, Int(Double(events) / logTime))
    }
}
