import CLMDB

/// LMDB's transaction handle, opaque outside this module.
public struct TransactionHandle {
    @usableFromInline let pointer: OpaquePointer
    @usableFromInline init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// What every transaction can do: read.
///
/// Transactions are non-copyable and lent to a closure (`Environment.read`, `Environment.write`),
/// so they cannot outlive it, be kept, or cross to another thread. Bytes returned by a read point
/// into LMDB's memory map: they are valid until the transaction ends (or, in a write
/// transaction, until the next write), and must be copied to be kept.
public protocol TransactionReading: ~Copyable {
    /// LMDB's handle; opaque to other modules.
    var handle: TransactionHandle { get }
}

extension TransactionReading where Self: ~Copyable {
    /// The value stored under `key`, or nil when there is none. O(log n).
    ///
    /// - Throws: `LMDBError` when the database cannot be read.
    @inlinable
    public func value(for key: some ByteKey, in database: Database) throws(LMDBError) -> UnsafeRawBufferPointer? {
        if database.isAbsent { return nil }
        var found = MDB_val()
        let rc: Int32 = key.withKeyBytes { keyBytes in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_get(handle.pointer, database.handle, &k, &found)
        }
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "reading from \(database.name)")
        return UnsafeRawBufferPointer(start: found.mv_data, count: found.mv_size)
    }

    /// Opens a cursor on `database` for the duration of `body`.
    ///
    /// - Throws: `LMDBError` when the cursor cannot be opened, or what `body` throws.
    @inlinable
    public func withCursor<R>(on database: Database, _ body: (borrowing Cursor) throws -> R) throws -> R {
        let cursor = try Cursor(transaction: handle.pointer, database: database)
        return try body(cursor)
    }

    /// Counts for `database` as this transaction sees it. O(1).
    public func statistics(of database: Database) throws(LMDBError) -> DatabaseStatistics {
        var stat = MDB_stat()
        if database.isAbsent { return DatabaseStatistics(stat) }
        try check(mdb_stat(handle.pointer, database.handle, &stat), "reading statistics of \(database.name)")
        return DatabaseStatistics(stat)
    }

    /// LMDB's id of this transaction: grows by one with every committed write.
    public var transactionID: Int { mdb_txn_id(handle.pointer) }
}

/// A read-only snapshot of the store. Readers never block writers or each other.
public struct ReadTransaction: TransactionReading, ~Copyable {
    public let handle: TransactionHandle
    init(_ pointer: OpaquePointer) { handle = TransactionHandle(pointer) }
}

/// The one write transaction of the environment (LMDB allows one writer at a time, across
/// processes). Everything it writes is committed together or not at all.
public struct WriteTransaction: TransactionReading, ~Copyable {
    public let handle: TransactionHandle
    /// Set when a write hit the end of the map, so `Environment.write` can grow it and retry
    /// even if the caller wrapped the error in its own.
    @usableFromInline let outcome: WriteOutcome

    init(_ pointer: OpaquePointer, outcome: WriteOutcome) {
        handle = TransactionHandle(pointer)
        self.outcome = outcome
    }

