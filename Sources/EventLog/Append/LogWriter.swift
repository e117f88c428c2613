import LMDB
import Codec

/// Appends events inside one write transaction. Lent to the closure of `EventStore.write`;
/// everything it appends is committed together when the closure returns, or not at all.
///
/// Reads through the writer see its own appends (read-your-writes). A commit writes the records;
/// the indexes follow in batches (see `PendingIndex`), except stream heads that carry state set
/// by a `transition`, which are written with the commit.
public struct LogWriter: ~Copyable {
    let transaction: UnsafePointer<WriteTransaction>
    let queries: StoreQueries
    var databases: StoreDatabases { queries.databases }
    /// Who is recording: stamped on every record that does not carry its own.
    public let actor: String
    /// When this write began: the `recordedAt` of every record that does not carry its own.
    public let recordedAt: Timestamp
    /// The chain head as of the last append.
    public private(set) var head: LogHead
    /// The log's last position when this write began.
    public let startPosition: UInt64
    private(set) var nextStreamNumber: UInt64
    /// The heads that carry state from a `transition`, of the streams this write has appended
    /// to, as they now are: written with this commit. (Every other head is where the tail and
    /// the index say it is.)
    private(set) var heads = KeptHeads()
    private(set) var wroteAnything = false
    private var insertedIDs: [EventID] = []
    private var salts = SaltPool()
    /// True when the caller has checked that every event's data and personal fields are
    /// deterministic CBOR maps (`DeterministicCBOR.validate`) before appending them: the
    /// importer does it on its reading thread, so the writer need not do it again.
    package var dataIsCheckedByCaller = false
    /// One SHA-256 context for every hash this transaction computes.
    private let hasher = SHA256()
    /// The records beyond the indexes, including this write's. (Set by `writeIndexes`, in
    /// LogWriter+Indexes.swift, when it moves them into the indexes.)
    var pending: PendingIndex
    /// The process's filter of the log's ids, when it keeps one (`EventIDFilter`).
    private let idFilterSlot: EventIDFilterSlot?
    /// Cursors kept at the end of the records and of the personal sections: an append through
    /// them does not descend the tree (`mdb_put` does, for every record). Closed with the
    /// writer, before the commit.
    private let recordCursor: WriteCursor
    private let personalCursor: WriteCursor
    /// The data keys of this write's encrypted sections, and the clear sections it decrypted.
    let sectionKeys = SectionKeys()
    /// Seals this write's sections (one libcrypto context per stream's key).
    private let sealer = SectionSealer()
    /// The data keys this write made for streams that had none, stored in the key store in one
    /// durable write before the log commits (`storeNewKeys`).
    private var newKeys: [(stream: String, key: DataKey)] = []

    init(transaction: UnsafePointer<WriteTransaction>, queries: StoreQueries, actor: String, recordedAt: Timestamp,
         head: LogHead, pending: consuming PendingIndex, idFilterSlot: EventIDFilterSlot? = nil) throws {
        let stored = try transaction.pointee.value(for: MetaKey.nextStreamNumber, in: queries.databases.meta)
        let records = try transaction.pointee.openWriteCursor(on: queries.databases.events)
        let personal = try transaction.pointee.openWriteCursor(on: queries.databases.personal)
        self.transaction = transaction
        self.queries = queries
        self.actor = actor
        self.recordedAt = recordedAt
        self.head = head
        startPosition = head.position
        self.pending = pending
        self.idFilterSlot = idFilterSlot
        recordCursor = records
        personalCursor = personal
        nextStreamNumber = max(stored.flatMap { LittleEndian.uint64($0) } ?? 1, pending.highestStreamNumber + 1)
    }

    /// Replaces the state kept with the head of `stream`, which this write has appended to
    /// with a transition. A layer that keeps the state in its own form while a write appends
    /// many events to one stream encodes it once, with this, instead of in every transition.
    ///
    /// - Precondition: this write has appended to `stream` with a transition (the process
    ///   stops otherwise: it is a mistake in the caller, not in its input).
    public mutating func setState(_ state: [UInt8], ofStream stream: String) {
        guard let slot = heads.slot(of: stream) else {
            preconditionFailure("setState(ofStream:) for a stream this write has not appended to with a transition")
        }
        heads[slot].state = state
    }

