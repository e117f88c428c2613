import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EventStore {
    /// What `encryptInPlace` did.
    public struct Encryption: Sendable, Equatable {
        /// Sections found in clear (envelope 1) and encrypted now.
        public let sectionsEncrypted: Int
        /// Personal sections in the store in all.
        public let sections: Int
        /// The data file's size before and after the compacting copy.
        public let bytesBefore: UInt64
        public let bytesAfter: UInt64
    }

    /// Encrypts a store's personal sections in place (docs/FORMAT.md §5, §9: format 2 → 3), with
    /// the data keys of `keyStore` (made for streams that have none): first the format is
    /// raised, so that every section written from then on is encrypted; then each section in
    /// clear is sealed with its stream's key, in batches of `batchSize`, each batch's keys made
    /// durable before the batch commits; last the data file is replaced by a compacting copy of
    /// itself, so that no clear section stays in LMDB's free pages. The records, the chain and
    /// `personalDigest` are unchanged: a digest is of the clear section.
    ///
    /// It needs the store to itself: no other process may have it open (`open.lock`). Run
    /// again after an interruption, it encrypts what is left and compacts.
    ///
    /// - Parameter progress: called after each batch with (sections looked at, sections in all).
    /// - Throws: `StoreError.inUse` (nothing was changed), `.notFound`, `.readOnly`,
    ///   `.permissionDenied`, `.storage`; `KeyStoreError`.
    /// - Parameter keyStore: gives the key store, once the store is held (so that a store in
    ///   use makes none).
    public static func encryptInPlace(at path: String, keyStore: () throws -> KeyStore, options: Options = Options(), batchSize: Int = 4096,
                                      progress: ((Int, Int) -> Void)? = nil) throws -> Encryption {
        guard access(path + "/data.mdb", F_OK) == 0 else { throw StoreError.notFound(path: path) }
        let lock = try StoreOpenLock.exclusive(path)
        defer { withExtendedLifetime(lock) {} }
        var options = options
        options.keyStore = try keyStore()
        options.holdsOpenLock = true
        // The store is closed (its map released) before its data file is replaced.
        let (encrypted, sections) = try {
            let store = try EventStore(openingAt: path, options: options)
            return try store.encryptSections(batchSize: max(1, batchSize), progress: progress)
        }()
        let before = fileSize(path + "/data.mdb")
        try compactInPlace(path)
        return Encryption(sectionsEncrypted: encrypted, sections: sections, bytesBefore: before, bytesAfter: fileSize(path + "/data.mdb"))
    }

    /// Raises the format to 3 and seals every clear section; returns (sealed now, sections in all).
    private func encryptSections(batchSize: Int, progress: ((Int, Int) -> Void)?) throws -> (Int, Int) {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        guard let keyStore = queries.keyStore else { throw KeyStoreError.encryptedStoreWithoutKeys }
        let (meta, personal) = (queries.databases.meta, queries.databases.personal)
        let total = try mappingStorageErrors {
            try environment.write { txn in
                try txn.put(withUnsafeBytes(of: Self.formatVersion.littleEndian) { Array($0) }, for: MetaKey.formatVersion, in: meta)
                return try txn.statistics(of: personal).entries
            }
        }
        var next: UInt64 = 0
        var looked = 0
        var sealed = 0
        while true {
            // A batch of clear sections, with their records' streams.
            let (batch, seen, last) = try mappingStorageErrors {
                try environment.read { txn -> ([(position: UInt64, number: UInt64, stream: String, clear: [UInt8])], Int, UInt64?) in
                    var batch: [(position: UInt64, number: UInt64, stream: String, clear: [UInt8])] = []
                    var seen = 0
                    var last: UInt64?
                    try txn.withCursor(on: personal) { cursor in
                        var entry = try cursor.seek(atLeast: BigEndianKey(next))
                        while let (key, value) = entry, seen < batchSize {
                            let position = key.loadUnaligned(as: UInt64.self).bigEndian
                            seen += 1
                            last = position
                            if value.first == PersonalSectionView.plainEnvelope {
                                guard let record = try queries.record(at: position, in: txn) else {
                                    throw StoreError.corrupted(position: position, reason: "a personal section has no record")
                                }
                                batch.append((position, record.streamNumber, record.stream, Array(value)))
                            }
                            entry = try cursor.next()
                        }
                    }
                    return (batch, seen, last)
                }
            }
            guard let last else { break }
            if !batch.isEmpty {
                var streams: [String] = []
                var named: Set<String> = []
                for section in batch where named.insert(section.stream).inserted { streams.append(section.stream) }
                let keys = try keyStore.createKeys(for: streams)
                let sealer = SectionSealer()
                let boxes = try batch.map { section in
                    guard let key = keys[section.stream] else { throw KeyStoreError.invalidName(section.stream) }
                    let context = try sealer.context(section.number) ?? sealer.makeContext(section.number, key: key)
                    return try section.clear.withUnsafeBytes { clear in
                        try sealer.seal(clear, context: context, position: section.position, stream: section.stream)
                    }
                }
                try mappingStorageErrors {
                    try environment.write { txn in
                        for (section, box) in zip(batch, boxes) { try txn.put(box, for: BigEndianKey(section.position), in: personal) }
                    }
                }
                sealed += batch.count
            }
            looked += seen
            progress?(looked, total)
            next = last + 1
        }
        return (sealed, total)
    }

    /// Replaces the data file of the (closed) store at `path` by a compacting copy of itself:
    /// written into a hidden directory beside the store, synced, renamed over `data.mdb`, the
    /// directory synced. The caller holds `open.lock` exclusively.
    private static func compactInPlace(_ path: String) throws {
        // Inside the store's own directory: on its file system, and writable by whoever may
        // write the store (its parent may not be).
        let target = path + "/.compact-" + String(getpid())
        removeTree(target)
        guard mkdir(target, 0o700) == 0 else { throw BackupDirectory.failure(errno, path: target) }
        defer { removeTree(target) }
        let file = target + "/data.mdb"
        do {
            var options = Environment.Options()
            options.maximumDatabases = StoreDatabases.maximumCount
            options.createIfMissing = false
            let environment = try Environment(path: path, options: options)
            let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw BackupDirectory.failure(errno, path: file) }
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else { throw BackupDirectory.failure(errno, path: file) }
            try environment.copy(to: descriptor, path: target, compact: true)
            guard fsync(descriptor) == 0 else { throw BackupDirectory.failure(errno, path: file) }
        } catch let error as LMDBError {
            throw StoreError.storage(error)
        }
        guard rename(file, path + "/data.mdb") == 0 else { throw BackupDirectory.failure(errno, path: path) }
        try BackupDirectory.sync(path)
    }

    private static func fileSize(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }
}
