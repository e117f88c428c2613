import LMDB

/// The reads shared by `LogReader` and `LogWriter`, generic over the kind of transaction.
struct StoreQueries: Sendable {
    let databases: StoreDatabases
    /// True for a format 1 store opened read-only: its indexes are read as the run in slot 0
    /// that the upgrade would make of them (`formatOneIndexes`), without writing it down.
    var readsFormatOne = false
    /// The key store that decrypts (and, for the writer, encrypts) personal sections (`EventStore.Options.keyStore`).
    var keyStore: KeyStore?
    /// Whether the store encrypts the personal sections it writes (format 3): then the writer
    /// needs `keyStore`, and refuses a personal section without it.
    var encrypts = false

    /// What a format 1 store's indexes are in format 2: one run in slot 0 through
    /// `indexed-through`, when both indexes hold exactly that many entries; else none (indexes
    /// made before `indexed-through` was kept, which the upgrade empties).
    static func formatOneIndexes(indexedThrough indexed: UInt64, entries: [Int]) -> (indexedThrough: UInt64, runs: IndexRuns) {
        var runs = IndexRuns()
        guard indexed > 0, entries.allSatisfy({ UInt64($0) == indexed }) else { return (0, runs) }
        let first = runs.add(through: indexed)
        precondition(first.slot == 0, "the first run of a store takes slot 0")
        return (indexed, runs)
    }

    private func formatOneIndexes<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> (indexedThrough: UInt64, runs: IndexRuns) {
        let stored = try storedIndexedThrough(in: txn)
        let entries = [try txn.statistics(of: databases.eventIDs[0]).entries, try txn.statistics(of: databases.streamIndex[0]).entries]
        return Self.formatOneIndexes(indexedThrough: stored, entries: entries)
    }

    func record<T: TransactionReading & ~Copyable>(at position: UInt64, in txn: borrowing T) throws -> RecordView? {
        let found: UnsafeRawBufferPointer?
        do {
            found = try txn.value(for: BigEndianKey(position), in: databases.events)
        } catch {
            if error.code.isCorruption { throw Self.damaged(error, reading: "position \(position)") }
            throw error
        }
        guard let bytes = found else { return nil }
        guard let view = RecordView(validating: bytes), view.position == position else {
            throw StoreError.corrupted(position: position, reason: "the record is not in the format its header claims")
        }
        return view
    }

    /// The position of the record with `id` that the event-id index has (not the tail's):
    /// each run is asked, newest first.
    func position<T: TransactionReading & ~Copyable>(of id: EventID, in txn: borrowing T) throws -> UInt64? {
        for run in try indexRuns(in: txn).runs.reversed() {
            guard let bytes = try txn.value(for: IndexKey(id: id), in: databases.eventIDs[run.slot]) else { continue }
            guard let position = LittleEndian.uint64(bytes), run.firstPosition...run.lastPosition ~= position else {
                throw StoreError.corruptedIndex(reason: "the event-id index entry of \(id) is damaged")
            }
            return position
        }
        return nil
    }

    /// The runs the indexes are kept in.
    func indexRuns<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> IndexRuns {
        if readsFormatOne { return try formatOneIndexes(in: txn).runs }
        guard let bytes = try txn.value(for: MetaKey.indexRuns, in: databases.meta) else { return IndexRuns() }
        guard let runs = IndexRuns(encoded: bytes) else {
            throw StoreError.corruptedIndex(reason: "the list of index runs in the store's metadata is damaged")
        }
        return runs
    }

    func streamHead<T: TransactionReading & ~Copyable>(named name: String, in txn: borrowing T) throws -> StreamHead? {
        guard let bytes = try txn.value(for: name, in: databases.streams) else { return nil }
        guard let head = StreamHead(name: name, encoded: bytes) else {
            throw StoreError.corruptedIndex(reason: "the head of stream \(name) is damaged")
        }
        return head
    }

    /// The chain head: the last record's position and the hash it carries.
    func head<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> LogHead {
        try txn.withCursor(on: databases.events) { cursor in
            guard let (key, value) = try cursor.last() else { return LogHead.empty }
            guard let position = BigEndianKey.decode(key), let record = RecordView(validating: value),
                  record.position == position, let hash = ChainHash(bytes: record.hash)
            else { throw StoreError.corrupted(position: BigEndianKey.decode(key) ?? 0, reason: "the last record is not in the format its header claims") }
            return LogHead(position: position, hash: hash)
        }
    }

    /// The position through which the indexes are complete.
    func indexedThrough<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> UInt64 {
        if readsFormatOne { return try formatOneIndexes(in: txn).indexedThrough }
        return try storedIndexedThrough(in: txn)
    }

    private func storedIndexedThrough<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> UInt64 {
        guard let bytes = try txn.value(for: MetaKey.indexedThrough, in: databases.meta) else { return 0 }
        guard let position = LittleEndian.uint64(bytes) else {
            throw StoreError.corruptedIndex(reason: "the indexed position in the store's metadata is damaged")
        }
        return position
    }

    /// The tail of the log that the indexes do not cover yet, read from the log.
    ///
    /// `cached`, a tail this process read before, is used when it still fits the log; it is
    /// consumed so that catching it up does not copy it.
    func pendingIndex<T: TransactionReading & ~Copyable>(
        startingFrom cached: consuming PendingIndex?, head: LogHead, in txn: borrowing T
    ) throws -> PendingIndex {
        let indexed = try indexedThrough(in: txn)
        guard indexed <= head.position else {
            throw StoreError.corruptedIndex(reason: "the indexes claim position \(indexed), beyond the last record at \(head.position)")
        }
        var pending = PendingIndex(indexedThrough: indexed)
        if let taken = cached.take(), taken.indexedThrough == indexed, taken.through <= head.position {
            pending = taken
        }
        try pending.catchUp(to: head.position, queries: self, in: txn)
        return pending
    }

