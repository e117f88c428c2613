import LMDB

// The rows of the projections kept current (docs/FORMAT.md §2, `views`): each view is a set of
// rows, key → bytes, that only its projection writes. Rows are written in the same write
// transaction as the events they follow, with the view's checkpoint (`saveCheckpoint`), so a
// view is always exactly "the log up to its checkpoint, folded".

extension StoreQueries {
    func viewRow<T: TransactionReading & ~Copyable>(
        in view: String, key: UnsafeRawBufferPointer, in txn: borrowing T
    ) throws -> UnsafeRawBufferPointer? {
        try txn.value(for: ViewRowKey(view: view, row: key), in: databases.views)
    }

    func forEachViewRow<T: TransactionReading & ~Copyable>(
        in view: String, in txn: borrowing T, _ body: (_ key: UnsafeRawBufferPointer, _ row: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let prefix = ViewRowKey.prefix(view)
        try txn.withCursor(on: databases.views) { cursor in
            var entry = try cursor.seek(atLeast: prefix)
            while let (key, value) = entry, key.starts(with: prefix) {
                try body(UnsafeRawBufferPointer(rebasing: key[prefix.count...]), value)
                entry = try cursor.next()
            }
        }
    }
}

/// Where a view's checkpoint is kept: in `checkpoints`, under a name no consumer may take
/// (`LogWriter.saveCheckpoint` refuses the prefix), so that a subscriber cannot move a view past
/// records it never folded.
enum ViewCheckpoint {
    static let prefix = "view:"
    static func name(_ view: String) -> String { prefix + view }
}

extension LogReader {
    /// The last position folded into view `view` (0 when it was never built).
    public func checkpoint(ofView view: String) throws -> UInt64 {
        try queries.checkpoint(named: ViewCheckpoint.name(view), in: transaction.pointee) ?? 0
    }

    /// The row `key` of view `view`, if there is one. Points into the snapshot: valid until the
    /// read closure returns.
    public func viewRow(in view: String, key: some ByteKey) throws -> UnsafeRawBufferPointer? {
        try key.withKeyBytes { try queries.viewRow(in: view, key: $0, in: transaction.pointee) }
    }

    /// Calls `body` with every row of view `view`, in key order (bytewise).
    public func forEachViewRow(in view: String, _ body: (_ key: UnsafeRawBufferPointer, _ row: UnsafeRawBufferPointer) throws -> Void) throws {
        try queries.forEachViewRow(in: view, in: transaction.pointee, body)
    }
}

extension LogWriter {
    /// The row `key` of view `view` as this write leaves it, copied.
    public func viewRow(in view: String, key: some ByteKey) throws -> [UInt8]? {
        try key.withKeyBytes { try queries.viewRow(in: view, key: $0, in: transaction.pointee).map { Array($0) } }
    }

    /// Calls `body` with every row of view `view` as this write leaves it, in key order. The
    /// bytes are valid during the call only; do not write to the store inside `body`.
    public func forEachViewRow(in view: String, _ body: (_ key: UnsafeRawBufferPointer, _ row: UnsafeRawBufferPointer) throws -> Void) throws {
        try queries.forEachViewRow(in: view, in: transaction.pointee, body)
    }

    /// Stores `row` under `key` in view `view`, replacing what was there, with this write.
    ///
    /// - Throws: `AppendError.invalidName` when `view` is empty, longer than 255 bytes or holds
    ///   a zero byte; `StoreError` when the store cannot write.
    public func putViewRow(_ row: some ByteKey, in view: String, key: some ByteKey) throws {
        try Self.checkViewName(view)
        try key.withKeyBytes { keyBytes in
            try transaction.pointee.put(row, for: ViewRowKey(view: view, row: keyBytes), in: databases.views)
        }
    }

    /// Removes the row `key` of view `view`, if it is there (what a view no longer keeps).
    public func removeViewRow(in view: String, key: some ByteKey) throws {
        try Self.checkViewName(view)
        try key.withKeyBytes { keyBytes in
            _ = try transaction.pointee.delete(ViewRowKey(view: view, row: keyBytes), in: databases.views)
        }
    }

    /// Removes every row of view `view` and its checkpoint (a rebuild starts from here).
    public func removeView(_ view: String) throws {
        try Self.checkViewName(view)
        let prefix = ViewRowKey.prefix(view)
        // Keys are copied and deleted through the transaction (not the cursor), a batch at a
        // time, so that a full map is seen by the write's retry like any other put.
        while true {
            let batch: [[UInt8]] = try transaction.pointee.withCursor(on: databases.views) { cursor in
                var keys: [[UInt8]] = []
                var entry = try cursor.seek(atLeast: prefix)
                while let (key, _) = entry, key.starts(with: prefix), keys.count < 4_096 {
                    keys.append(Array(key))
                    entry = try cursor.next()
                }
                return keys
            }
            if batch.isEmpty { break }
            for key in batch { _ = try transaction.pointee.delete(key, in: databases.views) }
        }
        _ = try transaction.pointee.delete(ViewCheckpoint.name(view), in: databases.checkpoints)
    }

    /// Calls `body` with every record from position `start` through `end`, this write's own
    /// appends included, in order, without copying.
    public func scan(from start: UInt64 = 1, through end: UInt64 = .max, _ body: (RecordView) throws -> Void) throws {
        try queries.scan(from: start, through: end, in: transaction.pointee, body)
    }

    /// The position saved under checkpoint `name`, as this write leaves it.
    public func checkpoint(named name: String) throws -> UInt64? {
        try queries.checkpoint(named: name, in: transaction.pointee)
    }

    /// The last position folded into view `view`, as this write leaves it (0 when never built).
    public func checkpoint(ofView view: String) throws -> UInt64 {
        try queries.checkpoint(named: ViewCheckpoint.name(view), in: transaction.pointee) ?? 0
    }

    /// Saves the last position folded into view `view`, with this write (and so with its rows).
    public func saveCheckpoint(_ position: UInt64, ofView view: String) throws {
        try Self.checkViewName(view)
        try transaction.pointee.put(PositionValue(position: position), for: ViewCheckpoint.name(view), in: databases.checkpoints)
    }

    /// True once this write has appended at least one event.
    public var hasAppended: Bool { head.position > startPosition }

    static func checkViewName(_ view: String) throws {
        try checkName(view, field: "view name")
        if view.utf8.contains(0) { throw AppendError.invalidName(field: "view name", reason: "it holds a zero byte") }
    }
}
