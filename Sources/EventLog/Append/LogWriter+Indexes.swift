import LMDB

/// Bringing the indexes up to date at the end of a write (see `PendingIndex`).
extension LogWriter {
    /// Writes the heads that carry state and, when the tail has reached `batchSize` records,
    /// brings the indexes up to date. Called once, before the commit.
    mutating func finish(batchSize: Int) throws {
        guard wroteAnything else { return }
        if pending.count >= batchSize {
            try writeIndexes(batchSize: batchSize)
        } else {
            for streamHead in heads.heads {
                try transaction.pointee.put(streamHead.encoded(), for: streamHead.name, in: databases.streams)
            }
        }
    }

    /// Moves the tail into the indexes: event ids and stream-index entries in key order (so
    /// that each B-tree page is visited once), every tail stream's head, and the new
    /// `indexedThrough`.
    mutating func writeIndexes(batchSize: Int) throws {
        let txn = transaction
        // Through one cursor per index, in key order: LMDB looks on the cursor's page before
        // descending the tree, and consecutive keys are mostly on the same page. Keys after
        // an index's last one are appended (`.append`), which leaves pages full instead of
        // splitting each in half: time-ordered ids, new streams and new stream names all come
        // after the last key, and in a new store every key does.
        let ids = pending.idsInKeyOrder()
        try txn.pointee.withWriteCursor(on: databases.eventIDs) { cursor in
            let last = try cursor.lastKey().map { key -> EventID in
                guard let id = EventID(bytes: key) else { throw StoreError.corruptedIndex(reason: "the event-id index holds a key of \(key.count) bytes") }
                return id
            }
            for (id, position) in ids {
                let appending = last.map { id > $0 } ?? true
                try cursor.put(PositionValue(position: position), for: EventIDKey(id: id), flags: appending ? .append : [])
            }
        }
        let streams = pending.streams.sorted { $0.value.number < $1.value.number }
        try txn.pointee.withWriteCursor(on: databases.streamIndex) { cursor in
            let last = try cursor.lastKey().map { key -> (UInt64, UInt64) in
                guard key.count == 16 else { throw StoreError.corruptedIndex(reason: "the stream index holds a key of \(key.count) bytes") }
                return (UInt64(bigEndian: key.loadUnaligned(as: UInt64.self)), UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            }
            for (_, tail) in streams {
                for (index, position) in tail.positions.enumerated() {
                    let key = (tail.number, tail.version(at: index))
                    let appending = last.map { key > $0 } ?? true
                    try cursor.put(PositionValue(position: position), for: StreamIndexKey(streamNumber: key.0, version: key.1),
                                   flags: appending ? .append : [])
                }
            }
        }
        var changedHeads: [StreamHead] = []
        changedHeads.reserveCapacity(streams.count + heads.heads.count)
        for (name, _) in streams {
            if let streamHead = try streamHead(name) { changedHeads.append(streamHead) }
        }
        for streamHead in heads.heads where pending.streams[streamHead.name] == nil { changedHeads.append(streamHead) }
        changedHeads.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        try txn.pointee.withWriteCursor(on: databases.streams) { cursor in
            let last = try cursor.lastKey().map { Array($0) }
            for streamHead in changedHeads {
                let appending = last.map { $0.lexicographicallyPrecedes(streamHead.name.utf8) } ?? true
                try cursor.put(streamHead.encoded(), for: streamHead.name, flags: appending ? .append : [])
            }
        }
        try txn.pointee.put(LittleEndian.bytes(nextStreamNumber), for: MetaKey.nextStreamNumber, in: databases.meta)
        try txn.pointee.put(LittleEndian.bytes(head.position), for: MetaKey.indexedThrough, in: databases.meta)
        pending = PendingIndex(indexedThrough: head.position, capacity: min(pending.count, batchSize))
    }
}