    /// The personal section at `position` as stored; an encrypted one (envelope 2) decrypted
    /// into `keys` when the key store has its stream's key, else as stored (`isEncryptedWithoutKey`).
    ///
    /// - Throws: `StoreError.corrupted` when an encrypted section does not open with its
    ///   stream's key (changed, or moved from another record); `KeyStoreError.entryDamaged`.
    func personalData<T: TransactionReading & ~Copyable>(at position: UInt64, in txn: borrowing T,
                                                          keys: SectionKeys) throws -> PersonalSectionView? {
        guard let bytes = try txn.value(for: BigEndianKey(position), in: databases.personal) else { return nil }
        guard bytes.first == PersonalSectionView.encryptedEnvelope, let keyStore else { return PersonalSectionView(bytes: bytes) }
        guard let record = try record(at: position, in: txn) else {
            throw StoreError.corrupted(position: position, reason: "a personal-data section has no record")
        }
        guard let key = try keys.key(for: record.stream, in: keyStore) else { return PersonalSectionView(bytes: bytes) }
        guard var clear = PersonalSectionView.decrypt(bytes, key: key, position: position, stream: record.streamBytes) else {
            throw StoreError.corrupted(position: position, reason: PersonalSectionView.undecryptable)
        }
        return PersonalSectionView(bytes: keys.keep(&clear))
    }

    /// The organisation's setting `name`, copied out of the transaction.
    func setting<T: TransactionReading & ~Copyable>(named name: String, in txn: borrowing T) throws -> [UInt8]? {
        try txn.value(for: MetaKey.setting(name), in: databases.meta).map { Array($0) }
    }

    /// The counter `name` (`LogWriter.saveCounter`); nil when it was never saved.
    func counter<T: TransactionReading & ~Copyable>(named name: String, in txn: borrowing T) throws -> UInt64? {
        guard let bytes = try txn.value(for: MetaKey.counter(name), in: databases.meta) else { return nil }
        return LittleEndian.uint64(bytes)
    }

    func checkpoint<T: TransactionReading & ~Copyable>(named name: String, in txn: borrowing T) throws -> UInt64? {
        guard let bytes = try txn.value(for: name, in: databases.checkpoints) else { return nil }
        return LittleEndian.uint64(bytes)
    }

    /// Calls `body` with every record from `start` through `end`, in position order.
    func scan<T: TransactionReading & ~Copyable>(
        from start: UInt64, through end: UInt64, in txn: borrowing T, _ body: (RecordView) throws -> Void
    ) throws {
        guard start <= end else { return }
        var reached = max(start, 1)
        do {
            try txn.withCursor(on: databases.events) { cursor in
                var entry = try cursor.seek(atLeast: BigEndianKey(reached))
                while let (key, value) = entry {
                    guard let position = BigEndianKey.decode(key), position <= end else { return }
                    guard let record = RecordView(validating: value), record.position == position else {
                        throw StoreError.corrupted(position: position, reason: "the record is not in the format its header claims")
                    }
                    try body(record)
                    reached = position + 1
                    entry = try cursor.next()
                }
            }
        } catch let error as LMDBError where error.code.isCorruption {
            throw Self.damaged(error, reading: "position \(reached)")
        }
    }

    /// A corruption LMDB reported while it read `what`: the store is damaged there.
    static func damaged(_ error: LMDBError, reading what: String) -> StoreError {
        .damaged(reason: "LMDB found \(error.reason) while reading \(what) of the log; run caselog verify")
    }

    /// Calls `body` with the records of stream `name` from version `start` on, in version order:
    /// those the stream index covers, then those in the unindexed tail.
    func scanStream<T: TransactionReading & ~Copyable>(
        named name: String, fromVersion start: UInt64, pending: PendingIndex, in txn: borrowing T, _ body: (RecordView) throws -> Void
    ) throws {
        if let stored = try streamHead(named: name, in: txn) {
            try scanIndexedStream(stored, fromVersion: start, in: txn, body)
        }
        guard let tail = pending.stream(named: name) else { return }
        for (index, position) in pending.positions(of: tail).enumerated() where tail.version(at: index) >= start {
            guard let record = try record(at: position, in: txn) else {
                throw StoreError.corrupted(position: position, reason: "a record of stream \(name) is missing")
            }
            try body(record)
        }
    }

    private func scanIndexedStream<T: TransactionReading & ~Copyable>(
        _ head: StreamHead, fromVersion start: UInt64, in txn: borrowing T, _ body: (RecordView) throws -> Void
    ) throws {
        let name = head.name
        // Runs in position order hold the stream's versions in order; runs before the stream's
        // first record hold none of them.
        let runs = try indexRuns(in: txn).runs.drop { $0.lastPosition < head.firstPosition }
        for run in runs {
            try txn.withCursor(on: databases.streamIndex[run.slot]) { cursor in
                var entry = try cursor.seek(atLeast: IndexKey(streamNumber: head.number, version: max(start, 1)))
                while let (key, value) = entry {
                    guard let key = IndexKey(key), key.high == head.number else { return }
                    guard let position = LittleEndian.uint64(value) else {
                        throw StoreError.corruptedIndex(reason: "an index entry of stream \(name) is damaged")
                    }
                    guard let record = try record(at: position, in: txn) else {
                        throw StoreError.corruptedIndex(reason: "stream \(name) points to position \(position), which is missing")
                    }
                    try body(record)
                    entry = try cursor.next()
                }
            }
        }
    }
}
