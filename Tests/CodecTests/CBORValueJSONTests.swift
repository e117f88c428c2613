import Codec
import Testing

/// `CBORValue(json:)`: one JSON value read into a typed value, or a `JSONError`.
@Suite("A JSON value as a typed value")
struct CBORValueJSONTests {
    func value(_ text: String) throws(JSONError) -> CBORValue {
        let bytes = Array(text.utf8)
        let result: Result<CBORValue, JSONError> = bytes.withUnsafeBytes { raw in
            do throws(JSONError) { return .success(try CBORValue(json: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    @Test("an object with nested values reads as the map it is")
    func object() throws {
        #expect(try value(#" {"b":[1,true,null],"a":"x"} "#) == ["a": "x", "b": [1, true, nil]])
    }

    @Test("what is not exactly one JSON value is refused", arguments: ["", "{", "1 2", "[1,]", "\"\\x\""])
    func refused(text: String) {
        #expect(throws: JSONError.self) { try value(text) }
    }
}