    /// How to store a value (`mdb_put` flags).
    public struct PutFlags: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The key must be greater than every key in the database (`MDB_APPEND`): a fast path
        /// for keys that only grow, such as log positions. Fails with `keyExists` otherwise.
        public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    }

    /// Stores `value` under `key`, replacing any value there.
    ///
    /// - Throws: `LMDBError` (`.mapFull` is retried by `Environment.write`).
    @inlinable
    public func put(_ value: some ByteKey, for key: some ByteKey, in database: Database, flags: PutFlags = []) throws(LMDBError) {
        let rc: Int32 = key.withKeyBytes { keyBytes in
            value.withKeyBytes { valueBytes in
                var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var v = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_put(handle.pointer, database.handle, &k, &v, flags.rawValue)
            }
        }
        try record(rc, "writing to \(database.name)")
    }

    /// Stores `value` under `key` only if the key is absent.
    ///
    /// - Returns: nil when stored; the value already there otherwise (nothing is written).
    @inlinable
    public func insert(_ value: some ByteKey, for key: some ByteKey, in database: Database) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var existing = MDB_val()
        let rc: Int32 = key.withKeyBytes { keyBytes in
            value.withKeyBytes { valueBytes in
                var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                existing = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_put(handle.pointer, database.handle, &k, &existing, UInt32(MDB_NOOVERWRITE))
            }
        }
        if rc == MDB_KEYEXIST { return UnsafeRawBufferPointer(start: existing.mv_data, count: existing.mv_size) }
        try record(rc, "writing to \(database.name)")
        return nil
    }

    /// Makes room for a value of `count` bytes under `key` and lends it to `fill`, which must
    /// write every byte (`MDB_RESERVE`): the value is built in place, without a copy.
    ///
    /// - Throws: `LMDBError`, or what `fill` throws (the transaction should then be abandoned).
    @inlinable
    public func reserve<R>(
        _ count: Int, for key: some ByteKey, in database: Database, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) throws -> R
    ) throws -> R {
        var v = MDB_val(mv_size: count, mv_data: nil)
        let rc: Int32 = key.withKeyBytes { keyBytes in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_put(handle.pointer, database.handle, &k, &v, flags.rawValue | UInt32(MDB_RESERVE))
        }
        try record(rc, "writing to \(database.name)")
        return try fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
    }

    /// Opens a cursor that writes to `database` for the duration of `body`.
    ///
    /// Puts through one cursor are cheaper than `put` for keys in ascending order: LMDB
    /// searches the cursor's current page first and descends the tree only when the key is
    /// not on it, where `put` descends from the root every time.
    ///
    /// - Throws: `LMDBError` when the cursor cannot be opened, or what `body` throws.
    @inlinable
    public func withWriteCursor<R>(on database: Database, _ body: (borrowing WriteCursor) throws -> R) throws -> R {
        let cursor = try WriteCursor(transaction: handle.pointer, database: database, outcome: outcome)
        return try body(cursor)
    }

    /// A cursor on `database` for the holder to keep while it writes, for a run of appends
    /// (`.append`) that should not descend the tree for each key. For the log's writer, which
    /// is lent the transaction for a closure and dropped when it returns; kept past the
    /// transaction, the cursor does nothing more (LMDB has freed it) and must not be used.
    package func openWriteCursor(on database: Database) throws(LMDBError) -> WriteCursor {
        try WriteCursor(transaction: handle.pointer, database: database, outcome: outcome)
    }

    /// Removes `key`. Returns false when it was not there.
    @inlinable
    @discardableResult
    public func delete(_ key: some ByteKey, in database: Database) throws(LMDBError) -> Bool {
        let rc: Int32 = key.withKeyBytes { keyBytes in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_del(handle.pointer, database.handle, &k, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        try record(rc, "deleting from \(database.name)")
        return true
    }

    /// Removes every entry of `database`, keeping the database itself.
    public func removeAll(in database: Database) throws(LMDBError) {
        try record(mdb_drop(handle.pointer, database.handle, 0), "emptying \(database.name)")
    }

    @usableFromInline
    func record(_ rc: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
        try outcome.record(rc, operation())
    }
}

/// What happened inside a write transaction that the environment must know about.
@usableFromInline
final class WriteOutcome {
    @usableFromInline var hitMapFull = false
    /// Set as the transaction commits or aborts, which frees its cursors: a `WriteCursor`
    /// dropped later must not close its own again.
    @usableFromInline var hasEnded = false
    init() {}

    /// Throws for a failed call (`rc` not 0), noting a full map for the environment to grow
    /// and retry. Every write through the transaction or its cursors reports here.
    @usableFromInline
    func record(_ rc: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
        if rc == 0 { return }
        if rc == MDB_MAP_FULL { hitMapFull = true }
        throw LMDBError(returnCode: rc, operation: operation())
    }
}
