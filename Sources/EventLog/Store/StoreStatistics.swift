import LMDB

/// What a store holds and how big it is.
public struct StoreStatistics: Sendable, Equatable {
    /// Events in the log.
    public let events: UInt64
    /// Streams (cases and subjects).
    public let streams: Int
    /// Events with a personal-data section.
    public let personalSections: Int
    /// The chain head.
    public let head: LogHead
    /// The store format version.
    public let formatVersion: UInt32
    /// The store's random id.
    public let storeID: EventID
    /// When the store was created.
    public let createdAt: Timestamp
    /// Bytes the data file takes on disk.
    public let fileSize: Int
    /// Bytes of the file in use (pages up to the last one written).
    public let usedSize: Int
    /// The current size of the memory map; it grows by itself.
    public let mapSize: Int
    /// LMDB page size.
    public let pageSize: Int
    /// Read transactions open now, across processes (this one's excluded).
    public let readers: Int
    /// Reader slots of dead processes that opening this store cleared.
    public let staleReadersCleared: Int
}

extension EventStore {
    /// Counts and sizes, in one snapshot. O(1), plus O(reader slots) to count readers.
    public func statistics() throws -> StoreStatistics {
        let pageSize = environment.pageSize
        let meta = queries.databases.meta
        let (events, streams, personal, head, format, storeID, created) = try read { reader in
            let txn = reader.transaction
            return (
                UInt64(try txn.pointee.statistics(of: queries.databases.events).entries),
                try reader.streamCount(),
                try txn.pointee.statistics(of: queries.databases.personal).entries,
                try reader.head(),
                try txn.pointee.value(for: MetaKey.formatVersion, in: meta)
                    .map { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } ?? 0,
                try txn.pointee.value(for: MetaKey.storeID, in: meta).flatMap { EventID(bytes: $0) } ?? .zero,
                try txn.pointee.value(for: MetaKey.createdAt, in: meta)
                    .map { Timestamp(microseconds: Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) }
                    ?? Timestamp(microseconds: 0)
            )
        }
        // Counted after the snapshot above has ended, so that it does not count itself.
        let info = environment.info
        return StoreStatistics(
            events: events, streams: streams, personalSections: personal, head: head, formatVersion: format,
            storeID: storeID, createdAt: created, fileSize: environment.fileSize,
            usedSize: (info.lastPage + 1) * pageSize, mapSize: info.mapSize, pageSize: pageSize,
            readers: environment.activeReaders, staleReadersCleared: environment.staleReadersCleared)
    }
}
