import LMDB

/// The reads shared by `LogReader` and `LogWriter`, generic over the kind of transaction.
struct StoreQueries: Sendable {
    let databases: StoreDatabases

    func record<T: TransactionReading & ~Copyable>(at position: UInt64, in txn: borrowing T) throws -> RecordView? {
        guard let bytes = try txn.value(for: BigEndianKey(position), in: databases.events) else { return nil }
        guard let view = RecordView(validating: bytes), view.position == position else {
            throw StoreError.corrupted(position: position, reason: "the record is not in the format its header claims")
        }
        return view
    }

    func position<T: TransactionReading & ~Copyable>(of id: EventID, in txn: borrowing T) throws -> UInt64? {
        guard let bytes = try txn.value(for: EventIDKey(id: id), in: databases.eventIDs) else { return nil }
        return LittleEndian.uint64(bytes)
    }

    func streamHead<T: TransactionReading & ~Copyable>(named name: String, in txn: borrowing T) throws -> StreamHead? {
        guard let bytes = try txn.value(for: name, in: databases.streams) else { return nil }
        guard let head = StreamHead(name: name, encoded: bytes) else {
            throw StoreError.corruptedIndex(reason: "the head of stream \(name) is damaged")
        }
        return head
    }

    func head<T: TransactionReading & ~Copyable>(in txn: borrowing T) throws -> LogHead {
        guard let bytes = try txn.value(for: MetaKey.head, in: databases.meta) else { return LogHead(position: 0, hash: .zero) }
        guard bytes.count == 40, let position = LittleEndian.uint64(bytes),
              let hash = ChainHash(bytes: UnsafeRawBufferPointer(rebasing: bytes[8..<40]))
        else { throw StoreError.corruptedIndex(reason: "the chain head in the store's metadata is damaged") }
        return LogHead(position: position, hash: hash)
    }

    func personalData<T: TransactionReading & ~Copyable>(at position: UInt64, in txn: borrowing T) throws -> PersonalSectionView? {
        guard let bytes = try txn.value(for: BigEndianKey(position), in: databases.personal) else { return nil }
        return PersonalSectionView(bytes: bytes)
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
        try txn.withCursor(on: databases.events) { cursor in
            var entry = try cursor.seek(atLeast: BigEndianKey(max(start, 1)))
            while let (key, value) = entry {
                guard let position = BigEndianKey.decode(key), position <= end else { return }
                guard let record = RecordView(validating: value), record.position == position else {
                    throw StoreError.corrupted(position: position, reason: "the record is not in the format its header claims")
                }
                try body(record)
                entry = try cursor.next()
            }
        }
    }

    /// Calls `body` with the records of stream `name` from version `start` on, in version order.
    func scanStream<T: TransactionReading & ~Copyable>(
        named name: String, fromVersion start: UInt64, in txn: borrowing T, _ body: (RecordView) throws -> Void
    ) throws {
        guard let head = try streamHead(named: name, in: txn) else { return }
        try txn.withCursor(on: databases.streamIndex) { cursor in
            var entry = try cursor.seek(atLeast: StreamIndexKey(streamNumber: head.number, version: max(start, 1)))
            while let (key, value) = entry {
                guard key.count == 16,
                      UInt64(bigEndian: key.loadUnaligned(as: UInt64.self)) == head.number else { return }
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
