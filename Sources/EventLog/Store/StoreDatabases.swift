import LMDB

/// The named databases of a store (docs/FORMAT.md describes each key and value).
struct StoreDatabases: Sendable {
    /// position (8 bytes, big-endian) → record.
    let events: Database
    /// position (8 bytes, big-endian) → personal-data section.
    let personal: Database
    /// stream name (UTF-8) → stream head.
    let streams: Database
    /// stream number (8, big-endian) ‖ version (8, big-endian) → position (8, little-endian).
    let streamIndex: Database
    /// event id (16) → position (8, little-endian).
    let eventIDs: Database
    /// ASCII key → store metadata.
    let meta: Database
    /// checkpoint name (UTF-8) → position (8, little-endian).
    let checkpoints: Database
    /// view name (UTF-8) ‖ 0x00 ‖ row key → row: the state of the projections kept current.
    let views: Database

    static let names = ["events", "personal", "streams", "stream-index", "event-ids", "meta", "checkpoints"]
    /// Added after the first stores were made: created when a store that lacks it is opened.
    static let viewsName = "views"

    init(environment: Environment, create: Bool) throws {
        var opened: [Database] = []
        for name in Self.names {
            opened.append(try environment.openDatabase(named: name, create: create))
        }
        events = opened[0]
        personal = opened[1]
        streams = opened[2]
        streamIndex = opened[3]
        eventIDs = opened[4]
        meta = opened[5]
        checkpoints = opened[6]
        do {
            views = try environment.openDatabase(named: Self.viewsName, create: create)
        } catch let error as LMDBError where error.code == .notFound {
            views = try environment.openDatabase(named: Self.viewsName, create: true)
        }
    }
}

/// Keys of the `meta` database.
enum MetaKey {
    /// UInt32 little-endian: the store format version.
    static let formatVersion = "format-version"
    /// 16 bytes: a random id of this store.
    static let storeID = "store-id"
    /// Int64 little-endian: when the store was created (µs since the epoch).
    static let createdAt = "created-at"
    /// UInt64 little-endian: the indexes (event ids, stream index, stream heads) cover the
    /// records at positions 1 through this; absent means 0.
    static let indexedThrough = "indexed-through"
    /// UInt64 little-endian: the number the next new stream gets, as of `indexedThrough`.
    static let nextStreamNumber = "next-stream-number"
    /// An organisation's setting (`setting:bank-holidays`): bytes the layers above define.
    static func setting(_ name: String) -> String { "setting:" + name }
}

/// The key of a row of view `view`: its name, a zero byte, then the row's own key, so that a
/// view's rows sort together and one view's rows never mix with another's.
struct ViewRowKey: ByteKey {
    let view: String
    let row: UnsafeRawBufferPointer

    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var bytes = Array(view.utf8)
        bytes.append(0)
        bytes.append(contentsOf: row)
        return try bytes.withUnsafeBytes(body)
    }

    /// The prefix every row of `view` starts with.
    static func prefix(_ view: String) -> [UInt8] { Array(view.utf8) + [0] }
}

/// Little-endian helpers for values (keys are big-endian so that they sort).
enum LittleEndian {
    static func bytes(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    static func uint64(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64? {
        guard bytes.count >= offset + 8 else { return nil }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// The stream-index key: stream number then version, both big-endian.
struct StreamIndexKey: ByteKey {
    let streamNumber: UInt64
    let version: UInt64

    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: (streamNumber.bigEndian, version.bigEndian), body)
    }
}

/// An event id as a key: its 16 bytes.
struct EventIDKey: ByteKey {
    let id: EventID
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try id.withBytes(body)
    }
}

/// A position as a little-endian value.
struct PositionValue: ByteKey {
    let position: UInt64
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: position.littleEndian, body)
    }
}
