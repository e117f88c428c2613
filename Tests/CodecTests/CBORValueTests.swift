import Codec
import Testing

@Suite("CBORValue")
struct CBORValueTests {
    @Test("encoded() gives the RFC 8949 Appendix A encodings")
    func appendixAEncodings() {
        let cases: [(CBORValue, String)] = [
            (0, "00"), (23, "17"), (24, "1818"), (100, "1864"), (1000, "1903e8"), (1_000_000, "1a000f4240"),
            (-1, "20"), (-1000, "3903e7"), (1.5, "f93e00"), (100_000.0, "fa47c35000"), (1.1, "fb3ff199999999999a"),
            (65504.0, "f97bff"), ("IETF", "6449455446"), ([], "80"), ([:], "a0"), (false, "f4"), (true, "f5"), (nil, "f6"),
            ([1, [2, 3], [4, 5]], "8301820203820405"),
            (["a": 1, "b": [2, 3]], "a26161016162820203"),
            (["a", ["b": "c"]], "826161a161626163"),
            (["a": "A", "b": "B", "c": "C", "d": "D", "e": "E"], "a56161614161626142616361436164614461656145"),
            (.array((1...25).map { CBORValue.integer($0) }), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        ]
        for (value, expected) in cases {
            #expect(CodecTestSupport.hex(value.encoded()) == expected, "\(value)")
        }
    }

    @Test("map keys are sorted shorter first, then bytewise")
    func mapKeyOrder() {
        let value: CBORValue = ["b": 1, "a": 2, "aa": 3]
        #expect(CodecTestSupport.hex(value.encoded()) == "a3" + "616102" + "616201" + "62616103")
        let bytewise: CBORValue = ["\u{00E9}": 1, "z": 2, "Z": 3]
        // "Z" (5a) < "z" (7a) < "é" (c3a9, two bytes so last)
        #expect(CodecTestSupport.hex(bytewise.encoded()) == "a3" + "615a03" + "617a02" + "62c3a901")
    }

    @Test("decoding gives back the value that was encoded")
    func decodingRoundTrip() throws {
        let value: CBORValue = ["name": "Ada", "age": 36, "scores": [1.5, -2, 0.1], "flags": [true, false, nil], "empty": [:]]
        #expect(try CBORValue(decoding: value.encoded()) == value)
        let encoded = value.encoded()
        let decoded = try encoded.withUnsafeBytes { try CBORValue(decoding: $0) }
        #expect(decoded.encoded() == encoded)
    }

    @Test("a double and an integer of the same number are different values")
    func doubleIsNotInteger() throws {
        #expect(CBORValue.double(1.0) != CBORValue.integer(1))
        #expect(try CBORValue(decoding: [0xF9, 0x3C, 0x00]) == .double(1.0))
        #expect(try CBORValue(decoding: [0x01]) == .integer(1))
    }

    @Test("decoding rejects bytes that are not deterministic CBOR of the data model")
    func decodingRejectsInvalidBytes() {
        #expect(throws: CBORError(offset: 0, message: "byte strings are not allowed")) { try CBORValue(decoding: [0x41, 0x00]) }
        #expect(throws: CBORError(offset: 1, message: "trailing bytes after the item")) { try CBORValue(decoding: [0x01, 0x02]) }
        #expect(throws: CBORError.self) { try CBORValue(decoding: [0xA2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02]) }
    }
}
