import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bringing the indexes up to date at the end of a write (see `PendingIndex`).
extension LogWriter {
    /// Writes the heads that carry state and, when the tail has reached `batchSize` records,
    /// brings the indexes up to date. Called once, before the commit.
    mutating func finish(batchSize: Int) throws {
        guard wroteAnything else { return }
        try storeNewKeys()
        if pending.count >= batchSize {
            try writeIndexes(batchSize: batchSize)
        } else {
            for streamHead in heads.heads {
                try transaction.pointee.put(streamHead.encoded(), for: streamHead.name, in: databases.streams)
            }
        }
    }

    /// Moves the tail into the indexes: its event ids and stream-index entries as a new run
    /// (`IndexRuns`), merging runs when the newest have piled up, every tail stream's head, and
    /// the new `indexedThrough`.
    mutating func writeIndexes(batchSize: Int) throws {
        let txn = transaction
        var runs = try queries.indexRuns(in: txn.pointee)
        guard runs.indexedThrough == pending.indexedThrough else {
            throw StoreError.corruptedIndex(reason: "the index runs end at position \(runs.indexedThrough), but the indexes say they cover \(pending.indexedThrough)")
        }
        let run = runs.add(through: head.position)
        // In key order, into the slot's databases, which are empty: each entry is appended
        // (`.append`), so pages are left full and no page of another run is touched.
        try IndexRunMerge.checkEmpty(slot: run.slot, of: databases, in: txn.pointee)
        let ids = pending.idsInKeyOrder()
        try txn.pointee.withWriteCursor(on: databases.eventIDs[run.slot]) { cursor in
            for (id, position) in ids {
                try cursor.put(PositionValue(position: position), for: IndexKey(id: id), flags: .append)
            }
        }
        let streams = pending.streams.sorted { $0.stream.number < $1.stream.number }
        try txn.pointee.withWriteCursor(on: databases.streamIndex[run.slot]) { cursor in
            for (_, tail) in streams {
                for (index, position) in pending.positions(of: tail).enumerated() {
                    try cursor.put(PositionValue(position: position),
                                   for: IndexKey(streamNumber: tail.number, version: tail.version(at: index)), flags: .append)
                }
            }
        }
        while let range = runs.runsToMerge(batchSize: batchSize) {
            let merging = Array(runs.runs[range])
            let merged = runs.merge(range)
            try IndexRunMerge(runs: merging, into: merged.slot).run(on: databases, in: txn.pointee)
        }
        try txn.pointee.put(runs.encoded(), for: MetaKey.indexRuns, in: databases.meta)
        var changedHeads: [StreamHead] = []
        changedHeads.reserveCapacity(streams.count + heads.heads.count)
        for (name, _) in streams {
            if let streamHead = try streamHead(name) { changedHeads.append(streamHead) }
        }
        for streamHead in heads.heads where pending.stream(named: streamHead.name) == nil { changedHeads.append(streamHead) }
        // In name order, for the cursor's locality; the heads' places are sorted rather than
        // the heads, which a sort would move (a retain and a release of each part per move).
        var order = Array(changedHeads.indices)
        changedHeads.withUnsafeBufferPointer { heads in
            order.sort { Self.bytesPrecede(heads[$0].name, heads[$1].name) }
        }
        try txn.pointee.withWriteCursor(on: databases.streams) { cursor in
            let last = try cursor.lastKey().map { String(decoding: $0, as: UTF8.self) }
            for index in order {
                let appending = last.map { Self.bytesPrecede($0, changedHeads[index].name) } ?? true
                try cursor.put(changedHeads[index].encoded(), for: changedHeads[index].name, flags: appending ? .append : [])
            }
        }
        try txn.pointee.put(LittleEndian.bytes(nextStreamNumber), for: MetaKey.nextStreamNumber, in: databases.meta)
        try txn.pointee.put(LittleEndian.bytes(head.position), for: MetaKey.indexedThrough, in: databases.meta)
        pending = PendingIndex(indexedThrough: head.position, capacity: min(pending.count, batchSize))
    }

    /// Whether `lhs`'s UTF-8 sorts before `rhs`'s, as LMDB orders keys (byte by byte, a prefix
    /// first). A generic comparison of the two UTF-8 views took a twentieth of a batch.
    static func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
        let compared: Bool?? = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                let shared = min(left.count, right.count)
                let order = shared == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, shared)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
        return (compared ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
