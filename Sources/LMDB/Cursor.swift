import CLMDB

/// A position in one database of a transaction, for walking keys in order.
///
/// Lent to a closure by `withCursor(on:_:)` and closed when it returns. Like every read,
/// the bytes it returns point into the memory map and are valid until the transaction ends.
public struct Cursor: ~Copyable {
    /// LMDB's cursor; nil on an absent database (`Database.absent(named:)`), which has no entries.
    @usableFromInline let pointer: OpaquePointer?
    /// The database this cursor walks.
    public let database: Database

    @usableFromInline
    init(transaction: OpaquePointer, database: Database) throws(LMDBError) {
        self.database = database
        if database.isAbsent {
            pointer = nil
            return
        }
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction, database.handle, &cursor), "opening a cursor on \(database.name)")
        pointer = cursor!
    }

    deinit { if let pointer { mdb_cursor_close(pointer) } }

    /// A key and its value, pointing into the memory map.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    @usableFromInline
    func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws(LMDBError) -> Entry? {
        guard let pointer else { return nil }
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(pointer, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "reading \(database.name)")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// Moves to the first entry; nil when the database is empty.
    @inlinable public func first() throws(LMDBError) -> Entry? { try move(MDB_FIRST) }
    /// Moves to the last entry; nil when the database is empty.
    @inlinable public func last() throws(LMDBError) -> Entry? { try move(MDB_LAST) }
    /// Moves to the next entry; nil past the end.
    @inlinable public func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }
    /// Moves to the previous entry; nil before the start.
    @inlinable public func previous() throws(LMDBError) -> Entry? { try move(MDB_PREV) }

    /// Moves to the first entry whose key is greater than or equal to `key`; nil if none.
    @inlinable
    public func seek(atLeast key: some ByteKey) throws(LMDBError) -> Entry? {
        var result: Entry?
        var failure: LMDBError?
        key.withKeyBytes { bytes in
            do throws(LMDBError) { result = try move(MDB_SET_RANGE, key: bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }
}

/// A cursor that stores entries in one database of the write transaction: lent to a closure
/// by `withWriteCursor(on:_:)` and closed when it returns, or kept by the log's writer for its
/// write (`openWriteCursor(on:)`).
public struct WriteCursor: ~Copyable {
    @usableFromInline let pointer: OpaquePointer
    @usableFromInline let outcome: WriteOutcome
    /// The database this cursor writes.
    public let database: Database

    @usableFromInline
    init(transaction: OpaquePointer, database: Database, outcome: WriteOutcome) throws(LMDBError) {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction, database.handle, &cursor), "opening a cursor on \(database.name)")
        pointer = cursor!
        self.database = database
        self.outcome = outcome
    }

    // LMDB frees a write transaction's cursors when it commits or aborts.
    deinit { if !outcome.hasEnded { mdb_cursor_close(pointer) } }

    /// Makes room for a value of `count` bytes under `key` and lends it to `fill`, which must
    /// write every byte (`MDB_RESERVE`). With `.append` through a cursor left at the end by
    /// the last append, LMDB does not descend the tree again: the fast path for a log.
    ///
    /// - Throws: `LMDBError`, or what `fill` throws (the transaction should then be abandoned).
    @inlinable
    public func reserve<R>(
        _ count: Int, for key: some ByteKey, flags: WriteTransaction.PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) throws -> R
    ) throws -> R {
        var v = MDB_val(mv_size: count, mv_data: nil)
        let rc: Int32 = key.withKeyBytes { keyBytes in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_cursor_put(pointer, &k, &v, flags.rawValue | UInt32(MDB_RESERVE))
        }
        try outcome.record(rc, "writing to \(database.name)")
        return try fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
    }

    /// The database's last key, or nil when it is empty (valid until the next put). Moves
    /// the cursor there.
    public func lastKey() throws(LMDBError) -> UnsafeRawBufferPointer? {
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(pointer, &k, &v, MDB_LAST)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "reading \(database.name)")
        return UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size)
    }

    /// Stores `value` under `key`, replacing any value there, and leaves the cursor on it.
    /// With `.append`, `key` must be greater than every key in the database: the page it
    /// fills is then left full when it splits, not halved, as a run of ascending keys would
    /// otherwise leave every page.
    ///
    /// - Throws: `LMDBError` (`.mapFull` is retried by `Environment.write`).
    @inlinable
    public func put(_ value: some ByteKey, for key: some ByteKey, flags: WriteTransaction.PutFlags = []) throws(LMDBError) {
        let rc: Int32 = key.withKeyBytes { keyBytes in
            value.withKeyBytes { valueBytes in
                var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var v = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_cursor_put(pointer, &k, &v, flags.rawValue)
            }
        }
        try outcome.record(rc, "writing to \(database.name)")
    }
}