    /// Makes room for `count` more events in this write's in-memory tables, so that a large
    /// import does not rehash them as it grows.
    public mutating func reserveCapacity(forEvents count: Int) {
        pending.reserveCapacity(pending.count + count)
    }

    /// Every `append` comes here (LogWriter+Appending.swift has the public ones).
    mutating func appendEvents(
        _ events: UnsafeBufferPointer<ProposedEvent>, to stream: String, expecting expected: ExpectedVersion,
        transition: ((inout StreamHead, _ index: Int) throws -> Void)?
    ) throws -> AppendResult {
        // Events are reached by index, never bound to a local: a copy of an event costs a
        // retain and a release of each of its parts.
        guard !events.isEmpty else { throw AppendError.empty(stream: stream) }
        try Self.checkName(stream, field: "stream name")
        for index in events.indices {
            try Self.check(events.baseAddress! + index, actor: actor, dataIsChecked: dataIsCheckedByCaller,
                           streamByteCount: stream.utf8.count)
        }

        insertedIDs.removeAll(keepingCapacity: true)
        var provisional = head.position + 1
        if let existing = try insertID(events[0].id, at: provisional) {
            return try confirmAlreadyAppended(events, to: stream, from: existing)
        }
        do {
            // A stream whose head carries state (or is about to) goes through `heads`; any
            // other is where the tail or the index says it is.
            // Where `heads` and the tail have the stream: valid until the records are noted
            // below, as nothing in between adds a stream to either (one look-up each).
            let inTail = pending.stream(named: stream)
            // The tail notes where this write keeps the head of a stream it has seen (`KeptHeads`).
            var headSlot: Int?
            if let kept = inTail?.keptHead, kept.writeID == heads.writeID {
                headSlot = kept.slot
            } else if !heads.isEmpty {
                headSlot = heads.slot(of: stream)
            }
            let keepsState = transition != nil || headSlot != nil
            var streamHead: StreamHead?
            var number: UInt64
            let current: UInt64
            if keepsState {
                streamHead = try self.streamHead(stream, keptAt: headSlot, inTail: inTail != nil)
                number = streamHead?.number ?? 0
                current = streamHead?.version ?? 0
            } else if let inTail {
                number = inTail.number
                current = inTail.lastVersion
            } else if let stored = try queries.streamHead(named: stream, in: transaction.pointee) {
                number = stored.number
                current = stored.version
            } else {
                number = 0
                current = 0
            }
            guard expected.isSatisfied(by: current) else {
                throw AppendError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
            }
            for index in events.indices.dropFirst() {
                provisional += 1
                let id = events[index].id
                if try insertID(id, at: provisional) != nil {
                    throw insertedIDs.contains(id)
                        ? AppendError.duplicateIDInAppend(id: id)
                        : AppendError.idConflict(id: id, position: try position(of: id) ?? 0)
                }
            }
            var state = streamHead?.state ?? []
            if let transition {
                var preview = streamHead ?? StreamHead(name: stream, number: 0, version: 0, firstPosition: head.position + 1,
                                                       lastPosition: 0, state: [])
                for index in events.indices {
                    try transition(&preview, index)
                    preview.version += 1
                }
                state = preview.state
            }
            // Taken after every check has passed, so that a refused append leaves no gap.
            if number == 0 {
                number = nextStreamNumber
                nextStreamNumber += 1
            }
            if keepsState {
                streamHead = StreamHead(name: stream, number: number, version: current + UInt64(events.count),
                                        firstPosition: streamHead?.firstPosition ?? head.position + 1,
                                        lastPosition: head.position + UInt64(events.count), state: state)
            }
            let firstPosition = head.position + 1
            for index in events.indices {
                try writeRecord(events.baseAddress! + index, stream: stream, streamNumber: number,
                                position: head.position + 1, version: current + 1 + UInt64(index))
            }
            var keptHead: (writeID: UInt64, slot: Int)?
            if let streamHead {
                if let headSlot {
                    heads[headSlot] = streamHead
                } else {
                    keptHead = (heads.writeID, heads.add(streamHead))
                }
            }
            pending.addReserved(stream: stream, number: number, lastVersion: current + UInt64(events.count),
                                firstPosition: firstPosition, count: events.count, keptHead: keptHead)
            wroteAnything = true
            return AppendResult(stream: stream, firstPosition: firstPosition, firstVersion: current + 1,
                                count: events.count, wasAlreadyAppended: false)
        } catch {
            for id in insertedIDs { pending.forget(id) }
            insertedIDs.removeAll(keepingCapacity: true)
            throw error
        }
    }

