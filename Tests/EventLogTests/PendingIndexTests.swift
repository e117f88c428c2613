import EventLog
import Testing

/// The indexes follow the log in batches: whatever the batch size, and whether an answer comes
/// from the indexes, from the unindexed tail or from both, every read and every append check
/// must give the same answer.
@Suite("Indexes kept a batch behind the log")
struct PendingIndexTests {
    /// A mixed history: new and existing streams, several writes, some of several events.
    static func appendHistory(to store: EventStore) throws -> [EventID] {
        var ids: [EventID] = []
        for round in 0..<12 {
            try store.write(actor: "w") { writer in
                for offset in 0..<(round % 3 + 1) {
                    let n = round * 3 + offset
                    let event = StoreFixture.event(n)
                    ids.append(event.id)
                    try writer.append(event, to: "S-\(n % 4)")
                }
            }
        }
        return ids
    }

    /// Everything a reader can say about the store, as comparable values.
    static func snapshot(_ store: EventStore, ids: [EventID]) throws -> [String] {
        try store.read { reader in
            var lines: [String] = []
            try reader.forEachStream { head in
                lines.append("head \(head.name) #\(head.number) v\(head.version) \(head.firstPosition)-\(head.lastPosition)")
                var versions: [String] = []
                try reader.scanStream(head.name) { versions.append("\($0.version)@\($0.position)") }
                lines.append("stream \(head.name): " + versions.joined(separator: " "))
                var later: [UInt64] = []
                try reader.scanStream(head.name, fromVersion: 3) { later.append($0.version) }
                lines.append("from 3: \(later)")
            }
            lines.append("streams \(try reader.streamCount())")
            for id in ids { lines.append("id \(try reader.position(of: id) ?? 0)") }
            return lines
        }
    }

    @Test("reads and heads are the same whatever the batch size", arguments: [1, 2, 5, 16_384])
    func sameAnswers(batchSize: Int) throws {
        let reference = try StoreFixture(indexBatchSize: 1)
        let referenceIDs = try Self.appendHistory(to: reference.store)
        let fixture = try StoreFixture(indexBatchSize: batchSize)
        let ids = try Self.appendHistory(to: fixture.store)
        // Same content, different random ids: compare everything but the ids' values.
        #expect(ids.count == referenceIDs.count)
        let expected = try Self.snapshot(reference.store, ids: referenceIDs)
        #expect(try Self.snapshot(fixture.store, ids: ids) == expected)
        // A second handle reads the tail from the log rather than from its own cache.
        #expect(try Self.snapshot(try fixture.reopened(indexBatchSize: batchSize), ids: ids) == expected)
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("an id in the tail or in the indexes makes a retry a no-op, and a conflict an error")
    func idempotencyAcrossTheBoundary() throws {
        let fixture = try StoreFixture(indexBatchSize: 4)
        let first = StoreFixture.event(1)
        try fixture.store.append([first], to: "A", actor: "w")
        // In the tail: a retry returns the original position.
        #expect(try fixture.store.append([first], to: "A", actor: "w").wasAlreadyAppended)
        for n in 2...6 { try fixture.store.append([StoreFixture.event(n)], to: "B", actor: "w") }
        // Now indexed: the same answers, through a fresh handle as well.
        for store in [fixture.store, try fixture.reopened(indexBatchSize: 4)] {
            let retry = try store.append([first], to: "A", actor: "w")
            #expect(retry.wasAlreadyAppended && retry.positions == [1])
            var changed = first
            changed.data = StoreFixture.data(99)
            #expect(throws: AppendError.self) { try store.append([changed], to: "A", actor: "w") }
        }
        #expect(try fixture.store.head().position == 6)
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("expected versions hold across the boundary, and another handle's appends are seen")
    func expectedVersions() throws {
        let fixture = try StoreFixture(indexBatchSize: 3)
        let other = try fixture.reopened(indexBatchSize: 3)
        for n in 1...7 {
            let store = n % 2 == 0 ? other : fixture.store
            try store.append([StoreFixture.event(n)], to: "S", expecting: .exactly(UInt64(n - 1)), actor: "w")
            #expect(throws: AppendError.self) {
                try store.append([StoreFixture.event(100 + n)], to: "S", expecting: .exactly(UInt64(n - 1)), actor: "w")
            }
        }
        #expect(try fixture.store.read { try $0.streamHead("S")?.version } == 7)
        #expect(try other.read { try $0.streamHead("S")?.version } == 7)
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("state set by a transition is kept with the head before and after the indexes catch up")
    func transitionState() throws {
        let fixture = try StoreFixture(indexBatchSize: 3)
        let counting: (inout StreamHead, borrowing ProposedEvent) throws -> Void = { head, _ in
            head.state = [UInt8(head.version + 1)]
        }
        for n in 1...5 {
            try fixture.store.write(actor: "w") { writer in
                try writer.append(StoreFixture.event(n), to: "S", transition: counting)
                try writer.append(StoreFixture.event(50 + n), to: "T")
            }
            for store in [fixture.store, try fixture.reopened(indexBatchSize: 3)] {
                let head = try #require(try store.read { try $0.streamHead("S") })
                #expect(head.version == UInt64(n))
                #expect(head.state == [UInt8(n)])
            }
        }
        #expect(try fixture.store.verify().isIntact)
    }
}
