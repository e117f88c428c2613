import CRawLMDB
#if canImport(Glibc)
import Glibc
#endif

/// The baseline: LMDB's C API used directly, with the same durability as the log (a sync on
/// every commit), no wrapper, no indexes, no hashing.
public final class RawLMDB {
    let env: OpaquePointer
    let dbi: MDB_dbi
    /// The directory.
    public let path: String
    private var next: UInt64 = 1

    /// Creates an environment with one named database in a fresh directory.
    public init(path: String, durable: Bool = true) {
        self.path = path
        mkdir(path, 0o700)
        var env: OpaquePointer?
        Self.check(mdb_env_create(&env))
        Self.check(mdb_env_set_mapsize(env, 8 << 30))
        Self.check(mdb_env_set_maxdbs(env, 4))
        Self.check(mdb_env_open(env, path, UInt32(MDB_NOTLS) | (durable ? 0 : UInt32(MDB_NOSYNC)), 0o600))
        var txn: OpaquePointer?
        var dbi: MDB_dbi = 0
        Self.check(mdb_txn_begin(env, nil, 0, &txn))
        Self.check(mdb_dbi_open(txn, "events", UInt32(MDB_CREATE), &dbi))
        Self.check(mdb_txn_commit(txn))
        self.env = env!
        self.dbi = dbi
    }

    /// Opens the `events` database of an existing caselog store, to scan it raw.
    public init(existingStore path: String) {
        self.path = path
        var env: OpaquePointer?
        Self.check(mdb_env_create(&env))
        Self.check(mdb_env_set_mapsize(env, 8 << 30))
        Self.check(mdb_env_set_maxdbs(env, 16))
        Self.check(mdb_env_open(env, path, UInt32(MDB_NOTLS), 0o600))
        var txn: OpaquePointer?
        var dbi: MDB_dbi = 0
        Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn))
        Self.check(mdb_dbi_open(txn, "events", 0, &dbi))
        Self.check(mdb_txn_commit(txn))
        self.env = env!
        self.dbi = dbi
    }

    deinit { mdb_env_close(env) }

    static func check(_ rc: Int32) {
        precondition(rc == 0, String(cString: mdb_strerror(rc)))
    }

    /// Appends each value under the next big-endian position, `batch` puts per committed transaction.
    public func append(_ values: [[UInt8]], batch: Int) {
        var index = 0
        while index < values.count {
            var txn: OpaquePointer?
            Self.check(mdb_txn_begin(env, nil, 0, &txn))
            for value in values[index..<min(index + batch, values.count)] {
                put(value, txn)
            }
            Self.check(mdb_txn_commit(txn))
            index += batch
        }
    }

    /// Appends lines handed out by `forEachLine`, `batch` per committed transaction.
    public func appendLines(batch: Int, _ forEachLine: ((UnsafeRawBufferPointer) -> Void) throws -> Void) rethrows {
        var txn: OpaquePointer?
        var inBatch = 0
        Self.check(mdb_txn_begin(env, nil, 0, &txn))
        try forEachLine { line in
            var key = next.bigEndian
            withUnsafeMutableBytes(of: &key) { keyBytes in
                var k = MDB_val(mv_size: 8, mv_data: keyBytes.baseAddress)
                var v = MDB_val(mv_size: line.count, mv_data: UnsafeMutableRawPointer(mutating: line.baseAddress))
                Self.check(mdb_put(txn, dbi, &k, &v, UInt32(MDB_APPEND)))
            }
            next += 1
            inBatch += 1
            if inBatch == batch {
                Self.check(mdb_txn_commit(txn))
                Self.check(mdb_txn_begin(env, nil, 0, &txn))
                inBatch = 0
            }
        }
        Self.check(mdb_txn_commit(txn))
    }

    private func put(_ value: [UInt8], _ txn: OpaquePointer?) {
        var key = next.bigEndian
        next += 1
        withUnsafeMutableBytes(of: &key) { keyBytes in
            value.withUnsafeBytes { valueBytes in
                var k = MDB_val(mv_size: 8, mv_data: keyBytes.baseAddress)
                var v = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                Self.check(mdb_put(txn, dbi, &k, &v, UInt32(MDB_APPEND)))
            }
        }
    }

    /// One put per durable transaction.
    public func appendEachDurably(_ values: [[UInt8]]) {
        for value in values {
            var txn: OpaquePointer?
            Self.check(mdb_txn_begin(env, nil, 0, &txn))
            put(value, txn)
            Self.check(mdb_txn_commit(txn))
        }
    }

    /// Walks the database with a cursor, touching each value's first and last byte; returns a
    /// checksum so the work cannot be optimised away.
    public func scan() -> Int {
        var txn: OpaquePointer?
        var cursor: OpaquePointer?
        Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn))
        Self.check(mdb_cursor_open(txn, dbi, &cursor))
        var key = MDB_val()
        var value = MDB_val()
        var sum = 0
        while mdb_cursor_get(cursor, &key, &value, MDB_NEXT) == 0 {
            let bytes = UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
            sum &+= Int(bytes[0]) &+ Int(bytes[bytes.count - 1]) &+ bytes.count
        }
        mdb_cursor_close(cursor)
        mdb_txn_abort(txn)
        return sum
    }

    /// Reads the values at `positions` by key, in one snapshot.
    public func get(positions: [UInt64]) -> Int {
        var txn: OpaquePointer?
        Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn))
        var sum = 0
        for position in positions {
            var key = position.bigEndian
            withUnsafeMutableBytes(of: &key) { keyBytes in
                var k = MDB_val(mv_size: 8, mv_data: keyBytes.baseAddress)
                var value = MDB_val()
                Self.check(mdb_get(txn, dbi, &k, &value))
                sum &+= value.mv_size
            }
        }
        mdb_txn_abort(txn)
        return sum
    }
}