    // MARK: Internals

    /// Inlined, so that checking a name read through a pointer does not retain it for a call.
    @inline(__always)
    static func checkName(_ name: String, field: String) throws {
        let count = name.utf8.count
        if count == 0 || count > RecordLimits.maximumNameLength { throw nameError(count: count, field: field) }
    }

    private static func nameError(count: Int, field: String) -> AppendError {
        count == 0 ? AppendError.invalidName(field: field, reason: "it is empty")
            : AppendError.invalidName(field: field, reason: "it is \(count) bytes, over the limit of \(RecordLimits.maximumNameLength)")
    }

    /// Checks what can be checked without the store. (Static, as the other per-event helpers
    /// are: a method lent the writer from a mutating one copies it, some 400 bytes, per call.)
    private static func check(_ event: UnsafePointer<ProposedEvent>, actor: String, dataIsChecked: Bool, streamByteCount: Int) throws {
        try Self.checkName(event.pointee.type, field: "event type")
        try Self.checkName(event.pointee.actor ?? actor, field: "actor")
        if !dataIsChecked {
            do {
                try event.pointee.data.withUnsafeBytes { try DeterministicCBOR.validate($0, requireMap: true) }
            } catch {
                throw AppendError.invalidData(field: "data of \(event.pointee.type)", reason: "\(error)")
            }
        }
        var personalSize = 0
        if let personal = event.pointee.personal {
            if !dataIsChecked {
                do {
                    try personal.fields.withUnsafeBytes { try DeterministicCBOR.validate($0, requireMap: true) }
                } catch {
                    throw AppendError.invalidData(field: "personal data of \(event.pointee.type)", reason: "\(error)")
                }
            }
            if let salt = personal.salt, salt.count != 16 { throw AppendError.invalidSalt(length: salt.count) }
            personalSize = PersonalSectionView.headerSize + personal.fields.count
        }
        let size = recordSize(event, actor: actor, streamByteCount: streamByteCount)
        if size + personalSize > RecordLimits.maximumRecordSize {
            throw AppendError.tooLarge(bytes: size + personalSize, limit: RecordLimits.maximumRecordSize)
        }
    }

    /// The size in bytes of the record of `event` in a stream whose name is `streamByteCount` bytes.
    private static func recordSize(_ event: UnsafePointer<ProposedEvent>, actor: String, streamByteCount: Int) -> Int {
        RecordLayout.headerSize + streamByteCount + event.pointee.type.utf8.count + (event.pointee.actor ?? actor).utf8.count
            + event.pointee.data.count
    }

    /// Reserves `id` for `position` unless it is in the log; returns the existing position when it is.
    private mutating func insertID(_ id: EventID, at position: UInt64) throws -> UInt64? {
        if let existing = pending.reserve(id, at: position) { return existing }
        if try mayBeIndexed(id), let existing = try queries.position(of: id, in: transaction.pointee) {
            pending.forget(id)
            return existing
        }
        insertedIDs.append(id)
        if let filter = idFilterSlot?.filter {
            filter.insert(id)
            if filter.isFull {
                _ = try idFilterSlot?.build(tail: pending.ids, coveredThrough: startPosition, queries: queries, in: transaction.pointee)
            }
        }
        return nil
    }

    /// False when the process's id filter rules `id` out of the index; builds the filter
    /// when this process has looked up enough ids to pay for it.
    private mutating func mayBeIndexed(_ id: EventID) throws -> Bool {
        guard let idFilterSlot else { return true }
        if let filter = idFilterSlot.filter { return filter.mayContain(id) }
        guard try idFilterSlot.shouldBuild(queries: queries, tailCount: pending.idCount, in: transaction.pointee) else { return true }
        return try idFilterSlot.build(tail: pending.ids, coveredThrough: startPosition, queries: queries, in: transaction.pointee)
            .mayContain(id)
    }

