import LMDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data key: 32 bytes that encrypt the personal sections of one stream (a subject's or a case's).
public struct DataKey: Sendable, Equatable {
    /// The key's bytes.
    public let bytes: [UInt8]
}

/// The data keys of a store, one per stream name, kept apart from the log in an LMDB
/// environment of their own and wrapped by the master key (docs/FORMAT.md, "The key store and
/// the master key").
///
/// Its directory (mode 0700, files 0600) holds `data.mdb` and `lock.mdb` of LMDB and
/// `keystore.lock`, which every process holding the store open locks shared; destroying keys
/// and rotating the master key take it exclusively, because they end by replacing `data.mdb`
/// with a compacted copy, so that no wrapped key that was removed stays in LMDB's free pages.
/// Share one `KeyStore` between the threads of a process: its operations take turns.
public final class KeyStore: Sendable {
    /// The database of wrapped data keys: a stream's name (UTF-8) → its wrapped key.
    static let keysDatabase = "keys"
    /// The database of the key store's own entries: `format` and `check`.
    static let metaDatabase = "meta"
    /// The database of the blind index (KeyStore+BlindIndex.swift).
    static let blindDatabase = "blind"
    /// The version of the key store's layout, under `format` (4 bytes, big-endian).
    public static let formatVersion: UInt32 = 1
    /// The additional data of `check`, the box that says whether a master key is the right one.
    static let checkData = Array("caselog key store check".utf8)
    /// The longest stream name taken, in UTF-8 bytes (LMDB's keys are at most 511).
    public static let longestName = 200

    /// The environment variable naming the key store's directory.
    public static let environmentVariable = "CASELOG_KEYS"

    /// Where the key store of the store at `storePath` is when `CASELOG_KEYS` names none: beside
    /// it, its directory's name with `.keys` added (`/srv/caselog-data` → `/srv/caselog-data.keys`).
    public static func defaultPath(forStore storePath: String) -> String {
        var trimmed = storePath
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + ".keys"
    }

    /// The directory.
    public let path: String
    private let state: Mutex<State>

    struct State: ~Copyable {
        var environment: Environment?
        var keys: Database
        var meta: Database
        var blind: Database
        var master: MasterKey
        let lockDescriptor: Int32
        /// True while `whileAlone` holds `keystore.lock` exclusively.
        var isAlone = false

        deinit { close(lockDescriptor) }
    }

    /// Opens the key store at directory `path` with `master`; with `createIfMissing`, makes it
    /// (mode 0700) when there is none.
    ///
    /// - Throws: `KeyStoreError.notFound`, `.notAKeyStore`, `.wrongMasterKey`;
    ///   `StoreError.cannotCreate`, `.permissionDenied`, `.storage`.
    public init(path: String, master: MasterKey, createIfMissing: Bool = false) throws {
        self.path = path
        var info = stat()
        var madeDirectory = false
        if stat(path + "/data.mdb", &info) != 0 {
            guard createIfMissing else { throw KeyStoreError.notFound(path: path) }
            if mkdir(path, 0o700) == 0 {
                chmod(path, 0o700)
                madeDirectory = true
            } else if errno != EEXIST {
                throw BackupDirectory.failure(errno, path: path)
            }
        }
        let descriptor = open(path + "/keystore.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if madeDirectory { removeTree(path) }
            throw BackupDirectory.failure(code, path: path)
        }
        while flock(descriptor, LOCK_SH) != 0 && errno == EINTR {}
        do {
            let (environment, keys, meta, blind) = try Self.openEnvironment(path, master: master, create: createIfMissing)
            state = Mutex(State(environment: environment, keys: keys, meta: meta, blind: blind, master: master, lockDescriptor: descriptor))
        } catch {
            close(descriptor)
            // A directory made here and left half made (a full disk) would look like a key store.
            if madeDirectory { removeTree(path) }
            throw error
        }
    }

