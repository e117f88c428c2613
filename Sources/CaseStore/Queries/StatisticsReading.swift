import EventLog

/// What `caselog stats` shows: the store's directory and what the store holds.
public struct StatisticsReading: Sendable {
    /// The store's directory, as it was opened (`CaseStore.path`).
    public let storePath: String
    /// Events, streams, sizes, head, format version and readers.
    public let statistics: StoreStatistics

    /// Exactly what `caselog stats --format json` prints: one JSON object and a newline.
    public func json() -> [UInt8] { statistics.json(storePath: storePath) }
}

extension CaseStore {
    /// What the store holds: events, streams, personal sections, size on disk and map size,
    /// the head, the format version and its readers, as `caselog stats` shows them.
    ///
    /// Cost: one short read (counts kept by LMDB, not a scan of the log).
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func statistics() throws -> StatisticsReading {
        StatisticsReading(storePath: path, statistics: try log.statistics())
    }
}
