import Codec
/// A zero-copy view of one record in LMDB's memory map.
///
/// Valid only inside the read or write that produced it; call `copy()` to keep a record.
/// Every accessor reads at a fixed offset (or after the three short names), so scanning
/// headers costs no decoding. The view trusts that the bytes passed `RecordView(validating:)`.
public struct RecordView {
    /// The record's bytes.
    public let bytes: UnsafeRawBufferPointer

    /// Wraps bytes already known to be a well-formed record.
    @inlinable
    init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Wraps `bytes` after checking that the header and lengths agree; nil when they do not
    /// (a damaged or foreign value).
    public init?(validating bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= RecordLayout.headerSize else { return nil }
        let view = RecordView(unchecked: bytes)
        guard view.formatVersion == RecordLayout.currentFormatVersion,
              Int(view.recordLength) == bytes.count,
              RecordLayout.headerSize + Int(view.streamLength) + Int(view.typeLength)
                + Int(view.actorLength) + Int(view.dataLength) == bytes.count
        else { return nil }
        self = view
    }

    @inlinable func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// SHA-256 of the previous record's hash and of this record from byte 32 on.
    public var hash: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[0..<32]) }
    /// The record format version (1).
    @inlinable public var formatVersion: UInt16 { load(RecordLayout.formatVersion, as: UInt16.self) }
    @inlinable var flags: UInt16 { load(RecordLayout.flags, as: UInt16.self) }
    @inlinable var recordLength: UInt32 { load(RecordLayout.recordLength, as: UInt32.self) }
    /// The global position, from 1.
    @inlinable public var position: UInt64 { load(RecordLayout.position, as: UInt64.self) }
    /// The store's number for the stream: the same for every record of one stream.
    @inlinable public var streamNumber: UInt64 { load(RecordLayout.streamNumber, as: UInt64.self) }
    /// The version of the stream this record made, from 1.
    @inlinable public var version: UInt64 { load(RecordLayout.version, as: UInt64.self) }
    /// When the event happened, as stated by whoever recorded it.
    @inlinable public var occurredAt: Timestamp { Timestamp(microseconds: load(RecordLayout.occurredAt, as: Int64.self)) }
    /// When the store wrote it.
    @inlinable public var recordedAt: Timestamp { Timestamp(microseconds: load(RecordLayout.recordedAt, as: Int64.self)) }
    /// The event's id.
    @inlinable public var eventID: EventID { id(at: RecordLayout.eventID) }
    /// The id of the conversation or process this event belongs to, if any.
    @inlinable public var correlationID: EventID? {
        flags & RecordLayout.hasCorrelationID != 0 ? id(at: RecordLayout.correlationID) : nil
    }
    /// The id of the event that caused this one, if any.
    @inlinable public var causationID: EventID? {
        flags & RecordLayout.hasCausationID != 0 ? id(at: RecordLayout.causationID) : nil
    }
    /// True when the event has a personal-data section (in the `personal` database).
    @inlinable public var hasPersonalData: Bool { flags & RecordLayout.hasPersonal != 0 }
    /// SHA-256 of the personal-data section, which the chain covers instead of the section
    /// itself so that it can be erased without breaking the chain.
    public var personalDigest: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[RecordLayout.personalDigest..<RecordLayout.personalDigest + 32])
    }
    /// Length of the personal-data section in bytes (0 without one).
    @inlinable public var personalLength: Int { Int(load(RecordLayout.personalLength, as: UInt32.self)) }

    @inlinable var streamLength: UInt8 { bytes[RecordLayout.streamLength] }
    @inlinable var typeLength: UInt8 { bytes[RecordLayout.typeLength] }
    @inlinable var actorLength: UInt8 { bytes[RecordLayout.actorLength] }
    @inlinable var dataLength: UInt32 { load(RecordLayout.dataLength, as: UInt32.self) }

    @inlinable func id(at offset: Int) -> EventID {
        EventID(high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
    }

    @inlinable func slice(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<start + count])
    }

    /// The stream name's UTF-8 bytes.
    @inlinable public var streamBytes: UnsafeRawBufferPointer { slice(RecordLayout.headerSize, Int(streamLength)) }
    /// The event type's UTF-8 bytes (compare these in hot loops instead of making a String).
    @inlinable public var typeBytes: UnsafeRawBufferPointer {
        slice(RecordLayout.headerSize + Int(streamLength), Int(typeLength))
    }
    /// The actor's UTF-8 bytes.
    @inlinable public var actorBytes: UnsafeRawBufferPointer {
        slice(RecordLayout.headerSize + Int(streamLength) + Int(typeLength), Int(actorLength))
    }
    /// The data: one deterministic CBOR map.
    @inlinable public var dataBytes: UnsafeRawBufferPointer {
        slice(RecordLayout.headerSize + Int(streamLength) + Int(typeLength) + Int(actorLength), Int(dataLength))
    }
    /// The data as a CBOR view.
    @inlinable public var data: CBORView { CBORView(dataBytes) }

    /// The stream name.
    public var stream: String { String(decoding: streamBytes, as: UTF8.self) }
    /// The event type.
    public var type: String { String(decoding: typeBytes, as: UTF8.self) }
    /// Who recorded the event.
    public var actor: String { String(decoding: actorBytes, as: UTF8.self) }

    /// An owned copy that outlives the transaction.
    public func copy() -> Record { Record(bytes: Array(bytes)) }
}

/// One record, copied out of the store: safe to keep and pass between threads.
public struct Record: Sendable, Equatable {
    /// The record's bytes (docs/FORMAT.md).
    public let bytes: [UInt8]

    /// Wraps bytes already known to be a valid record.
    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Calls `body` with a view of the record.
    @inlinable
    public func withView<R>(_ body: (RecordView) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(RecordView(unchecked: $0)) }
    }

    public var position: UInt64 { withView(\.position) }
    public var version: UInt64 { withView(\.version) }
    public var stream: String { withView(\.stream) }
    public var type: String { withView(\.type) }
    public var actor: String { withView(\.actor) }
    public var eventID: EventID { withView(\.eventID) }
    public var correlationID: EventID? { withView(\.correlationID) }
    public var causationID: EventID? { withView(\.causationID) }
    public var occurredAt: Timestamp { withView(\.occurredAt) }
    public var recordedAt: Timestamp { withView(\.recordedAt) }
    public var hasPersonalData: Bool { withView(\.hasPersonalData) }
    /// The data's CBOR bytes.
    public var dataBytes: [UInt8] { withView { Array($0.dataBytes) } }
    /// The chain hash.
    public var hash: [UInt8] { Array(bytes[0..<32]) }
}
