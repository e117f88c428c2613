import LMDB

/// Merges runs of the indexes into one run in a free slot (`IndexRuns`), inside the write that
/// decided to.
///
/// Each run is read a chunk at a time, from where it was left (so memory stays small however
/// large the runs are), the chunks are merged in key order and appended to the free slot's
/// database, which is empty; then the merged runs' databases are emptied whole, which frees
/// their pages without visiting each entry.
struct IndexRunMerge {
    /// The runs to merge: the newest, in position order.
    let runs: [IndexRun]
    /// The merged run's slot.
    let target: Int

    /// Entries read at a time from each run.
    static let chunkSize = 512

    init(runs: [IndexRun], into target: Int) {
        precondition(!runs.contains { $0.slot == target }, "a merged run goes to a free slot")
        self.runs = runs
        self.target = target
    }

    /// Throws unless both indexes' databases of `slot` are empty, as a slot no run uses is.
    static func checkEmpty(slot: Int, of databases: StoreDatabases, in txn: borrowing WriteTransaction) throws {
        for database in [databases.eventIDs[slot], databases.streamIndex[slot]] {
            let entries = try txn.statistics(of: database).entries
            guard entries == 0 else {
                throw StoreError.corruptedIndex(reason: "\(database.name) holds \(entries) entries but no run")
            }
        }
    }

    /// Writes the merged run of both indexes and empties the merged runs' databases.
    func run(on databases: StoreDatabases, in txn: borrowing WriteTransaction) throws {
        try Self.checkEmpty(slot: target, of: databases, in: txn)
        for slots in [databases.eventIDs, databases.streamIndex] {
            let merged = try merge(from: runs.map { slots[$0.slot] }, into: slots[target], in: txn)
            let expected = runs.reduce(0) { $0 + Int($1.count) }
            guard merged == expected else {
                throw StoreError.corruptedIndex(reason: "\(slots[target].name) merged \(merged) entries from runs that cover \(expected) records")
            }
            for run in runs { try txn.removeAll(in: slots[run.slot]) }
        }
    }

    /// One run's entries, a chunk at a time.
    private struct Source {
        let database: Database
        var entries: [(high: UInt64, low: UInt64, value: UInt64)] = []
        var next = 0
        /// Where the next chunk starts; nil when the run has been read to its end.
        var resume: IndexKey? = IndexKey(high: 0, low: 0)

        init(database: Database) {
            self.database = database
            entries.reserveCapacity(IndexRunMerge.chunkSize)
        }

        var current: (high: UInt64, low: UInt64, value: UInt64)? { next < entries.count ? entries[next] : nil }

        mutating func advance<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws {
            next += 1
            if next == entries.count { try refill(in: txn) }
        }

        mutating func refill<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws {
            entries.removeAll(keepingCapacity: true)
            next = 0
            guard let from = resume else { return }
            resume = nil
            let database = database
            try txn.withCursor(on: database) { cursor in
                var entry = try cursor.seek(atLeast: from)
                while let (bytes, value) = entry {
                    guard let key = IndexKey(bytes), value.count == 8 else {
                        throw StoreError.corruptedIndex(reason: "\(database.name) holds an entry of \(bytes.count) + \(value.count) bytes")
                    }
                    if entries.count == IndexRunMerge.chunkSize {
                        resume = key
                        return
                    }
                    entries.append((key.high, key.low, value.loadUnaligned(as: UInt64.self)))
                    entry = try cursor.next()
                }
            }
        }
    }

    /// The entries of several runs of one index in key order (equal keys one after the other),
    /// a chunk of each in memory.
    private struct KeyOrder {
        private var sources: [Source]
        /// Each source's next key, kept apart from the sources so that choosing the smallest is a
        /// loop over a few integers; nil when the source is read out.
        private var heads: [(high: UInt64, low: UInt64)?]

        init<T: TransactionReading & ~Copyable>(_ databases: [Database], in txn: borrowing T) throws {
            sources = databases.map { Source(database: $0) }
            for index in sources.indices { try sources[index].refill(in: txn) }
            heads = sources.map { $0.current.map { (high: $0.high, low: $0.low) } }
        }

        mutating func next<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> (high: UInt64, low: UInt64, value: UInt64)? {
            var smallest: Int?
            for index in heads.indices {
                guard let head = heads[index] else { continue }
                if let best = smallest, let other = heads[best], other <= head { continue }
                smallest = index
            }
            guard let smallest, let entry = sources[smallest].current else { return nil }
            try sources[smallest].advance(in: txn)
            heads[smallest] = sources[smallest].current.map { (high: $0.high, low: $0.low) }
            return entry
        }
    }

    /// The first key that two of `databases` (runs of one index) both hold: within a run a key
    /// is unique, so this is how an event id stored twice in the log shows in its indexes
    /// (`verify`). O(entries), a chunk of each run in memory.
    static func firstSharedKey<T: TransactionReading & ~Copyable>(in databases: [Database], txn: borrowing T) throws -> IndexKey? {
        var order = try KeyOrder(databases, in: txn)
        var previous: (high: UInt64, low: UInt64)?
        while let entry = try order.next(in: txn) {
            if let previous, previous == (entry.high, entry.low) { return IndexKey(high: entry.high, low: entry.low) }
            previous = (entry.high, entry.low)
        }
        return nil
    }

    /// Appends the entries of `sources`, merged in key order, to `target`; returns how many.
    private func merge(from sources: [Database], into target: Database, in txn: borrowing WriteTransaction) throws -> Int {
        var order = try KeyOrder(sources, in: txn)
        var previous: (high: UInt64, low: UInt64)?
        var merged = 0
        try txn.withWriteCursor(on: target) { writer in
            while let entry = try order.next(in: txn) {
                if let previous, previous == (entry.high, entry.low) {
                    throw StoreError.corruptedIndex(reason: "\(target.name): two runs have the same entry")
                }
                previous = (entry.high, entry.low)
                // The value's bytes as they were (a little-endian position).
                try writer.put(RawValue(bits: entry.value), for: IndexKey(high: entry.high, low: entry.low), flags: .append)
                merged += 1
            }
        }
        return merged
    }
}

/// Eight bytes stored as they are in memory.
private struct RawValue: ByteKey {
    let bits: UInt64
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: bits, body)
    }
}
