import EventLog
import Testing
import Codec

/// `{"n": n, "t": "xxx…"}` as deterministic CBOR, with `padding` bytes of text.
private func paddedData(_ n: Int, padding: Int) -> [UInt8] {
    var writer = CBORWriter(capacity: padding + 16)
    writer.writeMapHeader(count: 2)
    writer.writeText("n")
    writer.writeUnsigned(UInt64(n))
    writer.writeText("t")
    writer.writeText(String(repeating: "x", count: padding))
    return writer.bytes
}

private func paddedEvent(_ n: Int, padding: Int) -> ProposedEvent {
    ProposedEvent(id: .random(), type: "test.padded", occurredAt: Timestamp(microseconds: 1_700_000_000_000_000 + Int64(n)),
                  data: paddedData(n, padding: padding))
}

private struct Abandoned: Error {}

/// One write of thousands of events, or of events near the size limit, read back in the middle
/// and abandoned: the chain that lands is whole whatever the size of the write.
@Suite("Large writes")
struct LargeWriteTests {
    @Test("thousands of events in one write make a chain verify holds, ending at the head the writer gave")
    func largeWrite() throws {
        let fixture = try StoreFixture(initialMapSize: 64 << 20)
        let count = 3_000
        let reported = try fixture.store.write(actor: "tester") { writer in
            for n in 1...count { try writer.append(paddedEvent(n, padding: 500), to: "S-\(n % 7)") }
            return writer.head
        }
        let report = try fixture.store.verify()
        #expect(report.outcome == .intact)
        #expect(report.recordsChecked == UInt64(count))
        #expect(report.head == reported)
        #expect(try fixture.store.head() == reported)
        try fixture.store.read { reader in
            for position in [1, 249, 250, 251, 1_500, 3_000] as [UInt64] {
                let record = try #require(try reader.record(at: position))
                #expect(record.position == position)
                #expect(record.dataBytes.elementsEqual(paddedData(Int(position), padding: 500)))
            }
        }
    }

    @Test("a write reads its own records, hashes included, and goes on appending after the read")
    func readsInTheMiddle() throws {
        let fixture = try StoreFixture(initialMapSize: 16 << 20)
        let (seen, middleHead, scanned) = try fixture.store.write(actor: "tester") { writer in
            for n in 1...600 { try writer.append(paddedEvent(n, padding: 100), to: "S") }
            let record = try #require(try writer.record(at: 300))
            let seen = (record.position, Array(record.hash), Array(record.dataBytes))
            let middleHead = writer.head
            for n in 601...1_000 { try writer.append(paddedEvent(n, padding: 100), to: "S") }
            var scanned = 0
            try writer.scan(from: 590) { _ in scanned += 1 }
            return (seen, middleHead, scanned)
        }
        #expect(scanned == 411)
        #expect(try fixture.store.verify().outcome == .intact)
        try fixture.store.read { reader in
            let record = try #require(try reader.record(at: 300))
            #expect(seen.0 == 300)
            #expect(seen.1 == Array(record.hash))
            #expect(seen.2 == Array(record.dataBytes))
            let at600 = try #require(try reader.record(at: 600))
            #expect(middleHead == LogHead(position: 600, hash: try #require(ChainHash(bytes: at600.hash))))
        }
    }

    @Test("an abandoned write of hundreds of events leaves nothing: the next write chains from the committed head")
    func abandonedWrite() throws {
        let fixture = try StoreFixture(initialMapSize: 16 << 20)
        try fixture.store.append((1...10).map { StoreFixture.event($0) }, to: "S", actor: "x")
        let before = try fixture.store.head()
        #expect(throws: Abandoned.self) {
            try fixture.store.write(actor: "tester") { writer in
                for n in 1...700 { try writer.append(paddedEvent(n, padding: 100), to: "T") }
                throw Abandoned()
            }
        }
        #expect(try fixture.store.head() == before)
        try fixture.store.append((11...20).map { StoreFixture.event($0) }, to: "S", actor: "x")
        let report = try fixture.store.verify()
        #expect(report.outcome == .intact)
        #expect(report.recordsChecked == 20)
    }

    @Test("records near the 1 MiB limit, several to a write, are put and chained")
    func largeRecords() throws {
        let fixture = try StoreFixture(initialMapSize: 64 << 20)
        let padding = RecordLimits.maximumRecordSize - 2_000
        try fixture.store.write(actor: "tester") { writer in
            for n in 1...5 { try writer.append(paddedEvent(n, padding: padding), to: "BIG") }
            for n in 6...300 { try writer.append(paddedEvent(n, padding: 10), to: "SMALL") }
        }
        let report = try fixture.store.verify()
        #expect(report.outcome == .intact)
        #expect(report.recordsChecked == 300)
        let size = try fixture.store.read { reader in try reader.record(at: 5)?.dataBytes.count }
        #expect(size == paddedData(5, padding: padding).count)
    }
}
