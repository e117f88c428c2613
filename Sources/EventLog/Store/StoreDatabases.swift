import LMDB

/// The named databases of a store (docs/FORMAT.md describes each key and value).
struct StoreDatabases: Sendable {
    /// position (8 bytes, big-endian) → record.
    let events: Database
    /// position (8 bytes, big-endian) → personal-data section.
    let personal: Database
    /// stream name (UTF-8) → stream head.
    let streams: Database
    /// stream number (8, big-endian) ‖ version (8, big-endian) → position (8, little-endian):
    /// one database per slot, each holding one run or nothing (`IndexRuns`).
    let streamIndex: [Database]
    /// event id (16) → position (8, little-endian): one database per slot, likewise.
    let eventIDs: [Database]
    /// ASCII key → store metadata.
    let meta: Database
    /// checkpoint name (UTF-8) → position (8, little-endian).
    let checkpoints: Database
    /// view name (UTF-8) ‖ 0x00 ‖ row key → row: the state of the projections kept current.
    let views: Database

    static let names = ["events", "personal", "streams", "meta", "checkpoints"]
    /// Added after the first stores were made: created when a store that lacks it is opened.
    static let viewsName = "views"

    /// The database of slot `slot` of the stream index: `stream-index`, then `stream-index.1`
    /// to `.15` (format 1 had the first only).
    static func streamIndexName(slot: Int) -> String { slot == 0 ? "stream-index" : "stream-index.\(slot)" }
    /// The database of slot `slot` of the event-id index: `event-ids`, then `event-ids.1` to `.15`.
    static func eventIDsName(slot: Int) -> String { slot == 0 ? "event-ids" : "event-ids.\(slot)" }

    /// The most named databases a store has.
    static let maximumCount = names.count + 1 + 2 * IndexRuns.slotCount

    /// Opens a store's databases. `checkFormat` is called (with `meta`) before anything is
    /// created in a store that exists, so that a store this code cannot read is left as it is.
    init(environment: Environment, create: Bool, checkFormat: (Database) throws -> Void) throws {
        var opened: [Database] = []
        for name in Self.names {
            opened.append(try environment.openDatabase(named: name, create: create))
        }
        events = opened[0]
        personal = opened[1]
        streams = opened[2]
        meta = opened[3]
        checkpoints = opened[4]
        try checkFormat(meta)
        // Databases that stores made before them lack are created, all in one write, when
        // missing; a store that has them is opened in one read, without waiting for the writer.
        let slots = 0..<IndexRuns.slotCount
        let later = [Self.viewsName] + slots.map { Self.streamIndexName(slot: $0) } + slots.map { Self.eventIDsName(slot: $0) }
        // Read-only, a store that lacks them reads them as empty (an older store, read as it is).
        let found = try zip(later, environment.openDatabases(named: later, createMissing: true)).map { name, database in
            database ?? Database.absent(named: name)
        }
        views = found[0]
        streamIndex = Array(found[1...IndexRuns.slotCount])
        eventIDs = Array(found[(IndexRuns.slotCount + 1)...])
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
    /// The runs the indexes are kept in (`IndexRuns`); absent means none.
    static let indexRuns = "index-runs"
    /// An organisation's setting (`setting:bank-holidays`): bytes the layers above define.
    static func setting(_ name: String) -> String { "setting:" + name }
    /// UInt64 little-endian: a counter the layers above keep with the log (`counter:reference:TS-2025-`).
    static func counter(_ name: String) -> String { "counter:" + name }
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

/// A position as a little-endian value.
struct PositionValue: ByteKey {
    let position: UInt64
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: position.littleEndian, body)
    }
}
