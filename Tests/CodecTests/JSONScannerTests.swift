import Codec
import Testing

@Suite("JSONScanner pull reading")
struct JSONScannerTests {
    /// Runs `body` on a scanner over `json`.
    @discardableResult
    private func scan<T>(_ json: String, _ body: (inout JSONScanner) throws -> T) throws -> T {
        try Array(json.utf8).withUnsafeBytes { input in
            var scanner = JSONScanner(input)
            return try body(&scanner)
        }
    }

    private static let line = #"{"type":"tenancy.visit-completed","case":"TS-2025-000123","occurredAt":"2025-03-04T10:15:00Z","id":"0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10","version":3,"data":{"visitId":"V-3","notes":"Kitchen tidy.","kind":"home"},"causedBy":null,"extra":[1,{"x":true}]}"#

    @Test("an import line is read member by member")
    func readsImportLine() throws {
        var writer = CBORWriter()
        var seen: [String] = []
        var type = "", stream = "", version: Int64 = 0, occurredAt: String?, causedByIsNull = false
        try scan(Self.line) { scanner in
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                seen.append(String(decoding: key, as: UTF8.self))
                if key.elementsEqual("type".utf8) { type = try scanner.readString() }
                else if key.elementsEqual("case".utf8) { stream = try scanner.readString(maximumBytes: 64) }
                else if key.elementsEqual("occurredAt".utf8) { occurredAt = String(decoding: try scanner.readStringBytes(), as: UTF8.self) }
                else if key.elementsEqual("version".utf8) { version = try scanner.readInteger() }
                else if key.elementsEqual("data".utf8) { try scanner.transcodeValue(into: &writer) }
                else if key.elementsEqual("causedBy".utf8) { causedByIsNull = try scanner.readNull() }
                else { try scanner.skipValue() }
            }
            try scanner.end()
        }
        #expect(seen == ["type", "case", "occurredAt", "id", "version", "data", "causedBy", "extra"])
        #expect(type == "tenancy.visit-completed")
        #expect(stream == "TS-2025-000123")
        #expect(version == 3)
        #expect(occurredAt == "2025-03-04T10:15:00Z")
        #expect(causedByIsNull)
        #expect(try CBORValue(decoding: writer.bytes) == ["visitId": "V-3", "notes": "Kitchen tidy.", "kind": "home"])
    }

    @Test("escaped keys and strings are unescaped")
    func escapedKeysAndStrings() throws {
        let (key, value, bytes) = try scan(#"{"ty\u0070e":"a\"b\u00e9","k":"\ud83d\ude00"}"#) { scanner in
            try scanner.beginObject()
            let key = String(decoding: try scanner.nextKey()!, as: UTF8.self)
            let value = try scanner.readString()
            _ = try scanner.nextKey()
            let bytes = Array(try scanner.readStringBytes())
            #expect(try scanner.nextKey() == nil)
            try scanner.end()
            return (key, value, bytes)
        }
        #expect(key == "type")
        #expect(value == "a\"b\u{E9}")
        #expect(bytes == [0xF0, 0x9F, 0x98, 0x80])
    }

    @Test("readNull consumes null and leaves any other value unread")
    func readNullPeeks() throws {
        try scan(#"[null, 5]"#) { scanner in
            try scanner.beginArray()
            #expect(try scanner.nextElement())
            #expect(try scanner.readNull())
            #expect(try scanner.nextElement())
            #expect(try scanner.readNull() == false)
            #expect(try scanner.readInteger() == 5)
            #expect(try scanner.nextElement() == false)
            try scanner.end()
        }
    }

    @Test("peekKind tells the next value's kind without consuming it")
    func peekKind() throws {
        let kinds = try scan(#"[{}, [], "s", -1, true, false, null]"#) { scanner in
            var kinds: [JSONScanner.Kind] = []
            try scanner.beginArray()
            while try scanner.nextElement() {
                kinds.append(try scanner.peekKind())
                try scanner.skipValue()
            }
            return kinds
        }
        #expect(kinds == [.object, .array, .string, .number, .bool, .bool, .null])
    }

    @Test("readBool, readInteger and readDouble read their kinds and reject others")
    func typedReads() throws {
        try scan(#"[true,false,-42,2.5,"x",1.5]"#) { scanner in
            try scanner.beginArray()
            _ = try scanner.nextElement(); #expect(try scanner.readBool() == true)
            _ = try scanner.nextElement(); #expect(try scanner.readBool() == false)
            _ = try scanner.nextElement(); #expect(try scanner.readInteger() == -42)
            _ = try scanner.nextElement(); #expect(try scanner.readDouble() == 2.5)
            _ = try scanner.nextElement()
            #expect(throws: JSONError(offset: 20, message: "expected an integer, found a string")) { try scanner.readInteger() }
            #expect(throws: JSONError(offset: 20, message: "expected a Boolean, found a string")) { try scanner.readBool() }
            _ = try scanner.readString()
            _ = try scanner.nextElement()
            #expect(throws: JSONError(offset: 24, message: "expected an integer, found a number with a fraction or exponent")) {
                try scanner.readInteger()
            }
        }
    }

    @Test("readString(maximumBytes:) rejects longer strings before allocating")
    func maximumBytes() throws {
        try scan(#""abcdef""#) { scanner in
            #expect(throws: JSONError(offset: 0, message: "string longer than 5 bytes")) { try scanner.readString(maximumBytes: 5) }
        }
        #expect(try scan(#""abcde""#) { try $0.readString(maximumBytes: 5) } == "abcde")
        #expect(try scan(#""\u00e9\u00e9""#) { try $0.readString(maximumBytes: 4) } == "\u{E9}\u{E9}")
    }

    @Test("the offset moves past each value read")
    func offsetAdvances() throws {
        try scan(#"{"a": "xyz" }"#) { scanner in
            #expect(scanner.offset == 0)
            try scanner.beginObject()
            #expect(scanner.offset == 1)
            _ = try scanner.nextKey()
            #expect(scanner.offset == 5)
            _ = try scanner.readString()
            #expect(scanner.offset == 11)
        }
    }

    @Test("misuse and malformed members are reported as errors")
    func pullErrors() throws {
        try scan(#"[1]"#) { scanner in
            #expect(throws: JSONError(offset: 0, message: "expected an object, found an array")) { try scanner.beginObject() }
            try scanner.beginArray()
            #expect(throws: JSONError(offset: 1, message: "nextKey() called outside an object")) { try scanner.nextKey() }
        }
        try scan(#"{"a":1 "b":2}"#) { scanner in
            try scanner.beginObject()
            _ = try scanner.nextKey()
            _ = try scanner.readInteger()
            #expect(throws: JSONError(offset: 7, message: "expected ',' or '}' after an object member")) { try scanner.nextKey() }
        }
        try scan(#"{"a":1}"#) { scanner in
            try scanner.beginObject()
            #expect(throws: JSONError(offset: 1, message: "end() called inside an open object")) { try scanner.end() }
        }
        try scan(#"{}  x"#) { scanner in
            try scanner.beginObject()
            #expect(try scanner.nextKey() == nil)
            #expect(throws: JSONError(offset: 4, message: "trailing characters after the value")) { try scanner.end() }
        }
        try scan(#"{"a":{"k":1,"k":2}}"#) { scanner in
            try scanner.beginObject()
            _ = try scanner.nextKey()
            var writer = CBORWriter()
            #expect(throws: JSONError(offset: 12, message: #"duplicate key "k""#)) { try scanner.transcodeValue(into: &writer) }
        }
    }

    @Test("nesting counts objects opened by the pull reader too")
    func depthIncludesPullLevels() throws {
        let json = "{\"a\":" + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}"
        try scan(json) { scanner in
            try scanner.beginObject()
            _ = try scanner.nextKey()
            var writer = CBORWriter()
            try scanner.transcodeValue(into: &writer)
            #expect(try scanner.nextKey() == nil)
            try scanner.end()
        }
        let tooDeep = "{\"a\":" + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}"
        try scan(tooDeep) { scanner in
            try scanner.beginObject()
            _ = try scanner.nextKey()
            #expect(throws: JSONError(offset: 68, message: "nested more than 64 deep")) { try scanner.skipValue() }
        }
    }
}