    /// Copies the key-store backup in `backup` (a directory `backup(to:)` wrote) to a new key
    /// store at `path` (mode 0700, its `data.mdb` 0600, synced). The caller then opens it with
    /// the master key, and destroys what the log says was erased.
    ///
    /// - Throws: `StoreError.cannotCreate`, `.permissionDenied` (nothing is left at `path`).
    public static func restore(from backup: String, to path: String) throws {
        let made = mkdir(path, 0o700) == 0
        guard made || errno == EEXIST else { throw BackupDirectory.failure(errno, path: path) }
        let source = open(backup + "/data.mdb", O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            let code = errno
            if made { removeTree(path) }
            throw BackupDirectory.failure(code, path: backup)
        }
        defer { close(source) }
        let file = path + "/data.mdb"
        let target = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard target >= 0 else {
            let code = errno
            if made { removeTree(path) }
            throw BackupDirectory.failure(code, path: file)
        }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count == 0 { break }
            let written = count > 0 ? buffer.withUnsafeBytes { write(target, $0.baseAddress, count) } : -1
            guard count > 0, written == count else {
                let code = errno
                removeTree(made ? path : file)
                throw BackupDirectory.failure(code, path: file)
            }
        }
        guard fchmod(target, 0o600) == 0, fsync(target) == 0 else {
            let code = errno
            removeTree(made ? path : file)
            throw BackupDirectory.failure(code, path: file)
        }
        try BackupDirectory.sync(path)
    }

    /// Removes the key store at `path` whole: only for one just made for a store whose making
    /// then failed (it holds no key that any record needs).
    public static func discardNew(at path: String) {
        removeTree(path)
    }

    /// Opens LMDB at `path` and checks `master` against the store's `check`; writes `format`
    /// and `check` into a store that has neither and no key, when `create` is true. The blind
    /// index's database is made when missing (a key store made before it had none).
    private static func openEnvironment(_ path: String, master: MasterKey, create: Bool) throws -> (Environment, Database, Database, Database) {
        var options = Environment.Options()
        options.mapSize = 1 << 20
        options.maximumDatabases = 4
        options.createIfMissing = create
        do {
            let environment = try Environment(path: path, options: options)
            let opened = try environment.openDatabases(named: [keysDatabase, metaDatabase], createMissing: create)
            guard let keys = opened[0], let meta = opened[1] else {
                throw KeyStoreError.notAKeyStore(path: path, reason: "it has no database of keys")
            }
            let check: [UInt8]? = try environment.read { txn in try txn.value(for: "check", in: meta).map { Array($0) } }
            if let check {
                let format: [UInt8]? = try environment.read { txn in try txn.value(for: "format", in: meta).map { Array($0) } }
                guard let format, format.count == 4 else { throw KeyStoreError.notAKeyStore(path: path, reason: "it has no format") }
                let version = format.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }
                guard version <= formatVersion else {
                    throw KeyStoreError.notAKeyStore(path: path, reason: "its format \(version) is newer than this caselog reads (\(formatVersion)); upgrade caselog")
                }
                do {
                    _ = try AESGCM.open(check, key: master.bytes, aad: checkData)
                } catch {
                    throw KeyStoreError.wrongMasterKey(path: path)
                }
            } else {
                let empty = try environment.read { txn in try txn.statistics(of: keys).entries == 0 }
                guard create, empty else { throw KeyStoreError.notAKeyStore(path: path, reason: "it has no check of the master key") }
                let sealed = try AESGCM.seal([UInt8](), key: master.bytes, aad: checkData)
                try environment.write { txn in
                    try txn.put(BigEndianFormat(formatVersion), for: "format", in: meta)
                    try txn.put(sealed, for: "check", in: meta)
                }
            }
            guard let blind = try environment.openDatabases(named: [blindDatabase], createMissing: true)[0] else {
                throw KeyStoreError.notAKeyStore(path: path, reason: "its blind index cannot be made")
            }
            return (environment, keys, meta, blind)
        } catch let error as LMDBError {
            throw storeError(error, path: path)
        }
    }

    /// The log's error for what LMDB refused.
    private static func storeError(_ error: LMDBError, path: String) -> any Error {
        switch error.returnCode {
        case ENOENT: KeyStoreError.notFound(path: path)
        case EACCES, EPERM, EROFS: StoreError.permissionDenied(path: path)
        default: StoreError.storage(error)
        }
    }

    /// How many data keys the store holds.
    public var count: Int {
        get throws {
            try state.withLock { state in
                guard let environment = state.environment else { throw KeyStoreError.notAKeyStore(path: path, reason: "it could not be reopened") }
                let keys = state.keys
                return try environment.read { txn in try txn.statistics(of: keys).entries }
            }
        }
    }

    /// The data key of stream `name`, or nil when it has none (never made, or destroyed).
    ///
    /// - Throws: `KeyStoreError.entryDamaged` when its entry does not unwrap; `StoreError.storage`.
    public func key(for name: String) throws -> DataKey? {
        try keys(for: [name])[name]
    }

    /// The data keys of the streams `names` that have one.
    ///
    /// - Throws: as `key(for:)`.
    public func keys(for names: [String]) throws -> [String: DataKey] {
        try withEnvironment { state, environment in
            let (keys, master) = (state.keys, state.master)
            return try environment.read { txn in
                var found: [String: DataKey] = [:]
                for name in names {
                    guard let wrapped = try txn.value(for: name, in: keys) else { continue }
                    found[name] = try Self.unwrap(Array(wrapped), name: name, master: master)
                }
                return found
            }
        }
    }

    /// Makes a data key for each of `names` that has none, in one durable write, and returns the
    /// key of every one of them (a name that has a key keeps it).
    ///
    /// - Throws: `KeyStoreError.invalidName` (nothing is written), `.entryDamaged`; `StoreError.storage`.
    @discardableResult
    public func createKeys(for names: [String]) throws -> [String: DataKey] {
        for name in names { try Self.checkName(name) }
        return try withEnvironment { state, environment in
            let (keys, master) = (state.keys, state.master)
            return try environment.write { txn in
                var made: [String: DataKey] = [:]
                for name in names where made[name] == nil {
                    if let wrapped = try txn.value(for: name, in: keys) {
                        made[name] = try Self.unwrap(Array(wrapped), name: name, master: master)
                        continue
                    }
                    let key = DataKey(bytes: try AESGCM.randomBytes(AESGCM.keyCount))
                    try txn.put(try AESGCM.seal(key.bytes, key: master.bytes, aad: Array(name.utf8)), for: name, in: keys)
                    made[name] = key
                }
                return made
            }
        }
    }

    /// Ties the key store to the store with id `storeID` (the log's `store-id`, which its
    /// backups share): the first store opened with it is written down under `store` in `meta`
    /// (when `mayWrite`), and any other store is refused. So two stores never share data keys
    /// by mistake (`CASELOG_KEYS` naming another store's key store), where a key made for one
    /// store's new stream would be another's.
    ///
    /// - Throws: `KeyStoreError.otherStore`; `StoreError.storage`.
    public func bind(toStore storeID: [UInt8], mayWrite: Bool) throws {
        try withEnvironment { state, environment in
            let meta = state.meta
            let bound: [UInt8]? = try environment.read { txn in try txn.value(for: "store", in: meta).map { Array($0) } }
            if let bound {
                guard bound == storeID else { throw KeyStoreError.otherStore(path: path) }
                return
            }
            guard mayWrite else { return }
            try environment.write { txn in
                if let raced = try txn.value(for: "store", in: meta) {
                    guard Array(raced) == storeID else { throw KeyStoreError.otherStore(path: path) }
                    return
                }
                try txn.put(storeID, for: "store", in: meta)
            }
        }
    }

    /// Stores `made`, data keys a writer made for streams that had none when it looked, in one
    /// durable write (the log's writer calls it before it commits, holding the log's write
    /// lock). A stream that has the same key already is passed over; one that has another key
    /// (made meanwhile: never replaced, since sections may be sealed with it) fails the write.
    ///
    /// - Throws: `KeyStoreError.keyExists` (nothing is written), `.invalidName`, `.entryDamaged`;
    ///   `StoreError.storage`.
    public func insertKeys(_ made: [(stream: String, key: DataKey)]) throws {
        for entry in made { try Self.checkName(entry.stream) }
        try withEnvironment { state, environment in
            let (keys, master) = (state.keys, state.master)
            let wrapper = try KeyWrapper(master: master)
            try environment.write { txn in
                for (name, key) in made {
                    if let wrapped = try txn.value(for: name, in: keys) {
                        guard try Self.unwrap(Array(wrapped), name: name, master: master) == key else { throw KeyStoreError.keyExists(name: name) }
                        continue
                    }
                    try txn.put(try wrapper.wrap(key, name: name), for: name, in: keys)
                }
            }
        }
    }

    /// Destroys the data keys of `names`: their entries are overwritten with zeros and removed
    /// in one durable write, then the store is replaced by a compacted copy of itself, so that
    /// no removed entry stays in LMDB's free pages. Returns how many keys there were.
    ///
    /// - Throws: `KeyStoreError.inUse` (another process has the store open; nothing was
    ///   changed); `StoreError.storage`, `.cannotCreate`.
    @discardableResult
    public func destroy(_ names: [String]) throws -> Int {
        try exclusively { state in
            let keys = state.keys
            // No reference to the environment outlives the write: compacting closes it.
            let removed = try state.environment!.write { txn in
                var removed = 0
                for name in Set(names) {
                    guard let wrapped = try txn.value(for: name, in: keys) else { continue }
                    // LMDB copies a page before changing it, so the old page keeps the entry until
                    // the compaction below writes a file without it.
                    _ = wrapped
                    try txn.delete(name, in: keys)
                    removed += 1
                }
                return removed
            }
            try compactInPlace(&state)
            return removed
        }
    }

    /// Re-wraps every data key with `newMaster` in one durable write, then replaces the store by
    /// a compacted copy of itself (no entry wrapped with the old key stays behind). From then
    /// on the store opens with `newMaster` only.
    ///
    /// - Throws: `KeyStoreError.inUse`, `.entryDamaged` (nothing was changed); `StoreError.storage`.
    public func rotateMaster(to newMaster: MasterKey) throws {
        try exclusively { state in
            let (keys, meta, master) = (state.keys, state.meta, state.master)
            try state.environment!.write { txn in
                var entries: [(String, [UInt8])] = []
                try txn.withCursor(on: keys) { cursor in
                    var entry = try cursor.first()
                    while let (key, value) = entry {
                        entries.append((String(decoding: key, as: UTF8.self), Array(value)))
                        entry = try cursor.next()
                    }
                }
                for (name, wrapped) in entries {
                    var bytes = try Self.unwrap(wrapped, name: name, master: master).bytes
                    defer { AESGCM.wipe(&bytes) }
                    try txn.put(try AESGCM.seal(bytes, key: newMaster.bytes, aad: Array(name.utf8)), for: name, in: keys)
                }
                try txn.put(try AESGCM.seal([UInt8](), key: newMaster.bytes, aad: Self.checkData), for: "check", in: meta)
                try Self.rewrapIndexKey(in: txn, meta: meta, from: master, to: newMaster)
            }
            state.master = newMaster
            try compactInPlace(&state)
        }
    }

    /// Writes a compacted copy of the key store into `directory` (which must not exist, or be
    /// empty), opened with the master key before it is renamed into place, as the log's
    /// backups are; the copy's wrapped keys need the same master key.
    ///
    /// - Throws: `StoreError.cannotCreate`, `.permissionDenied`, `.storage`.
    public func backup(to directory: String) throws {
        let target = try BackupDirectory(directory)
        target.removeStalePartialCopies()
        let partial = try target.makePartialDirectory()
        do {
            let master = try withEnvironment { state, environment in
                try Self.writeCopy(of: environment, into: partial)
                return state.master
            }
            _ = try KeyStore(path: partial, master: master).count
            unlink(partial + "/lock.mdb")
            unlink(partial + "/keystore.lock")
            try target.moveIntoPlace(partial)
        } catch {
            removeTree(partial)
            throw error
        }
    }

    /// The wrapped key stored under `name`, as it is stored (for tests).
    func wrapped(for name: String) throws -> [UInt8]? {
        try withEnvironment { state, environment in
            let keys = state.keys
            return try environment.read { txn in try txn.value(for: name, in: keys).map { Array($0) } }
        }
    }

    /// Stores `wrapped` under `name` as it is (for tests: an entry moved under another name).
    func putWrapped(_ wrapped: [UInt8], for name: String) throws {
        try withEnvironment { state, environment in
            let keys = state.keys
            try environment.write { txn in try txn.put(wrapped, for: name, in: keys) }
        }
    }

    // MARK: - Inside

    func withEnvironment<R>(_ body: (borrowing State, Environment) throws -> R) throws -> R {
        try state.withLock { state in
            guard let environment = state.environment else { throw KeyStoreError.notAKeyStore(path: path, reason: "it could not be reopened") }
            do {
                return try body(state, environment)
            } catch let error as LMDBError {
                throw StoreError.storage(error)
            }
        }
    }

    /// Runs `body` while no other process has the key store open: `keystore.lock` is taken
    /// exclusively first (or `KeyStoreError.inUse` thrown, before `body` runs), and shared again
    /// after. Erasure runs its whole work so: it records what it erases, destroys the keys and
    /// blanks the sections only when none of it can meet a server holding the key store.
    /// `body` may use this key store (its own calls do not take the lock again).
    ///
    /// - Throws: `KeyStoreError.inUse`; what `body` throws.
    public func whileAlone<R>(_ body: () throws -> R) throws -> R {
        let nested = try state.withLock { state -> Bool in
            if state.isAlone { return true }
            guard flock(state.lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
                while flock(state.lockDescriptor, LOCK_SH) != 0 && errno == EINTR {}
                throw KeyStoreError.inUse(path: path)
            }
            state.isAlone = true
            return false
        }
        defer {
            if !nested { state.withLock { state in
                state.isAlone = false
                while flock(state.lockDescriptor, LOCK_SH) != 0 && errno == EINTR {}
            } }
        }
        return try body()
    }

    /// Runs `body` holding `keystore.lock` exclusively (no other process has the store open),
    /// then shared again (or within `whileAlone`, which holds it already).
    private func exclusively<R>(_ body: (inout State) throws -> R) throws -> R {
        try state.withLock { state in
            guard state.environment != nil else { throw KeyStoreError.notAKeyStore(path: path, reason: "it could not be reopened") }
            if state.isAlone {
                do {
                    return try body(&state)
                } catch let error as LMDBError {
                    throw StoreError.storage(error)
                }
            }
            let descriptor = state.lockDescriptor
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                while flock(descriptor, LOCK_SH) != 0 && errno == EINTR {}
                throw KeyStoreError.inUse(path: path)
            }
            defer { while flock(descriptor, LOCK_SH) != 0 && errno == EINTR {} }
            do {
                return try body(&state)
            } catch let error as LMDBError {
                throw StoreError.storage(error)
            }
        }
    }

    /// Replaces `data.mdb` with a compacted copy of itself: the copy is written into a hidden
    /// directory beside the store and synced, the environment is closed, the copy renamed over
    /// `data.mdb`, the directory synced, and the environment opened again.
    private func compactInPlace(_ state: inout State) throws {
        // Inside the key store's own directory: on its file system, and writable by whoever may
        // write the key store (its parent may not be).
        let target = path + "/.compact-" + String(getpid())
        removeTree(target)
        guard mkdir(target, 0o700) == 0 else { throw BackupDirectory.failure(errno, path: target) }
        defer { removeTree(target) }
        try Self.writeCopy(of: state.environment!, into: target)
        state.environment = nil
        let renamed = rename(target + "/data.mdb", path + "/data.mdb") == 0
        let code = errno
        let (reopened, keys, meta, blind) = try Self.openEnvironment(path, master: state.master, create: false)
        state.environment = reopened
        state.keys = keys
        state.meta = meta
        state.blind = blind
        guard renamed else { throw BackupDirectory.failure(code, path: path) }
        try BackupDirectory.sync(path)
    }

    /// Writes a compacted copy of `environment` to `directory`/data.mdb, mode 0600, synced.
    private static func writeCopy(of environment: Environment, into directory: String) throws {
        let file = directory + "/data.mdb"
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupDirectory.failure(errno, path: file) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw BackupDirectory.failure(errno, path: file) }
        try environment.copy(to: descriptor, path: directory, compact: true)
        guard fsync(descriptor) == 0 else { throw BackupDirectory.failure(errno, path: file) }
        try BackupDirectory.sync(directory)
    }

    private static func unwrap(_ wrapped: [UInt8], name: String, master: MasterKey) throws -> DataKey {
        do {
            return DataKey(bytes: try AESGCM.open(wrapped, key: master.bytes, aad: Array(name.utf8)))
        } catch {
            throw KeyStoreError.entryDamaged(name: name)
        }
    }

    private static func checkName(_ name: String) throws(KeyStoreError) {
        guard !name.isEmpty, name.utf8.count <= longestName else { throw .invalidName(name) }
    }
}

/// `format`'s value: a version as 4 big-endian bytes.
private struct BigEndianFormat: ByteKey {
    let value: UInt32
    init(_ value: UInt32) { self.value = value }
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: value.bigEndian, body)
    }
}

extension BackupDirectory {
    /// The directory holding `path` ("." for a bare name).
    static func parent(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed.lastIndex(of: "/").map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
    }
}
