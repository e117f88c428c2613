import Casework
import Codec
import EventLog
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One event as `caselog tail` and `caselog watch` hand it on: its event line (docs/FORMAT.md
/// §7) without personal (†) fields, with where it is.
public struct FedEvent: Sendable, Equatable {
    /// Its position in the log.
    public let position: UInt64
    /// Its type.
    public let type: String
    /// The case or subject it is on.
    public let caseReference: String
    /// When it happened.
    public let occurredAt: Timestamp
    /// When it was recorded, and by whom.
    public let recordedAt: Timestamp
    public let actor: String
    /// The event line as JSON, without a newline and without any † field.
    public let line: [UInt8]
}

extension CaseStore {
    /// The position of the newest event (0 for an empty log).
    public func headPosition() throws -> UInt64 { try log.head().position }

    /// Calls `body` with each event after position `after` that `selection` selects, in order,
    /// up to the head as it is now, reading at most `batchSize` records per snapshot (so no
    /// snapshot is held while `body` runs a command).
    ///
    /// - Returns: the last position read (`after` when there was none): a checkpoint from
    ///   which to go on, whether or not that event was selected.
    /// - Throws: what `body` throws (the events before it were handed on), or `StoreError`.
    @discardableResult
    public func events(after: UInt64, selecting selection: EventSelection = .everything, batchSize: Int = 512,
                       _ body: (FedEvent) throws -> Void) throws -> UInt64 {
        var last = after
        while true {
            let (batch, scannedTo) = try readBatch(after: last, selecting: selection, batchSize: max(1, batchSize))
            for event in batch { try body(event) }
            guard scannedTo > last else { return last }
            last = scannedTo
        }
    }

    /// As `events(after:selecting:_:)`, then waits for new events, checking every
    /// `pollInterval`, until `body` throws or `keepGoing` answers false (asked between checks).
    /// Events recorded by any process are seen.
    public func follow(after: UInt64, selecting selection: EventSelection = .everything, pollInterval: Duration = .milliseconds(50),
                       keepGoing: () -> Bool = { true }, _ body: (FedEvent) throws -> Void) throws {
        var last = after
        while keepGoing() {
            let next = try events(after: last, selecting: selection, body)
            if next == last {
                let (seconds, attoseconds) = pollInterval.components
                var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                nanosleep(&pause, nil)
            }
            last = next
        }
    }

    /// The selected events of the next `batchSize` records after `after`, in one snapshot.
    private func readBatch(after: UInt64, selecting selection: EventSelection, batchSize: Int) throws -> ([FedEvent], UInt64) {
        try log.read { reader in
            var batch: [FedEvent] = []
            var last = after
            var json = JSONWriter(capacity: 4096)
            guard after < .max else { return (batch, last) }
            let (end, overflow) = after.addingReportingOverflow(UInt64(batchSize))
            try reader.scan(from: after + 1, through: overflow ? .max : end) { record in
                last = record.position
                guard selection.matches(record) else { return }
                json.removeAll()
                try PersonalFieldFilter.withNonPersonalData(of: record, in: reader) { data in
                    try EventLineWriter.write(record, personal: nil, data: data, into: &json)
                }
                batch.append(FedEvent(position: record.position, type: record.type, caseReference: record.stream,
                                      occurredAt: record.occurredAt, recordedAt: record.recordedAt, actor: record.actor,
                                      line: json.bytes))
            }
            return (batch, last)
        }
    }

    /// The position up to which the watch `name` has handled events (`watch:NAME` in the
    /// store, DOMAIN.md §13), or nil before its first run.
    public func watchCheckpoint(named name: String) throws -> UInt64? {
        try log.checkpoint(named: "watch:" + name)
    }

    /// Saves that the watch `name` has handled every event up to `position`, durably, as `actor`.
    public func saveWatchCheckpoint(_ position: UInt64, named name: String, actor: String) throws {
        try log.saveCheckpoint(position, named: "watch:" + name, actor: actor)
    }
}
