import LMDB

/// A consistent snapshot of the log, lent to the closure of `EventStore.read`.
///
/// Views it returns point into the memory map and are valid until the closure returns.
/// A snapshot never blocks writers; keep it short, because LMDB cannot reuse pages that an
/// open snapshot may still read.
public struct LogReader: ~Copyable {
    let transaction: UnsafePointer<ReadTransaction>
    let queries: StoreQueries
    /// The unindexed tail as of this snapshot, read on first need.
    private let tail: TailBox
    /// The data keys and decrypted sections of this snapshot's reads.
    private let sectionKeys = SectionKeys()

    init(transaction: UnsafePointer<ReadTransaction>, queries: StoreQueries, cached: PendingIndex?) {
        self.transaction = transaction
        self.queries = queries
        tail = TailBox(cached: cached)
    }

    /// The records beyond the indexes in this snapshot (at most a batch; read once).
    func pending() throws -> PendingIndex {
        if let built = tail.built { return built }
        let built = try queries.pendingIndex(startingFrom: tail.cached, head: try head(), in: transaction.pointee)
        tail.built = built
        tail.cached = nil
        return built
    }

    /// The tail this snapshot read, if it needed it: for the next reader to start from.
    var builtTail: PendingIndex? { tail.built }

    /// The chain head as of the snapshot.
    public func head() throws -> LogHead { try queries.head(in: transaction.pointee) }

    /// The record at `position`, or nil when there is none. O(log n).
    public func record(at position: UInt64) throws -> RecordView? {
        try queries.record(at: position, in: transaction.pointee)
    }

    /// The head of stream `name`, or nil when it does not exist. O(log n).
    public func streamHead(_ name: String) throws -> StreamHead? {
        try pending().head(of: name, stored: try queries.streamHead(named: name, in: transaction.pointee))
    }

    /// Where the event with `id` is, if it is in the log. O(log n).
    public func position(of id: EventID) throws -> UInt64? {
        if let position = try pending().position(of: id) { return position }
        return try queries.position(of: id, in: transaction.pointee)
    }

    /// The personal-data section of the event at `position`, if it has one: an encrypted one
    /// decrypted when the store was opened with its key store and the stream has its key (then
    /// read as envelope 1), else `isEncryptedWithoutKey`; an erased one is envelope 0. Its bytes
    /// live as long as this reader.
    ///
    /// - Throws: `StoreError.corrupted` for an encrypted section that does not open with its
    ///   stream's key; `KeyStoreError.entryDamaged`; `StoreError.storage`.
    public func personalData(at position: UInt64) throws -> PersonalSectionView? {
        try queries.personalData(at: position, in: transaction.pointee, keys: sectionKeys)
    }

    /// The envelope byte of the personal section at `position` as stored (docs/FORMAT.md §5:
    /// 0 erased, 1 in clear, 2 encrypted), without decrypting it; nil when there is none.
    public func storedEnvelope(at position: UInt64) throws -> UInt8? {
        try transaction.pointee.value(for: BigEndianKey(position), in: queries.databases.personal)?.first
    }

    /// The position saved under checkpoint `name`, if any.
    public func checkpoint(named name: String) throws -> UInt64? {
        try queries.checkpoint(named: name, in: transaction.pointee)
    }

    /// The counter `name` (`LogWriter.saveCounter`); nil when it was never saved.
    public func counter(named name: String) throws -> UInt64? {
        try queries.counter(named: name, in: transaction.pointee)
    }

    /// The organisation's setting `name` (`LogWriter.saveSetting`), if it was ever saved.
    public func setting(named name: String) throws -> [UInt8]? {
        try queries.setting(named: name, in: transaction.pointee)
    }

    /// Calls `body` with every record from position `start` through `end`, in order, without
    /// copying. Memory does not grow with the log.
    ///
    /// - Throws: `StoreError.corrupted` when a record is damaged, or what `body` throws.
    public func scan(from start: UInt64 = 1, through end: UInt64 = .max, _ body: (RecordView) throws -> Void) throws {
        try queries.scan(from: start, through: end, in: transaction.pointee, body)
    }

    /// Calls `body` with the records of stream `name` from version `start` on, in order.
    /// O(k log n) for k records.
    public func scanStream(_ name: String, fromVersion start: UInt64 = 1, _ body: (RecordView) throws -> Void) throws {
        try queries.scanStream(named: name, fromVersion: start, pending: try pending(), in: transaction.pointee, body)
    }

    /// Calls `body` with the head of every stream: those with stored heads in name order, then
    /// those that so far exist only in the unindexed tail.
    public func forEachStream(_ body: (StreamHead) throws -> Void) throws {
        let pending = try pending()
        var stored: Set<String> = []
        try transaction.pointee.withCursor(on: queries.databases.streams) { cursor in
            var entry = try cursor.first()
            while let (key, value) = entry {
                let name = String(decoding: key, as: UTF8.self)
                guard let head = StreamHead(name: name, encoded: value) else {
                    throw StoreError.corruptedIndex(reason: "the head of stream \(name) is damaged")
                }
                if pending.stream(named: name) != nil { stored.insert(name) }
                if let merged = try pending.head(of: name, stored: head) { try body(merged) }
                entry = try cursor.next()
            }
        }
        for name in pending.streamNames.sorted() where !stored.contains(name) {
            if let head = try pending.head(of: name, stored: nil) { try body(head) }
        }
    }

    /// How many streams the log holds. O(1) plus the unindexed tail's streams.
    public func streamCount() throws -> Int {
        let stored = try transaction.pointee.statistics(of: queries.databases.streams).entries
        var new = 0
        for name in try pending().streamNames where try queries.streamHead(named: name, in: transaction.pointee) == nil {
            new += 1
        }
        return stored + new
    }
}

/// Where a `LogReader` keeps the tail it read (the reader itself is borrowed, not mutable).
private final class TailBox {
    var cached: PendingIndex?
    var built: PendingIndex?
    init(cached: PendingIndex?) { self.cached = cached }
}
