import LMDB

/// The records the indexes do not cover yet, held in memory.
///
/// A commit writes its records and little else: the event-id index, the stream index and the
/// stream heads are brought up to date in batches (`EventStore.Options.indexBatchSize`), in the
/// write that takes the unindexed tail past the batch size. Until then the records after
/// `indexedThrough` (at most a batch) are read from the log itself into this structure, and
/// every query folds it in. Each B-tree page an index touches is then copied once per batch,
/// not once per commit, which is what makes small durable commits cost what raw LMDB's do.
///
/// The tail is part of the log, so it needs no recovery: a crash at any moment leaves the
/// indexes complete through `indexedThrough` and the records after it in the log.
///
/// A tail is shared: the writer hands the tail it committed to the readers, and each reader
/// catches its copy up with what was committed since. So that neither copies a whole batch's
/// tables for the few records it adds, the tail is two parts: the older records in a frozen
/// part that every copy shares and nobody changes, and the newer ones in tables of the copy's
/// own (`Recent`). A copy that adds to recent tables another copy shares copies them, when
/// they hold fewer than `recentLimit` records, or else folds them into a new frozen part: a
/// copy of the whole tail once per `recentLimit` records or so, rather than once per reader or
/// per commit (which, with a server answering reads while its group committer writes, cost a
/// tenth of its time). A writer that holds its tail alone (an import) neither copies nor folds.
struct PendingIndex: Sendable {
    /// A stream's records in the tail: the last, and through `PendingIndex.previous(ofPlace:)`
    /// the others, back to the first. (An array of positions per stream cost a cache miss on
    /// its header, and often an allocation, for every record appended: a tenth of a batched
    /// append.)
    struct Stream: Sendable {
        /// The stream's number.
        let number: UInt64
        /// The places in the tail (`position - indexedThrough - 1`) of its first and last records.
        let firstPlace: Int
        var lastPlace: Int
        /// How many records it has in the tail (consecutive versions).
        var count: Int
        /// The version of the last of them.
        var lastVersion: UInt64
        /// Where the write `writeID` keeps the stream's head (`KeptHeads`), when that write keeps
        /// one: a slot noted by another write is not this one's.
        var keptHead: (writeID: UInt64, slot: Int)?

        /// The version of its `index`th record in the tail, from 0.
        func version(at index: Int) -> UInt64 { lastVersion - UInt64(count - 1 - index) }
    }

    /// The tail's first records, shared by every copy of the tail and never changed.
    final class Frozen: Sendable {
        /// For each of its records, by place, the place of the record before it in its stream
        /// (-1 for a stream's first in the tail).
        let previousInStream: [Int]
        let ids: [EventID: UInt64]
        let streams: [String: Stream]

        init(previousInStream: [Int] = [], ids: [EventID: UInt64] = [:], streams: [String: Stream] = [:]) {
            self.previousInStream = previousInStream
            self.ids = ids
            self.streams = streams
        }

        static let empty = Frozen()
    }

    /// The records after the frozen ones. Changed only through a `PendingIndex` that holds
    /// it alone (`makeRecentUnique`), as a copy-on-write buffer is, hence `@unchecked Sendable`.
    final class Recent: @unchecked Sendable {
        /// For each record after the frozen ones, the place of the record before it in its stream.
        var previousInStream: [Int] = []
        /// Event id → position, for the records after the frozen ones.
        var ids: [EventID: UInt64] = [:]
        /// The streams with records after the frozen ones, each whole (its values supersede the
        /// frozen part's).
        var streams: [String: Stream] = [:]

        init() {}

        func copy() -> Recent {
            let copy = Recent()
            copy.previousInStream = previousInStream
            copy.ids = ids
            copy.streams = streams
            return copy
        }
    }

    /// Records a shared recent part may hold and still be copied rather than folded into a new
    /// frozen part: small enough that a reader's copy of it costs little, large enough that
    /// folding (a copy of the whole tail) is rare.
    static let recentLimit = 256

    private var frozen: Frozen
    private var recent = Recent()

    /// The indexes cover positions 1 through this.
    let indexedThrough: UInt64
    /// The tail runs from `indexedThrough + 1` through this.
    private(set) var through: UInt64
    /// The highest stream number used in the tail (0 when none).
    private(set) var highestStreamNumber: UInt64 = 0

    /// An empty tail after `indexedThrough`, with room for `capacity` records before its
    /// tables grow.
    init(indexedThrough: UInt64, capacity: Int = 0) {
        self.indexedThrough = indexedThrough
        through = indexedThrough
        frozen = .empty
        reserveCapacity(capacity)
    }

    /// Records in the tail.
    var count: Int { Int(through - indexedThrough) }

    /// Makes room for `count` records in the recent part's tables.
    mutating func reserveCapacity(_ count: Int) {
        makeRecentUnique()
        let room = max(count - frozen.previousInStream.count, 0)
        recent.ids.reserveCapacity(room)
        recent.previousInStream.reserveCapacity(room)
    }

