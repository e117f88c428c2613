import CLMDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment: one directory holding a memory-mapped data file and its lock file.
///
/// Share one `Environment` between the threads of a process; several processes may open the
/// same directory at once (one writer at a time, readers never block). Transactions are lent
/// to closures (`read`, `write`) that must not suspend, so a transaction always begins and ends
/// on one thread. Do not start a write while the same thread holds a read: growing the map
/// waits for every transaction of the process to end.
///
/// Opening checks the data file against its meta pages before LMDB maps it (`DataFileCheck`),
/// so that a file cut short or a damaged meta page is an error rather than a crash, and clears
/// stale reader slots left by processes that died mid-read; `write` grows the map when it
/// fills (`MDB_MAP_FULL` → double the map, retry the closure).
public final class Environment: @unchecked Sendable {
    /// How to open an environment.
    public struct Options: Sendable {
        /// Initial size of the memory map in bytes. It grows by itself; this only sets the start.
        public var mapSize: Int = 256 << 20
        /// The map never grows beyond this many bytes.
        public var maximumMapSize: Int = 1 << 40
        /// How many named databases the environment may hold.
        public var maximumDatabases: Int = 16
        /// How many read transactions may be open at once, across all processes.
        public var maximumReaders: Int = 126
        /// When false, commits do not wait for the disk (`MDB_NOSYNC`): a crash of the machine,
        /// not of the process, may lose the last commits. Only for tests and scratch stores.
        public var isDurable: Bool = true
        /// Create the directory (mode 0700) and files (mode 0600) when they are missing.
        public var createIfMissing: Bool = false
        /// Open for reading only (`MDB_RDONLY`): nothing is written, and `write` fails. Where
        /// LMDB's lock file cannot be written by this user (read-only media, a store they may
        /// read but not write), the environment is read without it (`MDB_NOLOCK`):
        /// `readsWithoutLock` is then true, and a writer at the same time could change what a
        /// read transaction sees.
        public var isReadOnly: Bool = false
        /// How long a write waits for another process's write to end before it fails with
        /// `WriterBusy`, naming that process (`WriterLock`: the environment's directory gains a
        /// `writer.lock`, unless this user may not create it there); nil waits as long as
        /// LMDB's own writer mutex makes it, without it.
        public var writeWaitLimit: Duration? = nil

        /// The defaults: durable, 256 MiB to start, opening only what exists.
        public init() {}
    }

    /// The directory.
    public let path: String
    @usableFromInline let pointer: OpaquePointer
    private let maximumMapSize: Int
    /// Transactions hold it shared; resizing the map holds it exclusively, because LMDB
    /// requires that no transaction of the process be active while the map is resized.
    private let resizeLock: UnsafeMutablePointer<pthread_rwlock_t>
    /// Reader slots of dead processes cleared when this environment was opened.
    public let staleReadersCleared: Int
    /// True when opened with `Options.isReadOnly`.
    public let isReadOnly: Bool
    /// True when read without LMDB's lock file (see `Options.isReadOnly`).
    public let readsWithoutLock: Bool
    private let writerLock: WriterLock?
    private let writeWaitLimit: Duration?
    /// Works out how long to wait when another process holds the writer (`waitForWriters`).
    private let contendedWriteWait = Mutex<(@Sendable () -> Duration?)?>(nil)
    /// The slot of LMDB's map in `FaultRegions`, when kept there.
    private let mapRegion = Mutex<Int?>(nil)

