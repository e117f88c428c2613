import Codec
import Testing

@Suite("JSON to CBOR transcoding")
struct JSONTranscodeTests {
    private func cbor(_ json: String) throws -> String {
        CodecTestSupport.hex(try CodecTestSupport.transcode(json))
    }

    @Test("JSON values give the RFC 8949 Appendix A encodings")
    func appendixAEncodings() throws {
        let cases: [(String, String)] = [
            ("0", "00"), ("23", "17"), ("24", "1818"), ("100", "1864"), ("1000", "1903e8"), ("1000000", "1a000f4240"),
            ("1000000000000", "1b000000e8d4a51000"), ("-1", "20"), ("-1000", "3903e7"),
            ("1.5", "f93e00"), ("100000.0", "fa47c35000"), ("1.1", "fb3ff199999999999a"), ("65504.0", "f97bff"),
            ("0.0", "f90000"), ("-0.0", "f98000"), ("1.0e+300", "fb7e37e43c8800759c"), ("-4.1", "fbc010666666666666"),
            ("5.960464477539063e-8", "f90001"), ("3.4028234663852886e+38", "fa7f7fffff"),
            ("false", "f4"), ("true", "f5"), ("null", "f6"),
            (#""""#, "60"), (#""a""#, "6161"), (#""IETF""#, "6449455446"), (#""\"\\""#, "62225c"),
            (#""\u00fc""#, "62c3bc"), (#""\u6c34""#, "63e6b0b4"), (#""\ud800\udd51""#, "64f0908591"),
            ("[]", "80"), ("[1,[2,3],[4,5]]", "8301820203820405"), (#"{"a":1,"b":[2,3]}"#, "a26161016162820203"),
            (#"["a",{"b":"c"}]"#, "826161a161626163"),
            (#"{"a":"A","b":"B","c":"C","d":"D","e":"E"}"#, "a56161614161626142616361436164614461656145"),
            ("[" + (1...25).map { "\($0)" }.joined(separator: ",") + "]", "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        ]
        for (json, expected) in cases {
            #expect(try cbor(json) == expected, "\(json)")
        }
    }

    @Test("object keys are sorted shorter first, then bytewise")
    func keyOrderExample() throws {
        #expect(try cbor(#"{"b":1,"a":2,"aa":3}"#) == "a3" + "616102" + "616201" + "62616103")
        #expect(try cbor(#"{"z":{"y":1,"x":2},"a":[{"d":1,"c":2}]}"#) == "a2" + "6161" + "81a2616302616401" + "617a" + "a2617802617901")
    }

    @Test("an object of 24 or more members gets a two-byte head")
    func longObjectHead() throws {
        let members = (0..<30).map { #""k\#($0 < 10 ? "0" : "")\#($0)":\#($0)"# }.reversed().joined(separator: ",")
        let bytes = try CodecTestSupport.transcode("{" + members + "}")
        #expect(Array(bytes.prefix(2)) == [0xB8, 30])
        #expect(Array(bytes[2..<6]) == Array([0x63] + "k00".utf8))
        #expect(CodecTestSupport.validationError(bytes) == nil)
    }

    @Test("whitespace between tokens is ignored")
    func whitespace() throws {
        #expect(try cbor(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" :\nnull } \n") == "a2616182010261" + "62f6")
    }

    @Test("integers use the full Int64 range")
    func integerRange() throws {
        #expect(try cbor("9223372036854775807") == "1b7fffffffffffffff")
        #expect(try cbor("-9223372036854775808") == "3b7fffffffffffffff")
        #expect(try cbor("-0") == "00")
    }

    @Test("numbers with a fraction or exponent become correctly rounded doubles")
    func doubles() throws {
        #expect(try cbor("1E2") == "f95640")
        #expect(try cbor("1e-7") == CodecTestSupport.hex(CBORValue.double(1e-7).encoded()))
        #expect(try cbor("0.1") == "fb3fb999999999999a")
        #expect(try cbor("2.5e-3") == CodecTestSupport.hex(CBORValue.double(0.0025).encoded()))
        #expect(try cbor("123456789012345678901234567890.0") == CodecTestSupport.hex(CBORValue.double(1.2345678901234568e29).encoded()))
        #expect(try cbor("1.7976931348623157e308") == "fb7fefffffffffffff")
        #expect(try cbor("4.9406564584124654e-324") == "fb0000000000000001")
        #expect(try cbor("1e-400") == "f90000")
        #expect(try cbor("0.30000000000000004") == "fb3fd3333333333334")
        #expect(try cbor("12345678901234567890.0e-10") == CodecTestSupport.hex(CBORValue.double(1234567890.1234567890).encoded()))
    }

    @Test("escapes are unescaped, and other UTF-8 is copied")
    func escapes() throws {
        #expect(try cbor(#""\/\b\f\n\r\t""#) == "662f080c0a0d09")
        #expect(try cbor(#""\u0000""#) == "6100")
        #expect(try cbor(#""é€😀""#) == "69c3a9e282acf09f9880")
        #expect(try cbor(#""\u00e9\u20AC\uD83D\uDE00""#) == "69c3a9e282acf09f9880")
        let long = String(repeating: "ab\\n", count: 20)
        #expect(try cbor("\"" + long + "\"") == "783c" + String(repeating: "61620a", count: 20))
    }

    @Test("transcoding appends to what the writer already holds")
    func appendsToWriter() throws {
        var writer = CBORWriter()
        writer.writeMapHeader(count: 1)
        writer.writeText("data")
        try Array(#"{"b":1,"a":2}"#.utf8).withUnsafeBytes { input in
            var scanner = JSONScanner(input)
            try scanner.transcodeValue(into: &writer)
        }
        #expect(CodecTestSupport.hex(writer.bytes) == "a16464617461" + "a2616102616201")
    }
}
