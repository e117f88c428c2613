/// A catch-up subscription: every record after a checkpoint, then each new one as it is
/// appended (by this process or another), until the task is cancelled.
///
/// Records are read in batches of short snapshots, so memory stays bounded and no snapshot is
/// held between batches; once caught up it polls the head every `pollInterval`.
public struct LogSubscription: AsyncSequence, Sendable {
    public typealias Element = Record

    let store: EventStore
    let checkpoint: UInt64
    let pollInterval: Duration
    let batchSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, nextPosition: checkpoint + 1, pollInterval: pollInterval, batchSize: batchSize)
    }

    /// Reads the next batch when the last one is used up, and waits when caught up.
    public struct Iterator: AsyncIteratorProtocol {
        let store: EventStore
        var nextPosition: UInt64
        let pollInterval: Duration
        let batchSize: Int
        var buffer: [Record] = []
        var index = 0

        /// The next record; nil when the task is cancelled.
        ///
        /// - Throws: `StoreError` when the store cannot be read.
        public mutating func next() async throws -> Record? {
            while index == buffer.count {
                if Task.isCancelled { return nil }
                let start = nextPosition
                let end = start + UInt64(batchSize) - 1
                buffer = try store.read { reader in
                    var batch: [Record] = []
                    try reader.scan(from: start, through: end) { batch.append($0.copy()) }
                    return batch
                }
                index = 0
                if let last = buffer.last {
                    nextPosition = last.position + 1
                } else {
                    do { try await Task.sleep(for: pollInterval) } catch { return nil }
                }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

extension EventStore {
    /// Every record after position `checkpoint` (0: from the start), then new ones as they come.
    ///
    /// Save the position of the last record handled with `saveCheckpoint(_:named:)` (or in the
    /// same write as its effects) and pass it here to resume where you stopped.
    public func subscribe(after checkpoint: UInt64, pollInterval: Duration = .milliseconds(100), batchSize: Int = 512) -> LogSubscription {
        LogSubscription(store: self, checkpoint: checkpoint, pollInterval: pollInterval, batchSize: max(1, batchSize))
    }
}