    /// The idempotent path: every event must already be there, in order, with the same content.
    private func confirmAlreadyAppended(
        _ events: some Collection<ProposedEvent>, to stream: String, from first: UInt64
    ) throws -> AppendResult {
        var firstVersion: UInt64 = 0
        for (offset, event) in events.enumerated() {
            let position = offset == 0 ? first : (try self.position(of: event.id) ?? 0)
            guard let record = try record(at: position),
                  position == first + UInt64(offset),
                  try hasSameContent(record, as: event, stream: stream)
            else {
                throw AppendError.idConflict(id: event.id, position: position)
            }
            // Consecutive positions of one stream: consecutive versions.
            if offset == 0 { firstVersion = record.version }
        }
        return AppendResult(stream: stream, firstPosition: first, firstVersion: firstVersion, count: events.count,
                            wasAlreadyAppended: true)
    }

    private func hasSameContent(_ record: RecordView, as event: ProposedEvent, stream: String) throws -> Bool {
        guard record.stream == stream, record.type == event.type, record.occurredAt == event.occurredAt,
              record.correlationID == event.correlationID, record.causationID == event.causationID,
              record.dataBytes.elementsEqual(event.data),
              record.hasPersonalData == (event.personal != nil)
        else { return false }
        guard let personal = event.personal else { return true }
        guard let stored = try personalData(at: record.position) else { return false }
        return stored.fieldBytes.elementsEqual(personal.fields)
    }

    /// Stores the data keys this write made in one durable write of the key store, before the
    /// log commits: a committed section always has its key (until the key is destroyed), and a
    /// key stored for a write that then fails is harmless.
    ///
    /// - Throws: `KeyStoreError.keyExists` (another key was stored for one of the streams
    ///   meanwhile: nothing is committed), `.invalidName`; `StoreError.storage`.
    mutating func storeNewKeys() throws {
        guard let keyStore = queries.keyStore, !newKeys.isEmpty else { return }
        try keyStore.insertKeys(newKeys)
        newKeys.removeAll()
    }

    /// The data key of `stream`: the key store's (a key a write that failed left behind is
    /// used, not replaced: the key store may serve restored backups of this log too), else one
    /// made now (and stored by `storeNewKeys`).
    private mutating func sectionKey(for stream: String, in keyStore: KeyStore) throws -> DataKey {
        if let key = try sectionKeys.key(for: stream, in: keyStore) { return key }
        guard !stream.isEmpty, stream.utf8.count <= KeyStore.longestName else { throw KeyStoreError.invalidName(stream) }
        var bytes = [UInt8](repeating: 0, count: AESGCM.keyCount)
        bytes.withUnsafeMutableBytes { KernelRandom.fill($0) }
        let made = DataKey(bytes: bytes)
        sectionKeys.remember(made, for: stream)
        newKeys.append((stream, made))
        return made
    }

