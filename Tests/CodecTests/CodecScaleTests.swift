import Codec
import Testing

/// Not timing assertions: large inputs that would take minutes if anything were quadratic.
@Suite("Codec at scale")
struct CodecScaleTests {
    @Test("a 1 MiB string transcodes, validates and converts back")
    func largeString() throws {
        let text = String(repeating: "0123456789abcdé\\n", count: 65_536)
        let json = "{\"notes\":\"" + text + "\"}"
        let cbor = try CodecTestSupport.transcode(json)
        #expect(CodecTestSupport.validationError(cbor, requireMap: true) == nil)
        #expect(try CodecTestSupport.transcode(try CodecTestSupport.json(cbor)) == cbor)
        let value = try CBORValue(decoding: cbor)
        #expect(value == .map(["notes": .text(String(repeating: "0123456789abcdé\n", count: 65_536))]))
    }

    @Test("a 10,000-member object in reverse key order is sorted")
    func largeObject() throws {
        let members = (0..<10_000).reversed().map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        let cbor = try CodecTestSupport.transcode("{" + members + "}")
        #expect(Array(cbor.prefix(3)) == [0xB9, 0x27, 0x10])
        #expect(CodecTestSupport.validationError(cbor, requireMap: true) == nil)
        cbor.withUnsafeBytes { bytes in
            let view = CBORView(bytes)
            #expect(view.count == 10_000)
            #expect(view["key0"]?.integer == 0)
            #expect(view["key9999"]?.integer == 9_999)
            var previous: [UInt8] = []
            var ordered = true
            view.forEachEntry { key, _ in
                let current = Array(key)
                let inOrder = previous.count < current.count
                    || (previous.count == current.count && previous.lexicographicallyPrecedes(current))
                if !previous.isEmpty, !inOrder { ordered = false }
                previous = current
            }
            #expect(ordered)
        }
        let duplicate = "{" + members + ",\"key5000\":1}"
        #expect(CodecTestSupport.transcodeError(duplicate)?.message == #"duplicate key "key5000""#)
    }

    @Test("a 100,000-element array transcodes and converts back")
    func largeArray() throws {
        let json = "[" + (0..<100_000).map { $0 % 3 == 0 ? "\($0)" : $0 % 3 == 1 ? "\($0).5" : "\"s\($0)\"" }.joined(separator: ",") + "]"
        let cbor = try CodecTestSupport.transcode(json)
        #expect(CodecTestSupport.validationError(cbor) == nil)
        // Every number in the fixture is already in Swift's shortest form, so the text comes back as it was.
        #expect(try CodecTestSupport.json(cbor) == json)
    }

    @Test("many small objects reuse one writer")
    func reuse() throws {
        var writer = CBORWriter()
        let line = Array(#"{"visitId":"V-3","notes":"Kitchen tidy.","kind":"home"}"#.utf8)
        for _ in 0..<10_000 {
            writer.removeAll()
            try line.withUnsafeBytes { input in
                var scanner = JSONScanner(input)
                try scanner.transcodeValue(into: &writer)
            }
        }
        #expect(try CBORValue(decoding: writer.bytes) == ["visitId": "V-3", "notes": "Kitchen tidy.", "kind": "home"])
    }
}