    /// Makes the recent part this copy's alone before it changes: copied when it is small,
    /// folded into a new frozen part when it is not.
    private mutating func makeRecentUnique() {
        guard !isKnownUniquelyReferenced(&recent) else { return }
        if recent.previousInStream.count >= Self.recentLimit { freeze() } else { recent = recent.copy() }
    }

    /// The place of the record before the one at `place` in its stream (-1: none in the tail).
    func previous(ofPlace place: Int) -> Int {
        let frozenCount = frozen.previousInStream.count
        return place < frozenCount ? frozen.previousInStream[place] : recent.previousInStream[place - frozenCount]
    }

    /// The position of the event with `id`, when it is in the tail.
    func position(of id: EventID) -> UInt64? { recent.ids[id] ?? frozen.ids[id] }

    /// How many ids the tail holds.
    var idCount: Int { frozen.ids.count + recent.ids.count }

    /// The tail's ids, in no particular order.
    var ids: [EventID] { Array(frozen.ids.keys) + Array(recent.ids.keys) }

    /// Stream `name`'s records in the tail, if it has any.
    func stream(named name: String) -> Stream? { recent.streams[name] ?? frozen.streams[name] }

    /// The names of the streams with records in the tail, in no particular order.
    var streamNames: [String] {
        var names = Array(recent.streams.keys)
        for name in frozen.streams.keys where recent.streams[name] == nil { names.append(name) }
        return names
    }

    /// Every stream with records in the tail, with its records, in no particular order.
    var streams: [(name: String, stream: Stream)] {
        var all: [(name: String, stream: Stream)] = recent.streams.map { ($0.key, $0.value) }
        for (name, stream) in frozen.streams where recent.streams[name] == nil { all.append((name, stream)) }
        return all
    }

    /// Reads the records after `through` up to `head` from the log.
    mutating func catchUp<T: TransactionReading & ~Copyable>(to head: UInt64, queries: StoreQueries, in txn: borrowing T) throws {
        guard head > through else { return }
        try queries.scan(from: through + 1, through: head, in: txn) { record in
            // A gap in the log is damage to report (exit 74), not a mistake in this code.
            guard record.position == through + 1 else {
                throw StoreError.corrupted(position: through + 1, reason: "position \(through + 1) is missing")
            }
            add(id: record.eventID, stream: record.stream, number: record.streamNumber,
                version: record.version, position: record.position)
        }
        guard through == head else {
            throw StoreError.corrupted(position: through + 1, reason: "the log ends at \(through), before its head \(head)")
        }
    }

    /// Notes a record appended at `position` (the next after `through`).
    mutating func add(id: EventID, stream: String, number: UInt64, version: UInt64, position: UInt64) {
        makeRecentUnique()
        recent.ids[id] = position
        addReserved(stream: stream, number: number, lastVersion: version, firstPosition: position, count: 1)
    }

    /// Notes `count` records appended to `stream` at consecutive positions from `firstPosition`
    /// (the next after `through`), whose ids were reserved for them, the last at `lastVersion`.
    /// `keptHead`, when given, is where the writer now keeps the stream's head.
    mutating func addReserved(
        stream: String, number: UInt64, lastVersion: UInt64,
        firstPosition: UInt64, count: Int, keptHead: (writeID: UInt64, slot: Int)? = nil
    ) {
        let last = firstPosition + UInt64(count) - 1
        precondition(firstPosition == through + 1, "the tail's records are noted in position order")
        makeRecentUnique()
        let first = Int(firstPosition - indexedThrough - 1)
        if let index = recent.streams.index(forKey: stream) {
            var previous = recent.streams.values[index].lastPlace
            for place in first..<(first + count) {
                recent.previousInStream.append(previous)
                previous = place
            }
            recent.streams.values[index].lastPlace = previous
            recent.streams.values[index].count += count
            recent.streams.values[index].lastVersion = lastVersion
            if let keptHead { recent.streams.values[index].keptHead = keptHead }
        } else {
            let frozenStream = frozen.streams[stream]
            var previous = frozenStream?.lastPlace ?? -1
            for place in first..<(first + count) {
                recent.previousInStream.append(previous)
                previous = place
            }
            if var moved = frozenStream {
                moved.lastPlace = previous
                moved.count += count
                moved.lastVersion = lastVersion
                if let keptHead { moved.keptHead = keptHead }
                recent.streams[stream] = moved
            } else {
                recent.streams[stream] = Stream(number: number, firstPlace: first, lastPlace: previous, count: count,
                                                lastVersion: lastVersion, keptHead: keptHead)
            }
        }
        highestStreamNumber = max(highestStreamNumber, number)
        through = last
    }

    /// Folds the recent part into a new frozen part, and starts an empty one.
    private mutating func freeze() {
        var previousInStream = frozen.previousInStream
        previousInStream.append(contentsOf: recent.previousInStream)
        var ids = frozen.ids
        ids.merge(recent.ids) { _, new in new }
        var streams = frozen.streams
        streams.merge(recent.streams) { _, new in new }
        frozen = Frozen(previousInStream: previousInStream, ids: ids, streams: streams)
        recent = Recent()
    }