    /// Writes the record in place (`MDB_RESERVE`) and its personal section, and moves the
    /// chain head. (The caller notes the records in the tail, once per append.)
    private mutating func writeRecord(
        _ event: UnsafePointer<ProposedEvent>, stream: String, streamNumber: UInt64, position: UInt64, version: UInt64
    ) throws {
        var personalDigest = ChainHash.zero
        var personalLength = 0
        if let personal = event.pointee.personal {
            // Sealed ahead by the importer's reading thread, or here.
            let section = personal.sealed?.bytes ?? PersonalSectionView.seal(personal, salts: &salts)
            personalDigest = personal.sealed?.digest ?? section.withUnsafeBytes { hasher.digest($0) }
            personalLength = section.count
            if queries.encrypts {
                guard let keyStore = queries.keyStore else { throw KeyStoreError.encryptedStoreWithoutKeys }
                let context = try sealer.context(streamNumber) ?? sealer.makeContext(streamNumber, key: sectionKey(for: stream, in: keyStore))
                let sealed = try section.withUnsafeBytes { try sealer.seal($0, context: context, position: position, stream: stream) }
                try personalCursor.put(sealed, for: BigEndianKey(position), flags: .append)
            } else {
                try personalCursor.put(section, for: BigEndianKey(position), flags: .append)
            }
        }
        let actorName = event.pointee.actor ?? actor
        let total = Self.recordSize(event, actor: actor, streamByteCount: stream.utf8.count)
        var flags: UInt16 = 0
        if event.pointee.correlationID != nil { flags |= RecordLayout.hasCorrelationID }
        if event.pointee.causationID != nil { flags |= RecordLayout.hasCausationID }
        if event.pointee.personal != nil { flags |= RecordLayout.hasPersonal }
        let previous = head.hash
        let recordedAt = event.pointee.recordedAt ?? self.recordedAt
        let hash: ChainHash = try recordCursor.reserve(total, for: BigEndianKey(position), flags: .append) { buffer in
            buffer.storeBytes(of: RecordLayout.currentFormatVersion.littleEndian, toByteOffset: RecordLayout.formatVersion, as: UInt16.self)
            buffer.storeBytes(of: flags.littleEndian, toByteOffset: RecordLayout.flags, as: UInt16.self)
            buffer.storeBytes(of: UInt32(total).littleEndian, toByteOffset: RecordLayout.recordLength, as: UInt32.self)
            buffer.storeBytes(of: position.littleEndian, toByteOffset: RecordLayout.position, as: UInt64.self)
            buffer.storeBytes(of: streamNumber.littleEndian, toByteOffset: RecordLayout.streamNumber, as: UInt64.self)
            buffer.storeBytes(of: version.littleEndian, toByteOffset: RecordLayout.version, as: UInt64.self)
            buffer.storeBytes(of: event.pointee.occurredAt.microseconds.littleEndian, toByteOffset: RecordLayout.occurredAt, as: Int64.self)
            buffer.storeBytes(of: recordedAt.microseconds.littleEndian, toByteOffset: RecordLayout.recordedAt, as: Int64.self)
            event.pointee.id.store(into: buffer, at: RecordLayout.eventID)
            (event.pointee.correlationID ?? .zero).store(into: buffer, at: RecordLayout.correlationID)
            (event.pointee.causationID ?? .zero).store(into: buffer, at: RecordLayout.causationID)
            personalDigest.withBytes { digest in
                UnsafeMutableRawBufferPointer(rebasing: buffer[RecordLayout.personalDigest..<RecordLayout.personalDigest + 32])
                    .copyMemory(from: digest)
            }
            buffer.storeBytes(of: UInt32(personalLength).littleEndian, toByteOffset: RecordLayout.personalLength, as: UInt32.self)
            buffer[RecordLayout.streamLength] = UInt8(stream.utf8.count)
            buffer[RecordLayout.typeLength] = UInt8(event.pointee.type.utf8.count)
            buffer[RecordLayout.actorLength] = UInt8(actorName.utf8.count)
            buffer[RecordLayout.reserved] = 0
            buffer.storeBytes(of: UInt32(event.pointee.data.count).littleEndian, toByteOffset: RecordLayout.dataLength, as: UInt32.self)
            var offset = Self.copy(stream, into: buffer, at: RecordLayout.headerSize)
            offset = Self.copy(event.pointee.type, into: buffer, at: offset)
            offset = Self.copy(actorName, into: buffer, at: offset)
            event.pointee.data.withUnsafeBytes { data in
                UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + data.count]).copyMemory(from: data)
            }
            let hash = ChainHash.next(after: previous, record: UnsafeRawBufferPointer(buffer), using: hasher)
            hash.withBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32]).copyMemory(from: $0) }
            return hash
        }
        head = LogHead(position: position, hash: hash)
    }

    /// Copies the UTF-8 of `text` into `buffer` at `offset`; returns the offset after it.
    private static func copy(_ text: String, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        let utf8 = text.utf8
        let copied: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + bytes.count]).copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
        if copied == nil {
            for (index, byte) in utf8.enumerated() { buffer[offset + index] = byte }
        }
        return offset + utf8.count
    }
}
