import LMDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One organisation's append-only event log: an LMDB environment in a directory.
///
/// Share one instance between the threads of a process; several processes may open the same
/// store at once (one writer at a time, readers never wait). Everything appended is chained
/// by SHA-256 (`verify`), and nothing appended is ever changed by normal use.
public final class EventStore: Sendable {
    /// How to open a store.
    public struct Options: Sendable {
        /// Initial map size; it grows by itself.
        public var initialMapSize: Int = 256 << 20
        /// When false, commits do not wait for the disk. Only for tests and scratch stores.
        public var isDurable: Bool = true
        /// How many records may be in the log beyond the indexes before a write brings the
        /// indexes up to date (see `PendingIndex`). Larger: cheaper small commits, more to read
        /// from the log when a process first looks at a stream or an id.
        public var indexBatchSize: Int = 16_384
        /// What keeps views current: each is called in every write that appends, before its
        /// commit, so that what it derives commits with the events (read-your-writes).
        public var followers: [any WriteFollower] = []
        /// The fewest ids a process's id filter is sized for (`EventIDFilter`); small in tests,
        /// so that they reach a full filter.
        var idFilterMinimumCapacity = 1 << 16
        /// Whether the store is opened to read and write, or only to read.
        public var access: Access = .readWrite
        /// How long a write waits for another process's write to end before it fails with
        /// `StoreError.busy`, naming that process.
        public var writeWait: Duration = .seconds(10)
        /// How long to wait instead, read from the store (a setting the layers above keep);
        /// asked only when another process holds the writer. Nil, or nil returned: `writeWait`.
        public var writeWaitInStore: (@Sendable (borrowing LogReader) throws -> Duration?)?
        /// The key store of the streams' data keys (docs/FORMAT.md §5, envelope 2). When set,
        /// every personal-data section written is encrypted with its stream's data key (made,
        /// for a stream that has none, in one durable write of the key store before the log
        /// commits), and readers decrypt the sections they have a key for. Nil (the default):
        /// sections are written in clear (envelope 1), and an encrypted one reads as without key.
        public var keyStore: KeyStore?
        /// True when the caller holds `open.lock` exclusively already (`encryptInPlace`): the
        /// store then takes no shared lock of its own.
        var holdsOpenLock = false

        /// Durable, 256 MiB map to start, read and write, waiting 10 s for another writer.
        public init() {}
    }

    /// How a store is opened.
    public enum Access: Sendable {
        /// To read and write (creating the databases a store made by an older caselog lacks,
        /// and upgrading its format).
        case readWrite
        /// Only to read, as a user who may not write the store can: nothing is written, not
        /// even by a read (an older store's format is read as it is, in memory). Where LMDB's
        /// lock file cannot be written either, the store is read without it
        /// (`readsWithoutLock`).
        case readOnly
    }

    /// The newest format this code reads and writes: 3, a store whose personal sections are
    /// written encrypted (docs/FORMAT.md §5, envelope 2), made when a store is created with a key
    /// store or encrypted by `encryptPersonalSections`. (Format 1 stores are upgraded to 2 when
    /// opened: see `upgradeFromFormatOne`.)
    public static let formatVersion: UInt32 = 3
    /// The format of a store whose personal sections are written in clear (envelope 1).
    public static let clearFormatVersion: UInt32 = 2

    /// Whether the store encrypts the personal sections it writes (format 3): then a write
    /// with a personal section needs `Options.keyStore`.
    public var isEncrypted: Bool { queries.encrypts }

    /// The key store the store was opened with (`Options.keyStore`), if any.
    public var keyStore: KeyStore? { queries.keyStore }

