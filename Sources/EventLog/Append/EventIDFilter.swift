import LMDB

/// Which event ids may be in the log: a Bloom filter over every id at positions 1 through
/// `coveredThrough`, kept in memory by a process that appends many events.
///
/// Every append looks its event's id up, to make a retry idempotent. Almost every id is new,
/// and for a new id the look-up is a descent of the event-id B-tree that finds nothing: a few
/// cache misses and some twenty key comparisons, about a sixth of what appending an event
/// costs. The filter answers "certainly not in the log" from one cache line; only ids it
/// cannot rule out (ids in the log, and a fraction of a percent of the others) are looked up.
///
/// The filter is never wrong in the direction that matters: it holds every id of the log
/// through `coveredThrough`, and ids of writes that were then abandoned, which only cost a
/// look-up. It is a split-block Bloom filter (as in Parquet and Impala): an id sets one bit
/// in each of the eight 64-bit words of one 64-byte block, 16 bits of filter per id of
/// capacity.
///
/// Not persisted, and not part of the format: a process builds one when it has looked up
/// enough ids to pay for reading the event-id index once (a ski-rental rule,
/// `EventIDFilterSlot.shouldBuild`),
/// catches it up from the log when other processes have appended, and drops it otherwise.
final class EventIDFilter: @unchecked Sendable {
    // Unchecked: it is reached only inside a write transaction (one at a time, LMDB's writer
    // lock) or while the store holds it in its mutex between writes.

    /// The words, eight to a block: allocated once, never copied.
    private let words: UnsafeMutablePointer<UInt64>
    private let blockMask: UInt64
    /// How many ids it was sized for; past this, it is rebuilt larger.
    let capacity: Int
    /// How many ids have been added.
    private(set) var count = 0
    /// Every id at positions 1 through this is in the filter (once a commit has made it so).
    var coveredThrough: UInt64

    /// An empty filter for `capacity` ids that covers nothing yet.
    init(capacity: Int, coveredThrough: UInt64) {
        var blocks = 1
        while blocks * 32 < capacity { blocks *= 2 }
        words = .allocate(capacity: blocks * 8)
        words.initialize(repeating: 0, count: blocks * 8)
        blockMask = UInt64(blocks - 1)
        self.capacity = blocks * 32
        self.coveredThrough = coveredThrough
    }

    deinit { words.deallocate() }

    /// True when it has as many ids as it was sized for.
    var isFull: Bool { count >= capacity }

    /// Adds `id`.
    func insert(_ id: EventID) {
        let (block, bits) = Self.hashes(id, blockMask: blockMask)
        let base = words + Int(block) &* 8
        for word in 0..<8 { base[word] |= 1 &<< ((bits &>> (word &* 6)) & 63) }
        count += 1
    }

    /// False when `id` is certainly not among the ids added; true when it may be.
    func mayContain(_ id: EventID) -> Bool {
        let (block, bits) = Self.hashes(id, blockMask: blockMask)
        let base = words + Int(block) &* 8
        for word in 0..<8 where base[word] & (1 &<< ((bits &>> (word &* 6)) & 63)) == 0 { return false }
        return true
    }

    /// The block of `id` and 48 bits choosing one bit in each of its words. Ids may be
    /// time-ordered (version 7: a clock in the high bytes), so both halves are mixed.
    private static func hashes(_ id: EventID, blockMask: UInt64) -> (block: UInt64, bits: UInt64) {
        let mixed = mix(id.high ^ mix(id.low))
        return (mixed & blockMask, mix(mixed ^ 0x9E37_79B9_7F4A_7C15))
    }

    /// SplitMix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

/// A process's filter and what decides when to build one, kept by `EventStore` between
/// writes and lent to each write.
final class EventIDFilterSlot: @unchecked Sendable {
    // Unchecked: taken out of the store's mutex by one write at a time.

    /// The filter, when there is one.
    var filter: EventIDFilter?
    /// Ids this process has looked up in the event-id index since it last had a filter.
    var lookups = 0

    /// The ids a filter is first sized for, at least.
    let minimumCapacity: Int
    /// A filter is built when the look-ups, times this, reach the ids in the log: reading the
    /// index costs about this many sequential entries' worth per random look-up saved.
    static let lookupsPerEntryRead = 16

    init(minimumCapacity: Int) { self.minimumCapacity = minimumCapacity }

    /// Brings the filter up to `head` with the ids other processes appended since it was last
    /// used, or drops it when that would cost more than it saves.
    func catchUp<T: TransactionReading & ~Copyable>(to head: UInt64, queries: StoreQueries, in txn: borrowing T) throws {
        guard let current = filter else { return }
        if current.coveredThrough == head { return }
        // Fewer records than before cannot happen to a log; more than a quarter of the
        // filter's room are cheaper to find again through the index when needed.
        guard current.coveredThrough < head, head - current.coveredThrough <= UInt64(current.capacity / 4) else {
            drop()
            return
        }
        try queries.scan(from: current.coveredThrough + 1, through: head, in: txn) { record in
            current.insert(record.eventID)
        }
        current.coveredThrough = head
    }

    /// Forgets the filter; look-ups go to the index until the rule builds another.
    func drop() {
        filter = nil
        lookups = 0
    }

    /// Notes a look-up in the index, and tells whether a filter should be built now:
    /// when `lookups × lookupsPerEntryRead` has reached the ids the index holds.
    func shouldBuild<T: TransactionReading & ~Copyable>(queries: StoreQueries, tailCount: Int, in txn: borrowing T) throws -> Bool {
        lookups += 1
        // Asked at powers of two, so that the index's size is read a few dozen times at most.
        guard lookups & (lookups - 1) == 0 else { return false }
        let indexed = Int(try queries.indexedThrough(in: txn))
        return lookups * Self.lookupsPerEntryRead >= indexed + tailCount
    }

    /// A filter of every id in the event-id index and in `tail` (the ids after the index,
    /// including the current write's), covering `coveredThrough`; replaces the current one.
    func build<T: TransactionReading & ~Copyable>(
        tail: [EventID], coveredThrough: UInt64, queries: StoreQueries, in txn: borrowing T
    ) throws -> EventIDFilter {
        let runs = try queries.indexRuns(in: txn).runs
        let indexed = Int(try queries.indexedThrough(in: txn))
        let made = EventIDFilter(capacity: max(2 * (indexed + tail.count), minimumCapacity), coveredThrough: coveredThrough)
        for run in runs {
            try txn.withCursor(on: queries.databases.eventIDs[run.slot]) { cursor in
                var entry = try cursor.first()
                while let (bytes, _) = entry {
                    guard let key = IndexKey(bytes) else {
                        throw StoreError.corruptedIndex(reason: "the event-id index holds a key of \(bytes.count) bytes")
                    }
                    made.insert(EventID(high: key.high, low: key.low))
                    entry = try cursor.next()
                }
            }
        }
        for id in tail { made.insert(id) }
        filter = made
        return made
    }
}
