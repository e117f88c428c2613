// Where appends spend their I/O: events/s and bytes written to storage per event, for the log
// and for raw LMDB, batched (1,000 per durable commit) and one event per durable commit.
// Random event ids (as in imported lines) and time-ordered ones (as caselog issues) are both
// measured, because random keys spread index writes over many B-tree pages.
//
//     append-profile [EVENTS]
import BenchmarkSupport
import Casework
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// Bytes this process has caused to be written to storage (/proc/self/io).
func writtenBytes() -> Int {
    guard let file = fopen("/proc/self/io", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("write_bytes:") { return Int(String(text.filter(\.isNumber))) ?? 0 }
    }
    return 0
}

/// The events with time-ordered ids (a counter in the high bytes, version 7 bits).
func withOrderedIDs(_ workload: Workload) -> Workload {
    var workload = workload
    for index in workload.events.indices {
        var bytes = [UInt8](repeating: 0xA5, count: 16)
        withUnsafeBytes(of: UInt64(index + 1).bigEndian) { for byte in 2..<8 { bytes[byte - 2] = $0[byte] } }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        workload.events[index].id = bytes.withUnsafeBytes { EventID(bytes: $0)! }
    }
    return workload
}

func newStore(_ scratch: ScratchDirectory) throws -> EventStore {
    var options = EventStore.Options()
    options.initialMapSize = 2 << 30
    if let batch = getenv("INDEX_BATCH").flatMap({ Int(String(cString: $0)) }) { options.indexBatchSize = batch }
    return try EventStore.create(at: scratch.appending("log"), options: options).store
}

/// CPU seconds this process has used so far, in user space and in the kernel.
func cpuSeconds() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return (value(usage.ru_utime), value(usage.ru_stime))
}

func - (lhs: (user: Double, system: Double), rhs: (user: Double, system: Double)) -> (user: Double, system: Double) {
    (lhs.user - rhs.user, lhs.system - rhs.system)
}

func line(_ label: String, events: Int, seconds: Double, bytes: Int, cpu: (user: Double, system: Double)) {
    let perEvent = { (value: Double) in String(Int((value / Double(events) * 1e9).rounded())) }
    print("\(label): \(Int(Double(events) / seconds)) events/s, \(bytes / events) bytes written per event, "
        + "\(perEvent(seconds)) ns wall, \(perEvent(cpu.user)) ns user and \(perEvent(cpu.system)) ns system CPU per event")
}

let count = Int(CommandLine.arguments.dropFirst().first ?? "100000") ?? 100_000
let work = Workload(count: count)

// REPEAT=N appends the given-ids workload N times before measuring, for a profiler to sample.
if let repeats = getenv("REPEAT").flatMap({ Int(String(cString: $0)) }) {
    for _ in 0..<repeats {
        let scratch = ScratchDirectory("profile-repeat")
        defer { scratch.remove() }
        try work.append(0..<count, to: try newStore(scratch), batch: 1_000)
    }
}
for (label, workload) in [("batched, given ids", work), ("batched, time-ordered ids", withOrderedIDs(work))] {
    let scratch = ScratchDirectory("profile")
    defer { scratch.remove() }
    let store = try newStore(scratch)
    let handed = workload.handed(0..<count)
    let before = writtenBytes()
    let cpuBefore = cpuSeconds()
    let time = try seconds { try handed.append(to: store, batch: 1_000) }
    line(label, events: count, seconds: time, bytes: writtenBytes() - before, cpu: cpuSeconds() - cpuBefore)
}
do {
    let scratch = ScratchDirectory("profile-raw")
    defer { scratch.remove() }
    let before = writtenBytes()
    let cpuBefore = cpuSeconds()
    let time = seconds { RawLMDB(path: scratch.appending("raw")).append(work.lines, batch: 1_000) }
    line("batched, raw LMDB", events: count, seconds: time, bytes: writtenBytes() - before, cpu: cpuSeconds() - cpuBefore)
}

// One durable event per commit, after 20% of the events are in (so the trees have depth).
// BATCHED_ONLY=1 stops here, to profile the batched runs alone.
if getenv("BATCHED_ONLY") != nil { exit(0) }
let preload = count / 5
let single = min(1_000, count - preload)
for (label, workload) in [("single, given ids", work), ("single, time-ordered ids", withOrderedIDs(work))] {
    let scratch = ScratchDirectory("profile-single")
    defer { scratch.remove() }
    let store = try newStore(scratch)
    try workload.append(0..<preload, to: store, batch: preload)
    let handed = workload.handed(preload..<(preload + single))
    let before = writtenBytes()
    let cpuBefore = cpuSeconds()
    let time = try seconds { try handed.append(to: store, batch: 1) }
    line(label, events: single, seconds: time, bytes: writtenBytes() - before, cpu: cpuSeconds() - cpuBefore)
}
do {
    let scratch = ScratchDirectory("profile-single-raw")
    defer { scratch.remove() }
    let raw = RawLMDB(path: scratch.appending("raw"))
    raw.append(Array(work.lines.prefix(preload)), batch: preload)
    let before = writtenBytes()
    let cpuBefore = cpuSeconds()
    let time = seconds { raw.appendEachDurably(Array(work.lines[preload..<(preload + single)])) }
    line("single, raw LMDB", events: single, seconds: time, bytes: writtenBytes() - before, cpu: cpuSeconds() - cpuBefore)
}
