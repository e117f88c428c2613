import Codec
import Testing

@Suite("JSONWriter")
struct JSONWriterTests {
    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("commas and colons are put in by the writer")
    func separators() {
        let json = written { writer in
            writer.beginObject()
            writer.key("a"); writer.integer(1)
            writer.key("b"); writer.beginArray(); writer.bool(true); writer.null(); writer.beginObject(); writer.endObject(); writer.endArray()
            writer.key("c"); writer.string("x")
            writer.key("d"); writer.raw("[1,2]".utf8)
            writer.endObject()
        }
        #expect(json == #"{"a":1,"b":[true,null,{}],"c":"x","d":[1,2]}"#)
    }

    @Test("values at the top level are not separated, so that lines can be written one after another")
    func topLevelValues() {
        var writer = JSONWriter()
        for number in 1...2 {
            writer.beginObject()
            writer.key("n")
            writer.integer(Int64(number))
            writer.endObject()
            writer.bytes.append(0x0A)
        }
        writer.integer(3)
        writer.bytes.append(0x0A)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"n\":1}\n{\"n\":2}\n3\n")
    }

    @Test("quotes, backslashes and control characters (DEL and C1 too) are escaped; other UTF-8 is kept")
    func escaping() {
        #expect(written { $0.string("a\"b\\c") } == #""a\"b\\c""#)
        #expect(written { $0.string("\n\r\t\u{8}\u{C}") } == #""\n\r\t\b\f""#)
        #expect(written { $0.string("\u{0}\u{1}\u{1F}\u{7F}") } == #""\u0000\u0001\u001f\u007f""#)
        // C1 controls (U+0080…U+009F) escaped; U+00A0 and £, which share their lead byte, kept.
        #expect(written { $0.string("\u{80}\u{9B}31m\u{9F}\u{A0}£") } == #""\u0080\u009b31m\u009f"# + "\u{A0}£\"")
        #expect(written { $0.string("a long run of text, then \u{9B} and \u{7F} in it") } == #""a long run of text, then \u009b and \u007f in it""#)
        #expect(written { $0.string("é€😀/") } == "\"é€😀/\"")
        #expect(written { $0.string(String(repeating: "long text ", count: 5) + "\"end\"") } == "\"" + String(repeating: "long text ", count: 5) + #"\"end\"""#)
        #expect(written { $0.key("k\"") ; $0.string("") } == #""k\"":"""#)
        #expect(written { writer in Array("a\nb".utf8).withUnsafeBytes { writer.string(bytes: $0) } } == #""a\nb""#)
        #expect(written { writer in Array("k".utf8).withUnsafeBytes { writer.key(bytes: $0) }; writer.integer(0) } == #""k":0"#)
    }

    @Test("integers are written in decimal over the whole Int64 range")
    func integers() {
        #expect(written { $0.integer(0) } == "0")
        #expect(written { $0.integer(-7) } == "-7")
        #expect(written { $0.integer(1234567890) } == "1234567890")
        #expect(written { $0.integer(.max) } == "9223372036854775807")
        #expect(written { $0.integer(.min) } == "-9223372036854775808")
    }

    @Test("doubles use the shortest form that reads back the same, which is valid JSON")
    func doubles() {
        #expect(written { $0.double(0.1) } == "0.1")
        #expect(written { $0.double(1e-7) } == "1e-07")
        #expect(written { $0.double(1e16) } == "1e+16")
        #expect(written { $0.double(-0.0) } == "-0.0")
        #expect(written { $0.double(1.0) } == "1.0")
        #expect(written { $0.double(.leastNonzeroMagnitude) } == "5e-324")
        #expect(written { $0.beginArray(); $0.double(.nan); $0.double(.infinity); $0.endArray() } == "[null,null]")
    }

    @Test("removeAll starts a new document")
    func removeAllResets() {
        var writer = JSONWriter()
        writer.integer(1)
        writer.removeAll()
        writer.integer(2)
        #expect(writer.bytes == Array("2".utf8))
    }
}
