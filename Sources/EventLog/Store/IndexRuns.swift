import LMDB

/// One run of the event-id and stream indexes: the entries of the records at positions
/// `firstPosition` through `lastPosition`, each index's in its database number `slot`
/// (docs/FORMAT.md §2).
struct IndexRun: Equatable, Sendable {
    /// Which of each index's databases holds the run (`StoreDatabases.eventIDs[slot]`, …).
    let slot: Int
    let firstPosition: UInt64
    let lastPosition: UInt64

    /// Records (so entries in each index) in the run.
    var count: UInt64 { lastPosition - firstPosition + 1 }

    /// Runs of about the same size share a class: one class per factor of `IndexRuns.fanOut`
    /// above `smallest` (the index batch size of the process that merges).
    func sizeClass(smallest: UInt64) -> Int {
        var size = count / max(smallest, 1)
        var sizeClass = 0
        while size >= UInt64(IndexRuns.fanOut) {
            size /= UInt64(IndexRuns.fanOut)
            sizeClass += 1
        }
        return sizeClass
    }
}

/// The runs the event-id and stream indexes are kept in, in the order of the positions they
/// cover, as `meta`'s `index-runs` holds them.
///
/// Why runs: an index kept as one B-tree takes each batch of the tail at random places (ids
/// are random; the streams written to are spread over the whole stream index), so writing a
/// batch copies nearly every page of both trees, and a batch costs more the larger the log.
/// A batch written as a new run, into an empty database of its own, is appended instead:
/// pages are left full and no older page is touched. A look-up then asks each run, so runs
/// are merged as they accumulate: `fanOut` runs of one size class become one run of the next
/// (size-tiered compaction, as LSM trees and EventStoreDB's index tables do), and the merged
/// runs' databases are emptied whole (LMDB frees their pages without visiting each entry).
/// There are so at most `fanOut - 1` runs of each class, a few in all, and each entry is
/// rewritten once per class it climbs.
struct IndexRuns: Equatable, Sendable {
    /// How many runs of one size class are merged into one.
    static let fanOut = 4
    /// Bytes of one run in `index-runs`: slot, first and last position (8 bytes each, little-endian).
    static let encodedSize = 24
    /// Databases per index, so the most runs there can be. Size-tiered merging keeps three a
    /// class at most, which is 16 runs only past a billion records; a write that would leave
    /// fewer than two slots free merges its newest runs whatever their classes (`runsToMerge`).
    static let slotCount = 16

    /// In position order; they cover positions 1 through `indexedThrough` without gaps.
    private(set) var runs: [IndexRun]

    /// No runs: nothing indexed.
    init() { runs = [] }

    /// Decodes `index-runs`; nil when it is damaged (not whole runs, more than a write leaves,
    /// gaps or overlaps, a slot out of range or used twice).
    init?(encoded bytes: UnsafeRawBufferPointer) {
        guard bytes.count % Self.encodedSize == 0, bytes.count / Self.encodedSize <= Self.slotCount - 2 else { return nil }
        var runs: [IndexRun] = []
        runs.reserveCapacity(bytes.count / Self.encodedSize)
        for offset in stride(from: 0, to: bytes.count, by: Self.encodedSize) {
            let slot = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            guard slot < UInt64(Self.slotCount) else { return nil }
            let run = IndexRun(slot: Int(slot),
                               firstPosition: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                               lastPosition: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)))
            guard run.firstPosition == (runs.last?.lastPosition ?? 0) + 1, run.lastPosition >= run.firstPosition,
                  !runs.contains(where: { $0.slot == run.slot })
            else { return nil }
            runs.append(run)
        }
        self.runs = runs
    }

    /// The bytes of `index-runs`.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(runs.count * Self.encodedSize)
        for run in runs {
            for value in [UInt64(run.slot), run.firstPosition, run.lastPosition] {
                withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// The last position the runs cover (0 when there are none).
    var indexedThrough: UInt64 { runs.last?.lastPosition ?? 0 }

    /// The first slot no run uses.
    var freeSlot: Int? { (0..<Self.slotCount).first { slot in !runs.contains { $0.slot == slot } } }

    /// The run whose entries cover `position`, if the runs reach it.
    func run(covering position: UInt64) -> IndexRun? {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].lastPosition < position { low = middle + 1 } else { high = middle }
        }
        guard low < runs.count, runs[low].firstPosition <= position else { return nil }
        return runs[low]
    }

    /// Adds a run for the records after `indexedThrough` through `lastPosition`, in a free
    /// slot, and returns it.
    ///
    /// - Precondition: a slot is free (`runsToMerge` keeps two free after every write, and a
    ///   list with more runs than that does not decode).
    mutating func add(through lastPosition: UInt64) -> IndexRun {
        precondition(lastPosition > indexedThrough, "a run must cover at least one record")
        guard let slot = freeSlot else { preconditionFailure("every index slot is in use") }
        let run = IndexRun(slot: slot, firstPosition: indexedThrough + 1, lastPosition: lastPosition)
        runs.append(run)
        return run
    }

    /// The runs to merge now, if any: the newest `fanOut` when they share a size class (runs
    /// smaller than `batchSize` records are all of the smallest), or whatever their classes when
    /// fewer than two slots would be left free (one for the next write's run, one for a merge).
    func runsToMerge(batchSize: Int) -> Range<Int>? {
        guard runs.count >= Self.fanOut else { return nil }
        let range = (runs.count - Self.fanOut)..<runs.count
        if runs.count > Self.slotCount - 2 { return range }
        let smallest = UInt64(max(batchSize, 1))
        let sizeClass = runs[range.lowerBound].sizeClass(smallest: smallest)
        return runs[range].allSatisfy { $0.sizeClass(smallest: smallest) == sizeClass } ? range : nil
    }

    /// Replaces the runs in `range` (the newest) by one run covering their positions, in a
    /// slot none of them uses, and returns it.
    mutating func merge(_ range: Range<Int>) -> IndexRun {
        precondition(range.upperBound == runs.count && !range.isEmpty, "only the newest runs are merged")
        guard let slot = freeSlot else { preconditionFailure("no index slot is free for a merge") }
        let merged = IndexRun(slot: slot, firstPosition: runs[range.lowerBound].firstPosition,
                              lastPosition: runs[range.upperBound - 1].lastPosition)
        runs.replaceSubrange(range, with: [merged])
        return merged
    }
}

/// A key of either index: 16 bytes, taken as two big-endian halves (an event id's bytes; a
/// stream number and a version).
struct IndexKey: ByteKey {
    let high: UInt64
    let low: UInt64

    static let size = 16

    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: (high.bigEndian, low.bigEndian), body)
    }

    /// The key in `bytes`, nil when it is not 16 bytes.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == Self.size else { return nil }
        high = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
        low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The event-id index's key of `id`.
    init(id: EventID) { self.init(high: id.high, low: id.low) }

    /// The stream index's key of `version` of stream `streamNumber`.
    init(streamNumber: UInt64, version: UInt64) { self.init(high: streamNumber, low: version) }
}
