import EventLog
import Testing
import TestSupport
import Codec

@Suite("Appending")
struct AppendTests {
    @Test("the first events of a new stream get versions 1, 2, 3 and positions 1, 2, 3")
    func firstAppend() throws {
        let fixture = try StoreFixture()
        let result = try fixture.store.append((1...3).map { StoreFixture.event($0) }, to: "TS-2025-000001", actor: "a.worker")
        #expect(result.positions == [1, 2, 3])
        #expect(result.versions == [1, 2, 3])
        #expect(result.wasAlreadyAppended == false)
        #expect(try fixture.store.head().position == 3)
    }

    @Test("positions are global and versions are per stream")
    func positionsAndVersions() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "A", actor: "x")
        try fixture.store.append([StoreFixture.event(2)], to: "B", actor: "x")
        let third = try fixture.store.append([StoreFixture.event(3)], to: "A", actor: "x")
        #expect(third.positions == [3])
        #expect(third.versions == [2])
        let heads = try fixture.store.read { reader in (try reader.streamHead("A"), try reader.streamHead("B")) }
        #expect(heads.0?.version == 2)
        #expect(heads.0?.firstPosition == 1)
        #expect(heads.0?.lastPosition == 3)
        #expect(heads.1?.version == 1)
        #expect(heads.0?.number != heads.1?.number)
    }

    @Test("expecting no stream fails once the stream exists, with the actual version")
    func expectNoStream() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S", expecting: .noStream, actor: "x")
        #expect(throws: AppendError.wrongExpectedVersion(stream: "S", expected: .noStream, actual: 1)) {
            try fixture.store.append([StoreFixture.event(2)], to: "S", expecting: .noStream, actor: "x")
        }
    }

    @Test("expecting an exact version succeeds at that version and fails at any other, writing nothing")
    func expectExact() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1), StoreFixture.event(2)], to: "S", actor: "x")
        let before = try fixture.store.head()
        #expect(throws: AppendError.wrongExpectedVersion(stream: "S", expected: .exactly(1), actual: 2)) {
            try fixture.store.append([StoreFixture.event(3)], to: "S", expecting: .exactly(1), actor: "x")
        }
        #expect(try fixture.store.head() == before)
        let ok = try fixture.store.append([StoreFixture.event(3)], to: "S", expecting: .exactly(2), actor: "x")
        #expect(ok.versions == [3])
    }

    @Test("expecting version 0 is the same as expecting no stream")
    func expectZero() throws {
        let fixture = try StoreFixture()
        let result = try fixture.store.append([StoreFixture.event(1)], to: "S", expecting: .exactly(0), actor: "x")
        #expect(result.versions == [1])
    }

    @Test("expecting an existing stream fails on a new one")
    func expectExists() throws {
        let fixture = try StoreFixture()
        #expect(throws: AppendError.wrongExpectedVersion(stream: "S", expected: .streamExists, actual: 0)) {
            try fixture.store.append([StoreFixture.event(1)], to: "S", expecting: .streamExists, actor: "x")
        }
        #expect(try fixture.store.read { try $0.streamHead("S") } == nil)
    }

    @Test("a refused event id leaves the id free for a later append")
    func refusedLeavesIDFree() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S", actor: "x")
        let id = EventID.random()
        #expect(throws: AppendError.self) {
            try fixture.store.append([StoreFixture.event(2, id: id)], to: "S", expecting: .noStream, actor: "x")
        }
        let result = try fixture.store.append([StoreFixture.event(2, id: id)], to: "S", actor: "x")
        #expect(result.positions == [2])
        #expect(result.wasAlreadyAppended == false)
    }

    @Test("appending the same id with the same content again returns the original position and writes nothing")
    func idempotentRetry() throws {
        let fixture = try StoreFixture()
        let events = [StoreFixture.event(1), StoreFixture.event(2)]
        let first = try fixture.store.append(events, to: "S", expecting: .noStream, actor: "x")
        try fixture.store.append([StoreFixture.event(3)], to: "S", actor: "x")
        let head = try fixture.store.head()
        let retry = try fixture.store.append(events, to: "S", expecting: .noStream, actor: "y")
        #expect(retry.positions == first.positions)
        #expect(retry.versions == first.versions)
        #expect(retry.wasAlreadyAppended)
        #expect(try fixture.store.head() == head)
    }

    @Test("the same id with different content is refused, naming where the original is")
    func idConflict() throws {
        let fixture = try StoreFixture()
        let id = EventID.random()
        try fixture.store.append([StoreFixture.event(1, id: id)], to: "S", actor: "x")
        #expect(throws: AppendError.idConflict(id: id, position: 1)) {
            try fixture.store.append([StoreFixture.event(2, id: id)], to: "S", actor: "x")
        }
        #expect(throws: AppendError.idConflict(id: id, position: 1)) {
            try fixture.store.append([StoreFixture.event(1, id: id)], to: "another stream", actor: "x")
        }
    }

    @Test("an id used twice in one append is refused and nothing is written")
    func duplicateInAppend() throws {
        let fixture = try StoreFixture()
        let id = EventID.random()
        #expect(throws: AppendError.duplicateIDInAppend(id: id)) {
            try fixture.store.append([StoreFixture.event(1, id: id), StoreFixture.event(2, id: id)], to: "S", actor: "x")
        }
        #expect(try fixture.store.head().position == 0)
        #expect(try fixture.store.read { try $0.position(of: id) } == nil)
    }

    @Test("a later event whose id is already in the log refuses the whole append")
    func laterIDConflict() throws {
        let fixture = try StoreFixture()
        let used = EventID.random()
        try fixture.store.append([StoreFixture.event(1, id: used)], to: "S", actor: "x")
        let fresh = EventID.random()
        #expect(throws: AppendError.idConflict(id: used, position: 1)) {
            try fixture.store.append([StoreFixture.event(2, id: fresh), StoreFixture.event(3, id: used)], to: "S", actor: "x")
        }
        #expect(try fixture.store.head().position == 1)
        #expect(try fixture.store.read { try $0.position(of: fresh) } == nil)
    }

    @Test("appends to several streams in one write commit together or not at all")
    func atomicBatch() throws {
        struct Stop: Error {}
        let fixture = try StoreFixture()
        #expect(throws: Stop.self) {
            try fixture.store.write(actor: "importer") { writer in
                try writer.append(StoreFixture.event(1), to: "A")
                try writer.append(StoreFixture.event(2), to: "B")
                throw Stop()
            }
        }
        #expect(try fixture.store.head().position == 0)
        #expect(try fixture.store.read { try $0.streamCount() } == 0)
        try fixture.store.write(actor: "importer") { writer in
            try writer.append(StoreFixture.event(1), to: "A")
            try writer.append(StoreFixture.event(2), to: "B")
            try writer.append(StoreFixture.event(3), to: "A", expecting: .exactly(1))
        }
        #expect(try fixture.store.head().position == 3)
        #expect(try fixture.store.read { try $0.streamHead("A")?.version } == 2)
    }

    @Test("a write can go on after a refused append, and reads its own appends")
    func continueAfterRefusal() throws {
        let fixture = try StoreFixture()
        let versions: [UInt64?] = try fixture.store.write(actor: "x") { writer in
            try writer.append(StoreFixture.event(1), to: "A")
            do {
                try writer.append(StoreFixture.event(2), to: "A", expecting: .noStream)
            } catch is AppendError {}
            try writer.append(StoreFixture.event(3), to: "A", expecting: .exactly(1))
            return [try writer.streamHead("A")?.version, try writer.record(at: 2)?.version]
        }
        #expect(versions == [2, 2])
        #expect(try fixture.store.head().position == 2)
    }

    @Test("records carry the stream, type, actor, times, ids and data they were appended with")
    func recordFields() throws {
        let fixture = try StoreFixture()
        let correlation = EventID.random()
        var event = StoreFixture.event(7, type: "complaint.received")
        event.correlationID = correlation
        let before = Timestamp.now()
        try fixture.store.append([event], to: "CMP-2025-000001", actor: "s.patel")
        let record = try #require(try fixture.store.read { try $0.record(at: 1)?.copy() })
        #expect(record.stream == "CMP-2025-000001")
        #expect(record.type == "complaint.received")
        #expect(record.actor == "s.patel")
        #expect(record.eventID == event.id)
        #expect(record.correlationID == correlation)
        #expect(record.causationID == nil)
        #expect(record.occurredAt == event.occurredAt)
        #expect(record.recordedAt >= before)
        #expect(record.recordedAt <= Timestamp.now())
        #expect(record.dataBytes == event.data)
        #expect(record.version == 1)
        #expect(record.position == 1)
    }

    @Test("a stream, type or actor that is empty or over 255 bytes is refused")
    func nameLimits() throws {
        let fixture = try StoreFixture()
        let long = String(repeating: "x", count: 256)
        #expect(throws: AppendError.self) { try fixture.store.append([StoreFixture.event(1)], to: "", actor: "x") }
        #expect(throws: AppendError.self) { try fixture.store.append([StoreFixture.event(1)], to: long, actor: "x") }
        #expect(throws: AppendError.self) { try fixture.store.append([StoreFixture.event(1, type: long)], to: "S", actor: "x") }
        #expect(throws: AppendError.self) { try fixture.store.append([StoreFixture.event(1)], to: "S", actor: "") }
        #expect(try fixture.store.head().position == 0)
        let fits = String(repeating: "y", count: 255)
        try fixture.store.append([StoreFixture.event(1, type: fits)], to: fits, actor: fits)
        #expect(try fixture.store.read { try $0.record(at: 1)?.type } == fits)
    }

    @Test("an event over 1 MiB is refused and one just under is accepted")
    func sizeLimit() throws {
        let fixture = try StoreFixture()
        func event(textBytes: Int) -> ProposedEvent {
            // {"t": "xxx…"} with a 4-byte string length head (0x7A).
            var data: [UInt8] = [0xA1, 0x61, 0x74, 0x7A]
            withUnsafeBytes(of: UInt32(textBytes).bigEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: textBytes))
            return ProposedEvent(type: "t", occurredAt: Timestamp(microseconds: 0), data: data)
        }
        let overhead = 172 + 1 + 1 + 1 + 8  // header, stream "S", type "t", actor "x", map/key/text heads
        #expect(throws: AppendError.tooLarge(bytes: (1 << 20) + 1, limit: 1 << 20)) {
            try fixture.store.append([event(textBytes: (1 << 20) - overhead + 1)], to: "S", actor: "x")
        }
        let result = try fixture.store.append([event(textBytes: (1 << 20) - overhead)], to: "S", actor: "x")
        #expect(result.positions == [1])
    }

    @Test("data that is not a deterministic CBOR map is refused")
    func nonDeterministicData() throws {
        let fixture = try StoreFixture()
        let unsorted: [UInt8] = [0xA2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02]  // {"b":1,"a":2}
        let notAMap: [UInt8] = [0x01]
        for data in [unsorted, notAMap] {
            #expect(throws: AppendError.self) {
                try fixture.store.append([ProposedEvent(type: "t", occurredAt: Timestamp(microseconds: 0), data: data)], to: "S", actor: "x")
            }
        }
        #expect(try fixture.store.head().position == 0)
    }

    @Test("a transition sees the head before each event and its state is kept with the stream")
    func transitionState() throws {
        let fixture = try StoreFixture()
        func countingTransition(_ head: inout StreamHead, _ event: ProposedEvent) throws {
            head.state = [UInt8(head.version + 1)]
        }
        try fixture.store.write(actor: "x") { writer in
            try writer.append([StoreFixture.event(1), StoreFixture.event(2)], to: "S", transition: countingTransition)
        }
        #expect(try fixture.store.read { try $0.streamHead("S")?.state } == [2])
        struct Rule: Error {}
        #expect(throws: Rule.self) {
            try fixture.store.write(actor: "x") { writer in
                try writer.append(StoreFixture.event(3), to: "S") { _, _ in throw Rule() }
            }
        }
        #expect(try fixture.store.head().position == 2)
    }

    @Test("each write finds the heads it keeps by its own slots, not by those an earlier write noted in the tail")
    func keptHeadsAcrossWrites() throws {
        let fixture = try StoreFixture()
        func marking(_ mark: UInt8) -> (inout StreamHead, ProposedEvent) throws -> Void {
            { head, _ in head.state = [mark, UInt8(head.version + 1)] }
        }
        // A is kept at slot 0 and B at slot 1, and the tail (kept for the next write) says so.
        try fixture.store.write(actor: "x") { writer in
            try writer.append(StoreFixture.event(1), to: "A", transition: marking(0xA))
            try writer.append(StoreFixture.event(2), to: "B", transition: marking(0xB))
        }
        // Here a new stream C takes slot 0 and A slot 1: the tail's notes (A 0, B 1) are the
        // last write's, and taking them would hand A C's head and B A's.
        var seen: [String: [[UInt8]]] = [:]
        try fixture.store.write(actor: "x") { writer in
            for (stream, mark) in [("C", UInt8(0xC)), ("A", 0xA), ("B", 0xB), ("A", 0xA), ("B", 0xB)] {
                try writer.append(StoreFixture.event(3), to: stream) { head, _ in
                    #expect(head.name == stream)
                    seen[stream, default: []].append(head.state)
                    head.state = [mark, UInt8(head.version + 1)]
                }
            }
            #expect(try writer.streamHead("A")?.state == [0xA, 3])
            #expect(try writer.streamHead("B")?.state == [0xB, 3])
            #expect(try writer.streamHead("C")?.state == [0xC, 1])
        }
        #expect(seen == ["A": [[0xA, 1], [0xA, 2]], "B": [[0xB, 1], [0xB, 2]], "C": [[]]])
        let heads = try fixture.store.read { reader in (try reader.streamHead("A"), try reader.streamHead("B")) }
        #expect(heads.0?.state == [0xA, 3] && heads.0?.version == 3)
        #expect(heads.1?.state == [0xB, 3] && heads.1?.version == 3)
    }

    @Test("personal data is kept apart from the record, which holds only its digest")
    func personalDataApart() throws {
        let fixture = try StoreFixture()
        let name: [UInt8] = [0xA1, 0x64] + Array("name".utf8) + [0x6A] + Array("Jane Smith".utf8)
        var event = StoreFixture.event(1, type: "subject.registered")
        event.personal = PersonalData(fields: name)
        try fixture.store.append([event], to: "P-000001", actor: "x")
        let (recordBytes, section) = try fixture.store.read { reader in
            (try reader.record(at: 1).map { Array($0.bytes) }, try reader.personalData(at: 1)?.copy())
        }
        let bytes = try #require(recordBytes)
        #expect(firstIndex(of: Array("Jane Smith".utf8), in: bytes) == nil)
        #expect(section?.fields == name)
        #expect(section?.salt?.count == 16)
        let verified = try fixture.store.verify()
        #expect(verified.isIntact)
    }

    @Test("personal data sealed ahead of the write is stored as sealed, and the chain holds")
    func personalDataSealedAhead() throws {
        let fixture = try StoreFixture()
        let name: [UInt8] = [0xA1, 0x64] + Array("name".utf8) + [0x6A] + Array("Jane Smith".utf8)
        var salts = SaltPool()
        let sealed = PersonalData.sealedAhead(fields: name, salts: &salts, hasher: SHA256())
        var event = StoreFixture.event(1, type: "subject.registered")
        event.personal = sealed
        var other = StoreFixture.event(2, type: "subject.registered")
        other.personal = PersonalData.sealedAhead(fields: name, salts: &salts, hasher: SHA256())
        try fixture.store.append([event, other], to: "P-000001", actor: "x")
        let sections = try fixture.store.read { reader in
            [try reader.personalData(at: 1)?.copy(), try reader.personalData(at: 2)?.copy()]
        }
        #expect(sections[0]?.fields == name && sections[0]?.salt == sealed.salt)
        // A salt of its own for each section, as the writer would have drawn.
        #expect(sections[0]?.salt != sections[1]?.salt && sections[1]?.salt?.count == 16)
        #expect(try fixture.store.verify().isIntact)
        // The same event again is a no-op, sealed ahead or not.
        var plain = event
        plain.personal = PersonalData(fields: name)
        #expect(try fixture.store.append([plain], to: "P-000001", actor: "x").wasAlreadyAppended)
    }

    @Test("ten thousand events in one write keep every version and position")
    func manyInOneWrite() throws {
        let fixture = try StoreFixture(initialMapSize: 1 << 20)
        try fixture.store.write(actor: "importer") { writer in
            for n in 0..<10_000 { try writer.append(StoreFixture.event(n % 20), to: "stream-\(n % 37)") }
        }
        #expect(try fixture.store.head().position == 10_000)
        let total = try fixture.store.read { reader in
            var sum: UInt64 = 0
            try reader.forEachStream { sum += $0.version }
            return sum
        }
        #expect(total == 10_000)
        #expect(try fixture.store.verify().isIntact)
    }
}
