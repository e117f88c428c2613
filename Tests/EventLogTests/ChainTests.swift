@testable import EventLog
import Testing
import TestSupport

/// SHA-256 of `bytes` by coreutils' `sha256sum`: an oracle independent of the code under test
/// (nil, and the test fails, when it cannot be run).
private func sha256sum(_ bytes: [UInt8], scratch: TemporaryDirectory) -> [UInt8]? {
    let path = scratch.appending("hash-input")
    writeFile(path, bytes)
    let result = ChildProcess.run("/usr/bin/env", ["sha256sum", path], scratch: scratch)
    #expect(result.status == 0, "sha256sum failed: \(result.standardError)")
    return ChainHash(hex: String(result.standardOutput.prefix(64)))?.bytes
}

@Suite("The hash chain")
struct ChainTests {
    @Test("each record's hash is SHA-256 of the previous hash and its bytes from offset 32, from 32 zero bytes")
    func chainDefinition() throws {
        let fixture = try StoreFixture()
        try fixture.store.append((1...5).map { StoreFixture.event($0) }, to: "S", actor: "x")
        let records = try fixture.store.read { reader in (1...5).map { try! reader.record(at: $0)!.copy() } }
        let scratch = TemporaryDirectory()
        var previous = [UInt8](repeating: 0, count: 32)
        for record in records {
            let expected = try #require(sha256sum(previous + record.bytes[32...], scratch: scratch))
            #expect(record.hash == expected)
            previous = expected
        }
        #expect(try fixture.store.head().hash.bytes == previous)
    }

    @Test("SHA-256 gives FIPS 180-4's answers and coreutils' over block boundaries, reusing one context")
    func sha256Vectors() throws {
        #expect(SHA256().digest(UnsafeRawBufferPointer(start: nil, count: 0)).description
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Array("abc".utf8).withUnsafeBytes { SHA256().digest($0) }.description
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let scratch = TemporaryDirectory()
        let hasher = SHA256()
        for length in [55, 56, 63, 64, 65, 1000, 1 << 20] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            let split = length / 3
            let ours = bytes.withUnsafeBytes {
                hasher.digest(UnsafeRawBufferPointer(rebasing: $0[..<split]), UnsafeRawBufferPointer(rebasing: $0[split...]))
            }
            #expect(ours.bytes == sha256sum(bytes, scratch: scratch), "length \(length)")
        }
    }

    @Test("verify of an intact log reports its head and the number of records")
    func intact() throws {
        let fixture = try StoreFixture()
        try fixture.store.append((1...20).map { StoreFixture.event($0) }, to: "S", actor: "x")
        let report = try fixture.store.verify()
        #expect(report.outcome == .intact)
        #expect(report.recordsChecked == 20)
        #expect(report.head == (try fixture.store.head()))
    }

    @Test("verify of an empty log is intact at position 0")
    func emptyLog() throws {
        let fixture = try StoreFixture()
        let report = try fixture.store.verify()
        #expect(report.outcome == .intact)
        #expect(report.head.position == 0)
        #expect(report.head.hash == .zero)
    }

    @Test("the head hash is 64 hex digits that parse back to the same hash")
    func hexRoundTrip() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S", actor: "x")
        let head = try fixture.store.head()
        #expect(head.hash.description.count == 64)
        #expect(ChainHash(hex: head.hash.description) == head.hash)
    }

    /// Closes the store, flips one bit at the first occurrence of `marker` in the data file,
    /// and reopens it.
    func flip(_ marker: [UInt8], offset: Int = 0, in path: String) throws -> EventStore {
        // Every copy: pages left over from earlier commits (copy-on-write) may hold old copies
        // of the record, and only the live one matters.
        var file = try #require(readFile(path + "/data.mdb"))
        var from = 0
        var flipped = 0
        while let found = firstIndex(of: marker, in: Array(file[from...])) {
            file[from + found + offset] ^= 0x01
            from += found + marker.count
            flipped += 1
        }
        #expect(flipped > 0, "the marker is not in the data file")
        writeFile(path + "/data.mdb", file)
        return try EventStore(openingAt: path)
    }

    @Test("a bit flipped in a record's data is caught at that record's position")
    func flippedData() throws {
        let path: String
        let directory: TemporaryDirectory
        do {
            let fixture = try StoreFixture()
            for n in 1...9 {
                let marker: [UInt8] = [0xA1, 0x64] + Array("mark".utf8) + [0x65] + Array("mark\(n)".utf8)
                try fixture.store.append([ProposedEvent(type: "t", occurredAt: Timestamp(microseconds: 1), data: marker)], to: "S", actor: "x")
            }
            path = fixture.path
            directory = fixture.directory
        }
        let reopened = try flip(Array("mark6".utf8), offset: 4, in: path)
        let report = try reopened.verify()
        guard case .broken(let position, let reason) = report.outcome else {
            Issue.record("verify did not notice")
            return
        }
        #expect(position == 6)
        #expect(reason.contains("hash"))
        #expect(report.recordsChecked == 5)
        _ = directory
    }

    @Test("a bit flipped in a record's stored hash is caught at that record")
    func flippedHash() throws {
        let fixture = try StoreFixture()
        try fixture.store.append((1...4).map { StoreFixture.event($0) }, to: "S", actor: "x")
        let hash = try #require(try fixture.store.read { try $0.record(at: 3)?.copy().hash })
        let reopened = try flip(hash, in: fixture.path)
        #expect(try reopened.verify().outcome.isBroken(at: 3))
    }

    @Test("a bit flipped in a record's actor is caught at that record")
    func flippedActor() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S", actor: "first.actor")
        try fixture.store.append([StoreFixture.event(2)], to: "S", actor: "second.actor")
        let reopened = try flip(Array("second.actor".utf8), in: fixture.path)
        #expect(try reopened.verify().outcome.isBroken(at: 2))
    }

    @Test("a changed personal-data section is caught at its record")
    func changedPersonalData() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "P-000001", actor: "x")
        var event = StoreFixture.event(2, type: "subject.registered")
        event.personal = PersonalData(fields: [0xA1, 0x61, 0x6E] + [0x6A] + Array("Jane Smith".utf8))
        try fixture.store.append([event], to: "P-000001", actor: "x")
        let reopened = try flip(Array("Jane Smith".utf8), in: fixture.path)
        let report = try reopened.verify()
        #expect(report.outcome.isBroken(at: 2))
    }
}

extension VerificationReport.Outcome {
    func isBroken(at position: UInt64) -> Bool {
        if case .broken(let found, _) = self { return found == position }
        return false
    }
}
