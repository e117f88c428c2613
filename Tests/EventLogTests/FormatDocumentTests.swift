import Codec
import Foundation
import EventLog
import Testing
import TestSupport

/// docs/FORMAT.md is checked against the code: its test vector byte for byte, and its table of
/// header offsets field by field.
@Suite("docs/FORMAT.md")
struct FormatDocumentTests {
    static let document: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return String(decoding: readFile(path + "/docs/FORMAT.md") ?? [], as: UTF8.self)
    }()

    /// The text of the fenced block tagged `tag`.
    static func block(_ tag: String) -> String? {
        guard let start = document.range(of: "```" + tag + "\n") else { return nil }
        guard let end = document[start.upperBound...].range(of: "```") else { return nil }
        return String(document[start.upperBound..<end.lowerBound])
    }

    static func hexBytes(_ text: String) -> [UInt8] {
        let digits = text.unicodeScalars.filter { $0.properties.isASCIIHexDigit }.map { UInt8(String($0), radix: 16)! }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    static func hexLines(_ bytes: [UInt8]) -> String {
        stride(from: 0, to: bytes.count, by: 16).map { start in
            bytes[start..<min(start + 16, bytes.count)].map { byte in
                let text = String(byte, radix: 16)
                return text.count == 1 ? "0" + text : text
            }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The test vector's event, appended as the first event of a new store.
    func vectorRecord() throws -> [UInt8] {
        let fixture = try StoreFixture()
        let recordedAt = try #require(Timestamp(iso8601: "2025-03-04T10:16:30.250Z"))
        let event = ProposedEvent(
            id: try #require(EventID("0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10")),
            type: "complaint.acknowledged",
            occurredAt: try #require(Timestamp(iso8601: "2025-03-04T10:15:00Z")),
            data: [0xA1, 0x65, 0x73, 0x74, 0x61, 0x67, 0x65, 0x01],
            recordedAt: recordedAt)
        try fixture.store.append([event], to: "CMP-2025-000001", actor: "s.patel")
        return try #require(fixture.store.read { try $0.record(at: 1).map { Array($0.bytes) } })
    }

    @Test("the test vector's record bytes are what the code writes")
    func recordBytes() throws {
        let bytes = try vectorRecord()
        let documented = Self.hexBytes(try #require(Self.block("test-vector-record")))
        #expect(documented == bytes, "FORMAT.md should say:\n\(Self.hexLines(bytes))")
    }

    @Test("the test vector's hash is the record's chain hash")
    func recordHash() throws {
        let bytes = try vectorRecord()
        let documented = try #require(Self.block("test-vector-hash")).filter { !$0.isWhitespace }
        let stored = Self.hexLines(Array(bytes[0..<32])).filter { !$0.isWhitespace }
        #expect(documented == stored)
    }

    @Test("every header field in the table is at the offset and size the table gives")
    func headerTable() throws {
        let bytes = try vectorRecord()
        // Rows look like: | 40 | 8 | `position` | … |
        var fields: [String: (offset: Int, size: Int)] = [:]
        for line in Self.document.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters() }
            guard cells.count >= 3, let offset = Int(cells[0]), let size = Int(cells[1]) else { continue }
            let name = cells[2].replacingBackticks()
            fields[name] = (offset, size)
        }
        func value(_ name: String) throws -> UInt64 {
            let field = try #require(fields[name], "no row for \(name)")
            var result: UInt64 = 0
            for index in (0..<field.size).reversed() { result = result << 8 | UInt64(bytes[field.offset + index]) }
            return result
        }
        #expect(try value("formatVersion") == 1)
        #expect(try value("flags") == 0)
        #expect(try value("recordLength") == UInt64(bytes.count))
        #expect(try value("position") == 1)
        #expect(try value("streamNumber") == 1)
        #expect(try value("version") == 1)
        #expect(try value("occurredAt") == 1_741_083_300_000_000)
        #expect(try value("recordedAt") == 1_741_083_390_250_000)
        #expect(try value("personalLength") == 0)
        #expect(try value("streamLength") == UInt64("CMP-2025-000001".utf8.count))
        #expect(try value("typeLength") == UInt64("complaint.acknowledged".utf8.count))
        #expect(try value("actorLength") == UInt64("s.patel".utf8.count))
        #expect(try value("dataLength") == 8)
        let id = try #require(fields["eventId"])
        #expect(Array(bytes[id.offset..<id.offset + id.size]) == Self.hexBytes("0b6f6a0e6c1d4b8e9a532f1c3e7d9a10"))
        #expect(bytes.count == 172 + 15 + 22 + 7 + 8)
    }

    @Test("the kept projection's state vector is one deterministic CBOR map whose keys are the table's, in the table's order")
    func keptStateTable() throws {
        let vector = Self.hexBytes(try #require(Self.block("test-vector-kept-state")))
        #expect(throws: Never.self) { try vector.withUnsafeBytes { try DeterministicCBOR.validate($0) } }
        var keys: [String] = []
        vector.withUnsafeBytes { bytes in CBORView(bytes).forEachEntry { key, _ in keys.append(String(decoding: key, as: UTF8.self)) } }
        // Rows look like: | `rows` | without `per-case`: … |, between the section's title and its prose.
        let section = try #require(Self.document.range(of: "**Analysts' kept projections**"))
        let end = try #require(Self.document[section.upperBound...].range(of: "Times are microseconds"))
        let documented = Self.document[section.upperBound..<end.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("| `") }
            .map { $0.split(separator: "|")[0].trimmingCharacters().replacingBackticks() }
        #expect(documented == keys)
        #expect(keys.count == 12)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

extension String {
    func replacingBackticks() -> String { filter { $0 != "`" } }
}