    /// The position of the record at `place` in the tail.
    func position(ofPlace place: Int) -> UInt64 { indexedThrough + 1 + UInt64(place) }

    /// The positions of `stream`'s records in the tail, ascending.
    func positions(of stream: Stream) -> [UInt64] {
        var positions = [UInt64](repeating: 0, count: stream.count)
        var place = stream.lastPlace
        for index in stride(from: stream.count - 1, through: 0, by: -1) {
            positions[index] = position(ofPlace: place)
            place = previous(ofPlace: place)
        }
        return positions
    }

    /// Reserves `id` for the record about to be appended at `position`, unless the tail has
    /// it already: then returns its position and changes nothing. See `forget`.
    mutating func reserve(_ id: EventID, at position: UInt64) -> UInt64? {
        if let existing = frozen.ids[id] { return existing }
        makeRecentUnique()
        guard let existing = recent.ids.updateValue(position, forKey: id) else { return nil }
        recent.ids[id] = existing
        return existing
    }

    /// The tail's ids with their positions, in key order (the ids' bytes, as the event-id
    /// index sorts them).
    ///
    /// A radix sort of the high halves, eight bits a pass (a pass is skipped when every id
    /// has the same byte there, as time-ordered ids mostly do), then runs of equal high halves
    /// by their low halves: a few times faster than a comparison sort of a whole batch, and
    /// O(n log n) at worst (every id with the same high half).
    func idsInKeyOrder() -> [(id: EventID, position: UInt64)] {
        let count = idCount
        var entries: [(id: EventID, position: UInt64)] = []
        entries.reserveCapacity(count)
        for (id, position) in frozen.ids { entries.append((id, position)) }
        for (id, position) in recent.ids { entries.append((id, position)) }
        guard count > 1 else { return entries }
        var spare = entries
        entries.withUnsafeMutableBufferPointer { first in
            spare.withUnsafeMutableBufferPointer { second in
                var source = first
                var target = second
                var counts = [Int](repeating: 0, count: 256)
                for shift in stride(from: UInt64(0), to: 64, by: 8) {
                    for index in 0..<256 { counts[index] = 0 }
                    for entry in source { counts[Int(truncatingIfNeeded: entry.id.high &>> shift) & 0xFF] &+= 1 }
                    if counts[Int(truncatingIfNeeded: source[0].id.high &>> shift) & 0xFF] == count { continue }
                    var offset = 0
                    for index in 0..<256 {
                        let bucket = counts[index]
                        counts[index] = offset
                        offset &+= bucket
                    }
                    for entry in source {
                        let bucket = Int(truncatingIfNeeded: entry.id.high &>> shift) & 0xFF
                        target[counts[bucket]] = entry
                        counts[bucket] &+= 1
                    }
                    swap(&source, &target)
                }
                if source.baseAddress != first.baseAddress {
                    first.baseAddress!.update(from: source.baseAddress!, count: count)
                }
                // Runs of equal high halves (ids given by another system may share them) in
                // order of their low halves, each sorted on its own: O(n log n) however long.
                var start = 0
                while start < count {
                    var end = start + 1
                    while end < count, first[end].id.high == first[start].id.high { end += 1 }
                    if end - start > 1 {
                        var run = UnsafeMutableBufferPointer(rebasing: first[start..<end])
                        run.sort { $0.id.low < $1.id.low }
                    }
                    start = end
                }
            }
        }
        return entries
    }

    /// Takes back ids reserved for an append that was refused.
    /// (Reserved ids are in the recent part until their append is noted.)
    mutating func forget(_ id: EventID) {
        makeRecentUnique()
        recent.ids[id] = nil
    }

    /// The head of stream `name`: `stored` (from the index) moved on by the tail's records.
    ///
    /// A stored head may already include some of the tail (heads that carry validation state
    /// are written at once), so only the tail's records after its last position count.
    func head(of name: String, stored: StreamHead?) throws -> StreamHead? {
        guard let tail = stream(named: name) else { return stored }
        let after = stored?.lastPosition ?? 0
        let last = position(ofPlace: tail.lastPlace)
        guard last > after else { return stored }
        // Every record in the tail is newer than a head stored before it (the usual case);
        // otherwise the newer ones are found back from the last.
        var newer = tail.count
        if position(ofPlace: tail.firstPlace) <= after {
            newer = 0
            var place = tail.lastPlace
            while place >= 0, position(ofPlace: place) > after {
                newer += 1
                place = previous(ofPlace: place)
            }
        }
        let version = (stored?.version ?? 0) + UInt64(newer)
        guard version == tail.lastVersion else {
            throw StoreError.corruptedIndex(reason: "the head of stream \(name) is at version \(stored?.version ?? 0), which does not fit its records")
        }
        return StreamHead(name: name, number: tail.number, version: version,
                          firstPosition: stored?.firstPosition ?? position(ofPlace: tail.firstPlace),
                          lastPosition: last, state: stored?.state ?? [])
    }
}