    /// The store's directory.
    public let path: String
    let environment: Environment
    /// This process's shared hold on `open.lock` (`StoreOpenLock`), while the store is open.
    private let openLock: StoreOpenLock?
    let queries: StoreQueries
    let indexBatchSize: Int
    let idFilterMinimumCapacity: Int
    /// See `Options.followers`.
    let followers: [any WriteFollower]
    /// True when opened with `Access.readOnly`: `write` fails, and what readers derive (kept
    /// projections, say) is folded in memory and not saved.
    public let isReadOnly: Bool
    /// True when read without LMDB's lock file (read-only media, or a lock file this user may
    /// not write): a writer at the same time could change what a read sees.
    public var readsWithoutLock: Bool { environment.readsWithoutLock }
    /// The unindexed tail as of this process's last commit, so that the next write only reads
    /// what other processes appended since.
    private let pendingCache = Mutex<PendingIndex?>(nil)
    /// The tail as the latest reader read it, for readers while a write has taken
    /// `pendingCache`: without it, every read during a write (a server's, while the group
    /// committer waits on the disk) read the whole unindexed tail from the log again.
    private let readerTailCache = Mutex<PendingIndex?>(nil)
    /// The process's filter of the log's ids (`EventIDFilter`), between writes.
    private let idFilterCache = Mutex<EventIDFilterSlot?>(nil)

