@testable import EventLog
import LMDB
import TestSupport
import Testing

/// `verify` checks what the store derives from the records, not only the chain: checkpoints,
/// the numbering of streams and the number the next stream gets.
@Suite("Verifying derived state")
struct VerifyDerivedStateTests {
    /// A store of `count` events over three streams, indexed in batches of 4 (so that most of
    /// it is indexed and the tail holds the rest).
    private func store(_ count: Int = 10) throws -> StoreFixture {
        let fixture = try StoreFixture(indexBatchSize: 4)
        for n in 0..<count {
            try fixture.store.append([StoreFixture.event(n)], to: "S-\(n % 3)", actor: "w")
        }
        #expect(try fixture.store.verify().isIntact)
        return fixture
    }

    private func reason(_ fixture: StoreFixture) throws -> String? {
        guard case .broken(_, let reason) = try fixture.store.verify().outcome else { return nil }
        return reason
    }

    @Test("a view's checkpoint beyond the head is reported")
    func viewCheckpointBeyondHead() throws {
        let fixture = try store()
        try fixture.store.environment.write { txn in
            try txn.put(PositionValue(position: 99), for: "view:case-summary", in: fixture.store.queries.databases.checkpoints)
        }
        #expect(try reason(fixture) == "checkpoint view:case-summary is at position 99, beyond the head (10)")
    }

    @Test("a consumer's checkpoint beyond the head is reported; at the head it is fine")
    func consumerCheckpoint() throws {
        let fixture = try store()
        try fixture.store.saveCheckpoint(10, named: "alerts")
        #expect(try fixture.store.verify().isIntact)
        try fixture.store.environment.write { txn in
            try txn.put(PositionValue(position: 12), for: "alerts", in: fixture.store.queries.databases.checkpoints)
        }
        #expect(try reason(fixture)?.contains("checkpoint alerts is at position 12, beyond the head") == true)
    }

    @Test("a checkpoint that is not 8 bytes is reported")
    func malformedCheckpoint() throws {
        let fixture = try store()
        try fixture.store.environment.write { txn in
            try txn.put([1, 2, 3], for: "alerts", in: fixture.store.queries.databases.checkpoints)
        }
        #expect(try reason(fixture) == "checkpoint alerts is not a position (8 bytes)")
    }

    @Test("a next-stream-number that would give a new stream an old stream's number is reported")
    func nextStreamNumberLowered() throws {
        let fixture = try store()
        let stored = try fixture.store.read { reader in
            try reader.transaction.pointee.value(for: MetaKey.nextStreamNumber, in: fixture.store.queries.databases.meta)
                .flatMap { LittleEndian.uint64($0) }
        }
        #expect(stored == 4)
        try fixture.store.environment.write { txn in
            try txn.put(LittleEndian.bytes(2), for: MetaKey.nextStreamNumber, in: fixture.store.queries.databases.meta)
        }
        #expect(try reason(fixture) == "next-stream-number is 2, but the streams the indexes cover end at number 3")
        try fixture.store.environment.write { txn in
            _ = try txn.delete(MetaKey.nextStreamNumber, in: fixture.store.queries.databases.meta)
        }
        #expect(try reason(fixture)?.contains("next-stream-number is missing") == true)
    }
}

@Suite("Verifying erased personal sections")
struct VerifyErasedSectionTests {
    @Test("a personal section replaced by envelope 0 is counted as erased; any other change still breaks the chain")
    func erasedSection() throws {
        let fixture = try StoreFixture()
        var event = StoreFixture.event(1)
        event.personal = PersonalData(fields: [0xA1, 0x64, 0x6E, 0x61, 0x6D, 0x65, 0x63, 0x4A, 0x6F, 0x65])  // {"name": "Joe"}
        try fixture.store.append([event, StoreFixture.event(2)], to: "S-1", actor: "w")
        #expect(try fixture.store.verify().erasedSections == 0)
        let personal = fixture.store.queries.databases.personal
        try fixture.store.environment.write { txn in try txn.put([0], for: BigEndianKey(1), in: personal) }
        let report = try fixture.store.verify()
        #expect(report.isIntact)
        #expect(report.erasedSections == 1)
        try fixture.store.environment.write { txn in try txn.put([1], for: BigEndianKey(1), in: personal) }
        #expect(try fixture.store.verify().outcome
                == .broken(position: 1, reason: "its personal-data section does not match the digest in the record: it was changed"))
    }
}
