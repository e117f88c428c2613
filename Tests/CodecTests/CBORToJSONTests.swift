import Codec
import Testing

@Suite("CBOR to JSON")
struct CBORToJSONTests {
    private func json(_ hex: String) throws -> String {
        try CodecTestSupport.json(CodecTestSupport.bytes(hex))
    }

    private func failure(_ hex: String) -> CBORError? {
        do {
            _ = try json(hex)
            return nil
        } catch let error as CBORError {
            return error
        } catch {
            return nil
        }
    }

    @Test("each kind of item is written as its JSON form")
    func kinds() throws {
        #expect(try json("a26161016162820203") == #"{"a":1,"b":[2,3]}"#)
        #expect(try json("8301820203820405") == "[1,[2,3],[4,5]]")
        #expect(try json("3903e7") == "-1000")
        #expect(try json("1b7fffffffffffffff") == "9223372036854775807")
        #expect(try json("3b7fffffffffffffff") == "-9223372036854775808")
        #expect(try json("f93e00") == "1.5")
        #expect(try json("fb3ff199999999999a") == "1.1")
        #expect(try json("fa47c35000") == "100000.0")
        #expect(try json("f98000") == "-0.0")
        #expect(try json("f4") == "false")
        #expect(try json("f5") == "true")
        #expect(try json("f6") == "null")
        #expect(try json("6449455446") == #""IETF""#)
        #expect(try json("62225c") == #""\"\\""#)
        #expect(try json("62c3bc") == "\"\u{FC}\"")
        // DEL and the C1 controls are escaped like the C0 ones; U+00A0 is kept.
        #expect(try json("657fc29bc2a0") == #""\u007f\u009b"# + "\u{A0}\"")
        #expect(try json("a0") == "{}")
        #expect(try json("80") == "[]")
    }

    @Test("map members keep their stored order")
    func storedOrder() throws {
        #expect(try json("a2 6162 01 6161 02") == #"{"b":1,"a":2}"#)
    }

    @Test("the item is placed after what the writer already holds")
    func continuesDocument() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("data")
        try CodecTestSupport.bytes("a16161f5").withUnsafeBytes { try writer.cbor($0) }
        writer.key("n")
        writer.integer(1)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"data":{"a":true},"n":1}"#)
    }

    @Test("items outside the data model are rejected with their offset")
    func rejectsOutsideDataModel() {
        #expect(failure("4100") == CBORError(offset: 0, message: "byte strings are not allowed"))
        #expect(failure("8201c000") == CBORError(offset: 2, message: "tags are not allowed"))
        #expect(failure("f97e00") == CBORError(offset: 0, message: "NaN and infinities are not allowed (JSON has no form for them)"))
        #expect(failure("a10102") == CBORError(offset: 1, message: "map keys must be text strings"))
        #expect(failure("62c328") == CBORError(offset: 1, message: "invalid UTF-8 in a text string"))
        #expect(failure("9f01ff") == CBORError(offset: 0, message: "indefinite lengths are not allowed"))
        #expect(failure("0000") == CBORError(offset: 1, message: "trailing bytes after the item"))
        #expect(failure("8201") == CBORError(offset: 2, message: "truncated: the input ends inside an item"))
        #expect(failure("1bffffffffffffffff") == CBORError(offset: 0, message: "integer outside the 64-bit signed range"))
        #expect(failure("f7") == CBORError(offset: 0, message: "undefined is not allowed"))
    }

    @Test("a failed conversion writes nothing")
    func failureWritesNothing() {
        var writer = JSONWriter()
        writer.beginArray()
        let bad = CodecTestSupport.bytes("83 01 02 41 00")
        #expect(throws: CBORError.self) { try bad.withUnsafeBytes { try writer.cbor($0) } }
        writer.endArray()
        #expect(writer.bytes == Array("[]".utf8))
    }
}