    /// Creates a store at `path` (directory mode 0700, files 0600), or opens the one there.
    ///
    /// - Returns: the store, and whether it was created now (false: it already existed).
    /// - Throws: `StoreError.cannotCreate`, `.permissionDenied`, `.notAStore`, `.unsupportedFormat`.
    public static func create(at path: String, options: Options = Options()) throws -> (store: EventStore, created: Bool) {
        // An empty data file is a store whose creation never wrote its first pages: made again.
        var dataFile = stat()
        if stat(path + "/data.mdb", &dataFile) == 0 && dataFile.st_size > 0 {
            return (try EventStore(openingAt: path, options: options), false)
        }
        var isDirectory = stat()
        let existed = stat(path, &isDirectory) == 0
        if existed {
            guard isDirectory.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError.cannotCreate(path: path, reason: "it exists and is not a directory")
            }
            if let dir = opendir(path) {
                defer { closedir(dir) }
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                    if name != "." && name != ".." {
                        throw StoreError.cannotCreate(path: path, reason: "the directory is not empty and holds no store")
                    }
                }
            }
        }
        // LMDB maps its lock file as it creates it, and on a full disk touching that map is a
        // SIGBUS rather than an error: a disk without room for a store's first pages is refused first.
        if let free = freeBytes(near: path), free < minimumFreeBytesToCreate {
            throw StoreError.cannotCreate(path: path, reason: "no space left on the device (\(free / 1024) KiB free)")
        }
        do {
            let store = try EventStore(path: path, options: options, create: true)
            return (store, true)
        } catch {
            // The disk filled while the store was made: nothing that looks like a store is left.
            guard let free = freeBytes(near: path), free < minimumFreeBytesToCreate else { throw error }
            for name in ["data.mdb", "lock.mdb", "writer.lock", StoreOpenLock.fileName] { unlink(path + "/" + name) }
            if !existed { rmdir(path) }
            throw StoreError.cannotCreate(path: path, reason: "no space left on the device")
        }
    }

    /// Free space a new store needs at least: its first pages and its lock file take a few
    /// dozen KiB; a disk with less than this is full for any use.
    static let minimumFreeBytesToCreate: UInt64 = 1 << 20

    /// Bytes free for this user on the file system that holds `path`, or would hold it (its
    /// parent, when it does not exist yet); nil when that cannot be told.
    private static func freeBytes(near path: String) -> UInt64? {
        var info = statvfs()
        if statvfs(path, &info) == 0 { return UInt64(info.f_bavail) * UInt64(info.f_frsize) }
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        guard statvfs(parent.isEmpty ? "/" : parent, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// Opens the store at `path`.
    ///
    /// - Throws: `StoreError.notFound` when there is none, `.notAStore`, `.unsupportedFormat`,
    ///   `.damaged` (its data file was checked before it was read: cut short, or a damaged
    ///   meta page), `.permissionDenied`, `.busy`, `.storage`.
    public convenience init(openingAt path: String, options: Options = Options()) throws {
        try self.init(path: path, options: options, create: false)
    }

    private init(path: String, options: Options, create: Bool) throws {
        self.path = path
        indexBatchSize = max(options.indexBatchSize, 1)
        idFilterMinimumCapacity = max(options.idFilterMinimumCapacity, 32)
        followers = options.followers
        isReadOnly = options.access == .readOnly
        var environmentOptions = Environment.Options()
        environmentOptions.mapSize = options.initialMapSize
        environmentOptions.isDurable = options.isDurable
        environmentOptions.createIfMissing = create
        environmentOptions.maximumDatabases = StoreDatabases.maximumCount
        environmentOptions.isReadOnly = isReadOnly
        environmentOptions.writeWaitLimit = options.writeWait
        // Taken before LMDB maps the data file, so that no file being replaced is mapped; a
        // store's directory made now (by LMDB) gets it just after.
        var openLock = options.holdsOpenLock || access(path, F_OK) != 0 ? nil : try StoreOpenLock.shared(path, mayCreate: !isReadOnly)
        do {
            environment = try Environment(path: path, options: environmentOptions)
        } catch {
            throw Self.storeError(error, path: path, create: create)
        }
        if openLock == nil && !options.holdsOpenLock { openLock = try StoreOpenLock.shared(path, mayCreate: !isReadOnly) }
        self.openLock = openLock
        var found: UInt32?
        do {
            let environment = environment
            let databases = try StoreDatabases(environment: environment, create: create) { meta in
                // A newer format is refused before anything is created in it; a store just made has none yet.
                found = try Self.formatVersion(in: environment, meta: meta, path: path)
                if found == nil && !create { throw StoreError.notAStore(path: path, reason: "it has no format version") }
            }
            // Read-only, a format 1 store is read as format 2 in memory (see `upgradeFromFormatOne`).
            if create && found == nil {
                found = try Self.writeInitialMetadata(in: environment, meta: databases.meta, path: path,
                                                      format: options.keyStore == nil ? Self.clearFormatVersion : Self.formatVersion)
            }
            queries = StoreQueries(databases: databases, readsFormatOne: isReadOnly && found == 1, keyStore: options.keyStore,
                                   encrypts: (found ?? 0) >= 3)
        } catch let error as LMDBError where error.code == .notFound {
            throw StoreError.notAStore(path: path, reason: "it has no \(StoreDatabases.names.joined(separator: ", ")) databases")
        } catch let error as LMDBError {
            throw Self.storeError(error, path: path, create: create)
        } catch let busy as WriterBusy {
            throw Self.storeError(busy)
        }
        if let keyStore = options.keyStore {
            let meta = queries.databases.meta
            let id: [UInt8]? = try mappingStorageErrors {
                try environment.read { txn in try txn.value(for: MetaKey.storeID, in: meta).map { Array($0) } }
            }
            if let id { try keyStore.bind(toStore: id, mayWrite: !isReadOnly) }
        }
        if found == 1 && !isReadOnly { try upgradeFromFormatOne() }
        if let read = options.writeWaitInStore, !isReadOnly {
            environment.waitForWriters { [weak self] in
                guard let self else { return nil }
                return (try? self.read { try read($0) }) ?? nil
            }
        }
    }

    private static func storeError(_ error: LMDBError, path: String, create: Bool) -> StoreError {
        switch error.code {
        case .system(ENOENT) where !create: .notFound(path: path)
        case .system(EACCES), .system(EPERM), .system(EROFS): .permissionDenied(path: path)
        case .invalid, .versionMismatch: .notAStore(path: path, reason: error.reason)
        // Found by the check of the data file before LMDB read it.
        case .corrupted where error.detail != nil: .damaged(reason: error.reason + "; nothing was read or written: restore the store from a backup")
        case _ where error.code.isCorruption: damaged(error)
        case .system(let code) where create: .cannotCreate(path: path, reason: String(cString: strerror(code)))
        default: .storage(error)
        }
    }

    /// A corruption LMDB reported while it read or wrote.
    static func damaged(_ error: LMDBError) -> StoreError {
        .damaged(reason: "LMDB found \(error.reason) while \(error.operation); run caselog verify")
    }

    static func storeError(_ busy: WriterBusy) -> StoreError {
        .busy(path: busy.path, holder: busy.holder, command: busy.command, waitedSeconds: Int(busy.waited.components.seconds))
    }

    /// Writes a new store's metadata; returns its format version (another process creating
    /// the same store at once may have written it first).
    private static func writeInitialMetadata(in environment: Environment, meta: Database, path: String, format: UInt32) throws -> UInt32? {
        let wrote = try environment.write { txn in
            if try txn.value(for: MetaKey.formatVersion, in: meta) != nil { return false }
            try txn.put(withUnsafeBytes(of: format.littleEndian) { Array($0) }, for: MetaKey.formatVersion, in: meta)
            try txn.put(EventID.random().withBytes { Array($0) }, for: MetaKey.storeID, in: meta)
            try txn.put(withUnsafeBytes(of: Timestamp.now().microseconds.littleEndian) { Array($0) }, for: MetaKey.createdAt, in: meta)
            return true
        }
        return wrote ? format : try Self.formatVersion(in: environment, meta: meta, path: path)
    }

    /// The format version in `meta` (nil when there is none); throws when it is newer than this
    /// code reads.
    private static func formatVersion(in environment: Environment, meta: Database, path: String) throws -> UInt32? {
        let found = try environment.read { txn in try Self.formatVersion(in: txn, meta: meta) }
        if let found, found > Self.formatVersion {
            throw StoreError.unsupportedFormat(path: path, found: found, supported: Self.formatVersion)
        }
        return found
    }

    /// The format version stored in `meta`, nil when there is none.
    private static func formatVersion<T: TransactionReading & ~Copyable>(in txn: borrowing T, meta: Database) throws -> UInt32? {
        guard let bytes = try txn.value(for: MetaKey.formatVersion, in: meta), bytes.count == 4 else { return nil }
        return UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self))
    }

    /// Format 1 kept each index as one B-tree (`event-ids`, `stream-index`); format 2 keeps
    /// them in runs, one database per slot (`IndexRuns`), of which those two are slot 0. So a
    /// format 1 store is a format 2 store whose indexes are one run in slot 0: the upgrade
    /// writes that down (the other slots' databases were created empty as it was opened).
    private func upgradeFromFormatOne() throws {
        let meta = queries.databases.meta
        try mappingStorageErrors {
            try environment.write { txn in
                // Another process may have upgraded it since this one looked.
                guard try Self.formatVersion(in: txn, meta: meta) == 1 else { return }
                let indexed = try queries.indexedThrough(in: txn)
                let databases = queries.databases
                let entries = [try txn.statistics(of: databases.eventIDs[0]).entries,
                               try txn.statistics(of: databases.streamIndex[0]).entries]
                let (kept, runs) = StoreQueries.formatOneIndexes(indexedThrough: indexed, entries: entries)
                if kept > 0 {
                    try txn.put(runs.encoded(), for: MetaKey.indexRuns, in: meta)
                } else if indexed > 0 || entries.contains(where: { $0 > 0 }) {
                    // Indexes that do not match `indexed-through` (stores made before it was kept
                    // have none): dropped, so that the log is indexed again from the start by
                    // the next write that reaches a batch; until then readers fold it in.
                    try txn.removeAll(in: databases.eventIDs[0])
                    try txn.removeAll(in: databases.streamIndex[0])
                    _ = try txn.delete(MetaKey.indexedThrough, in: meta)
                }
                try txn.put(withUnsafeBytes(of: Self.clearFormatVersion.littleEndian) { Array($0) }, for: MetaKey.formatVersion, in: meta)
            }
        }
    }

    // MARK: Writing

    /// Runs `body` with a writer in one write transaction and commits what it appended,
    /// all or nothing. Waits while another thread or process writes.
    ///
    /// `body` may run more than once (when the map fills, it grows and the write starts over),
    /// so it must not have effects outside the writer that a second run would repeat.
    ///
    /// - Parameter actor: who is recording, 1–255 bytes of UTF-8.
    /// - Throws: what `body` throws (nothing is written), `AppendError`, or `StoreError`.
    @discardableResult
    public func write<R>(actor: String, _ body: (inout LogWriter) throws -> R) throws -> R {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        try LogWriter.checkName(actor, field: "actor")
        var committed: PendingIndex?
        var committedHead: UInt64?
        // Taken for this write (a write on another thread meanwhile goes without), and put
        // back however the write ends: an abandoned write leaves it covering what it did.
        let idFilterSlot = idFilterCache.withLock { $0.take() } ?? EventIDFilterSlot(minimumCapacity: idFilterMinimumCapacity)
        var succeeded = false
        defer {
            if succeeded, let committedHead { idFilterSlot.filter?.coveredThrough = committedHead }
            idFilterCache.withLock { $0 = idFilterSlot }
        }
        let result = try mappingStorageErrors {
            try environment.write { txn in
                // Taken, not copied: if this attempt fails the cache is gone and the next
                // write reads the tail from the log again.
                let cached = pendingCache.withLock { cache in
                    let taken = cache
                    cache = nil
                    return taken
                }
                let head = try queries.head(in: txn)
                var pending: PendingIndex? = try queries.pendingIndex(startingFrom: consume cached, head: head, in: txn)
                try idFilterSlot.catchUp(to: head.position, queries: queries, in: txn)
                return try withUnsafePointer(to: txn) { pointer in
                    // Moved into the writer, so that its appends do not copy the tail.
                    var writer = try LogWriter(transaction: pointer, queries: queries, actor: actor, recordedAt: .now(),
                                               head: head, pending: pending.take()!, idFilterSlot: idFilterSlot)
                    let result = try body(&writer)
                    if writer.hasAppended {
                        for follower in followers { try follower.follow(&writer) }
                    }
                    try writer.finish(batchSize: indexBatchSize)
                    committed = writer.pending
                    committedHead = writer.head.position
                    return result
                }
            }
        }
        succeeded = true
        pendingCache.withLock { $0 = committed }
        return result
    }

    /// Appends `events` to `stream` in one durable transaction. See `LogWriter.append`.
    @discardableResult
    public func append(
        _ events: [ProposedEvent], to stream: String, expecting expected: ExpectedVersion = .any, actor: String
    ) throws -> AppendResult {
        try write(actor: actor) { writer in try writer.append(events, to: stream, expecting: expected) }
    }

    /// Saves a consumer's checkpoint on its own.
    public func saveCheckpoint(_ position: UInt64, named name: String, actor: String = "caselog") throws {
        try write(actor: actor) { writer in try writer.saveCheckpoint(position, named: name) }
    }

    /// Grows the map ahead of a large write of about `bytes` bytes of events, so that the
    /// write does not fill it and start over. Call before `write`, not inside it.
    public func reserveSpace(forAbout bytes: Int) throws {
        let info = environment.info
        let used = (info.lastPage + 1) * environment.pageSize
        do {
            try environment.growMap(toAtLeast: used + 3 * bytes + (64 << 20))
        } catch {
            throw StoreError.storage(error)
        }
    }

    // MARK: Reading

    /// Runs `body` with a consistent snapshot of the log.
    ///
    /// - Throws: what `body` throws, or `StoreError`.
    public func read<R>(_ body: (borrowing LogReader) throws -> R) throws -> R {
        try mappingStorageErrors {
            try environment.read { txn in
                let cached = pendingCache.withLock { $0 } ?? readerTailCache.withLock { $0 }
                return try withUnsafePointer(to: txn) { pointer in
                    let reader = LogReader(transaction: pointer, queries: queries, cached: cached)
                    let result = try body(reader)
                    if let built = reader.builtTail {
                        readerTailCache.withLock { kept in
                            if kept.map({ $0.indexedThrough < built.indexedThrough || $0.through < built.through }) ?? true { kept = built }
                        }
                    }
                    return result
                }
            }
        }
    }

    /// The chain head: last position and its hash.
    public func head() throws -> LogHead { try read { try $0.head() } }

    /// The position saved under checkpoint `name`, if any.
    public func checkpoint(named name: String) throws -> UInt64? { try read { try $0.checkpoint(named: name) } }

    func mappingStorageErrors<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as LMDBError {
            if error.code.isCorruption { throw Self.damaged(error) }
            throw StoreError.storage(error)
        } catch let busy as WriterBusy {
            throw Self.storeError(busy)
        }
    }
}