    /// Opens (or with `createIfMissing`, creates) the environment in directory `path`.
    ///
    /// - Throws: `LMDBError` with `.system(ENOENT)` when there is no environment and
    ///   `createIfMissing` is false, `.system(EACCES)` when permission is denied, `.invalid`
    ///   or `.versionMismatch` when the file is not an LMDB environment this library can read,
    ///   `.corrupted` (with a `detail`) when the data file is damaged (`DataFileCheck`).
    public init(path: String, options: Options = Options()) throws(LMDBError) {
        self.path = path
        maximumMapSize = options.maximumMapSize
        isReadOnly = options.isReadOnly
        writeWaitLimit = options.isReadOnly ? nil : options.writeWaitLimit
        let dataFile = path + "/data.mdb"
        if options.createIfMissing && !options.isReadOnly {
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw LMDBError(returnCode: errno, operation: "creating \(path)")
            }
        } else if access(dataFile, F_OK) != 0 {
            throw LMDBError(returnCode: errno, operation: "opening \(path)")
        }
        if try !DataFileCheck.check(dataFile) && !options.createIfMissing {
            // LMDB would start an empty file afresh: a store whose creation never finished.
            throw LMDBError(returnCode: MDB_INVALID, operation: "opening \(path)",
                            detail: "\(dataFile) is empty: the store was never finished being created")
        }
        var flags = UInt32(MDB_NOTLS)
        if !options.isDurable { flags |= UInt32(MDB_NOSYNC) }
        var lockless = false
        if options.isReadOnly {
            flags |= UInt32(MDB_RDONLY)
            if !Self.canWriteLockFile(in: path) {
                flags |= UInt32(MDB_NOLOCK)
                lockless = true
            }
        }
        var env: OpaquePointer
        do {
            env = try Self.open(path, flags: flags, options: options)
        } catch where options.isReadOnly && !lockless && [EACCES, EPERM, EROFS].contains(error.returnCode) {
            // The lock file could not be opened for writing after all (an ACL, a race).
            lockless = true
            env = try Self.open(path, flags: flags | UInt32(MDB_NOLOCK), options: options)
        }
        readsWithoutLock = lockless
        var dead: Int32 = 0
        var lock: WriterLock?
        do {
            if !lockless { try check(mdb_reader_check(env, &dead), "clearing stale readers of \(path)") }
            if writeWaitLimit != nil { lock = try Self.writerLock(for: path) }
        } catch {
            mdb_env_close(env)
            throw error
        }
        staleReadersCleared = Int(dead)
        writerLock = lock
        pointer = env
        resizeLock = .allocate(capacity: 1)
        pthread_rwlock_init(resizeLock, nil)
        trackMap()
    }

    /// Creates an LMDB environment and opens `path` in it with `flags`; closes it on failure.
    private static func open(_ path: String, flags: UInt32, options: Options) throws(LMDBError) -> OpaquePointer {
        var created: OpaquePointer?
        try check(mdb_env_create(&created), "creating an environment for \(path)")
        guard let env = created else { throw LMDBError(returnCode: ENOMEM, operation: "creating an environment for \(path)") }
        do {
            AssertionFailures.install(on: env)
            try check(mdb_env_set_mapsize(env, options.mapSize), "setting the map size of \(path)")
            try check(mdb_env_set_maxdbs(env, MDB_dbi(options.maximumDatabases)), "setting the database count of \(path)")
            try check(mdb_env_set_maxreaders(env, UInt32(options.maximumReaders)), "setting the reader count of \(path)")
            try check(mdb_env_open(env, path, flags, 0o600), "opening \(path)")
        } catch {
            mdb_env_close(env)
            throw error
        }
        return env
    }

    /// The writer lock of the directory; nil where this user may not create `writer.lock` (a
    /// directory they may not write, though they may write its files): writes then wait as
    /// LMDB's own mutex makes them, as they did before the lock.
    private static func writerLock(for path: String) throws(LMDBError) -> WriterLock? {
        do {
            return try WriterLock.opened(for: path)
        } catch where [EACCES, EPERM, EROFS].contains(error.returnCode) {
            return nil
        }
    }

    /// Whether LMDB could open (or create) the lock file for writing, as it does for readers too.
    private static func canWriteLockFile(in path: String) -> Bool {
        let lockFile = path + "/lock.mdb"
        if access(lockFile, F_OK) == 0 { return access(lockFile, W_OK) == 0 }
        return access(path, W_OK) == 0
    }

    /// Keeps the range of LMDB's map in `FaultRegions` (when it keeps any), for a fault
    /// handler; again after the map moves.
    private func trackMap() {
        guard FaultRegions.isTrackingEnabled else { return }
        let found = FaultRegions.lmdbMap(of: path + "/data.mdb")
        mapRegion.withLock { slot in
            FaultRegions.remove(slot)
            slot = found.flatMap { FaultRegions.add(start: $0.start, length: $0.length) }
        }
    }

    deinit {
        mapRegion.withLock { FaultRegions.remove($0) }
        writerLock?.stopUsing()
        mdb_env_close(pointer)
        pthread_rwlock_destroy(resizeLock)
        resizeLock.deallocate()
    }

    /// Opens the named database `name`, creating it when `create` is true.
    ///
    /// Call while no other transaction of this process is running (LMDB's rule for
    /// `mdb_dbi_open`), typically right after opening the environment.
    ///
    /// - Throws: `LMDBError` `.notFound` when it does not exist and `create` is false.
    public func openDatabase(named name: String, flags: Database.Flags = [], create: Bool) throws -> Database {
        func open(_ txn: OpaquePointer, _ extra: UInt32) throws(LMDBError) -> Database {
            var dbi: MDB_dbi = 0
            try check(mdb_dbi_open(txn, name, flags.rawValue | extra, &dbi), "opening database \(name) in \(path)")
            return Database(handle: dbi, name: name)
        }
        if create {
            return try write { txn in try open(txn.handle.pointer, UInt32(MDB_CREATE)) }
        }
        // A handle opened in a transaction that is aborted is closed again, so the read
        // transaction is committed rather than aborted.
        let txn = try begin(flags: UInt32(MDB_RDONLY))
        defer { pthread_rwlock_unlock(resizeLock) }
        do {
            let database = try open(txn, 0)
            try check(mdb_txn_commit(txn), "opening database \(name) in \(path)")
            return database
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
    }

    /// Opens the named databases `names`, all in one read transaction; then, when some are
    /// missing and `createMissing` is true, creates those in one write. Returns them in the
    /// order of `names`, nil for one missing and not created. Same rule as `openDatabase`.
    public func openDatabases(named names: [String], createMissing: Bool) throws -> [Database?] {
        func open(_ txn: OpaquePointer, _ name: String, _ flags: UInt32) throws(LMDBError) -> Database? {
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn, name, flags, &dbi)
            if rc == MDB_NOTFOUND { return nil }
            try check(rc, "opening database \(name) in \(path)")
            return Database(handle: dbi, name: name)
        }
        var opened: [Database?] = []
        let createMissing = createMissing && !isReadOnly
        let txn = try begin(flags: UInt32(MDB_RDONLY))
        do {
            for name in names { opened.append(try open(txn, name, 0)) }
            // Committed, not aborted: handles opened in an aborted transaction are closed again.
            try check(mdb_txn_commit(txn), "opening databases in \(path)")
            pthread_rwlock_unlock(resizeLock)
        } catch {
            mdb_txn_abort(txn)
            pthread_rwlock_unlock(resizeLock)
            throw error
        }
        guard createMissing, opened.contains(where: { $0 == nil }) else { return opened }
        return try write { txn in
            var created: [Database?] = []
            for (name, database) in zip(names, opened) {
                if let database {
                    created.append(database)
                } else {
                    created.append(try open(txn.handle.pointer, name, UInt32(MDB_CREATE)))
                }
            }
            return created
        }
    }

    /// Runs `body` in a read-only snapshot. Never blocks, and is never blocked by, a writer.
    ///
    /// - Throws: `LMDBError` when a transaction cannot begin (`.readersFull`), or what `body` throws.
    public func read<R>(_ body: (borrowing ReadTransaction) throws -> R) throws -> R {
        let txn = try begin(flags: UInt32(MDB_RDONLY))
        defer {
            mdb_txn_abort(txn)
            pthread_rwlock_unlock(resizeLock)
        }
        return try body(ReadTransaction(txn))
    }

    /// Has a write that finds another process holding the writer wait as long as `limit`
    /// says (nil: `Options.writeWaitLimit`), asked only then: a setting kept in the
    /// environment can so be read without a read on every write.
    public func waitForWriters(_ limit: @escaping @Sendable () -> Duration?) {
        contendedWriteWait.withLock { $0 = limit }
    }

    /// Runs `body` in the write transaction and commits what it wrote, all or nothing.
    ///
    /// Waits while another thread or process writes (with `Options.writeWaitLimit`, at most
    /// that long for another process). When the map fills, the transaction is abandoned, the
    /// map doubles and `body` runs again from the start, so `body` must not change anything
    /// outside the transaction that a second run would repeat.
    ///
    /// - Throws: what `body` throws (nothing is written); `WriterBusy` when another process
    ///   held the writer past the limit; `LMDBError` when the commit fails, the map cannot grow
    ///   past `maximumMapSize`, or the environment is read-only (`EACCES`).
    public func write<R>(_ body: (borrowing WriteTransaction) throws -> R) throws -> R {
        guard !isReadOnly else { throw LMDBError(returnCode: EACCES, operation: "writing to \(path), opened read-only") }
        if let writerLock, let writeWaitLimit {
            try writerLock.acquire(waitingAtMost: { contendedWriteWait.withLock { $0 }?() ?? writeWaitLimit }, path: path)
        }
        defer { if writeWaitLimit != nil { writerLock?.release() } }
        while true {
            let txn = try begin(flags: 0)
            let outcome = WriteOutcome()
            let result: R
            do {
                result = try body(WriteTransaction(txn, outcome: outcome))
            } catch {
                outcome.hasEnded = true
                mdb_txn_abort(txn)
                pthread_rwlock_unlock(resizeLock)
                if outcome.hitMapFull { try grow(); continue }
                throw error
            }
            outcome.hasEnded = true
            let rc = mdb_txn_commit(txn)
            pthread_rwlock_unlock(resizeLock)
            if rc == MDB_MAP_FULL { try grow(); continue }
            try checkWrite(rc, "committing a write to \(path)", path: path)
            return result
        }
    }

    /// Begins a transaction holding the resize lock shared; adopts a map grown by another process.
    private func begin(flags: UInt32) throws(LMDBError) -> OpaquePointer {
        while true {
            pthread_rwlock_rdlock(resizeLock)
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(pointer, nil, flags, &txn)
            if rc == 0, let txn { return txn }
            pthread_rwlock_unlock(resizeLock)
            if rc == MDB_MAP_RESIZED {
                try resize(to: 0)  // 0 adopts the size another process set
                continue
            }
            try check(rc, flags == 0 ? "beginning a write to \(path)" : "beginning a read of \(path)")
        }
    }

    /// Doubles the map, up to `maximumMapSize`.
    private func grow() throws(LMDBError) {
        let current = info.mapSize
        guard current < maximumMapSize else {
            throw LMDBError(returnCode: MDB_MAP_FULL, operation: "growing \(path) beyond \(maximumMapSize) bytes")
        }
        try resize(to: min(maximumMapSize, current * 2))
    }

    /// Grows the map to at least `size` bytes (doubling), so that a large write does not have
    /// to fill it, be abandoned and start over. Waits for this process's transactions to end.
    public func growMap(toAtLeast size: Int) throws(LMDBError) {
        var newSize = info.mapSize
        guard newSize < size else { return }
        while newSize < size && newSize < maximumMapSize { newSize *= 2 }
        try resize(to: min(newSize, maximumMapSize))
    }

    private func resize(to size: Int) throws(LMDBError) {
        pthread_rwlock_wrlock(resizeLock)
        defer { pthread_rwlock_unlock(resizeLock) }
        try check(mdb_env_set_mapsize(pointer, size), "resizing the map of \(path)")
        trackMap()
    }

    /// Writes a consistent copy of the environment's data file to `descriptor` (a new, empty
    /// file open for writing at `path`, which the caller syncs and closes), while other threads
    /// and processes keep reading and writing.
    ///
    /// - Parameter compact: leave out free pages and renumber the rest (`MDB_CP_COMPACT`).
    /// - Throws: `LMDBError` when the copy cannot be written (`isDiskFull` when the disk holding
    ///   `path` is full).
    public func copy(to descriptor: Int32, path: String, compact: Bool) throws(LMDBError) {
        pthread_rwlock_rdlock(resizeLock)
        defer { pthread_rwlock_unlock(resizeLock) }
        try checkWrite(mdb_env_copyfd2(pointer, descriptor, compact ? UInt32(MDB_CP_COMPACT) : 0), "copying \(self.path) to \(path)",
                       path: path)
    }

    /// Clears reader slots of processes that have died. Returns how many were cleared.
    @discardableResult
    public func clearStaleReaders() throws(LMDBError) -> Int {
        var dead: Int32 = 0
        try check(mdb_reader_check(pointer, &dead), "clearing stale readers of \(path)")
        return Int(dead)
    }
}
