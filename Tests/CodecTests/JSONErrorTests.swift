import Codec
import Testing

@Suite("JSON errors")
struct JSONErrorTests {
    private func error(_ json: String) -> JSONError? { CodecTestSupport.transcodeError(json) }
    private func error(_ bytes: [UInt8]) -> JSONError? { CodecTestSupport.transcodeError(bytes) }

    @Test("the description counts columns from 1")
    func descriptionIsColumn() {
        #expect(JSONError(offset: 6, message: "unterminated string").description == "column 7: unterminated string")
    }

    @Test("a missing separator names what was expected")
    func missingSeparators() {
        #expect(error(#"{"a":1 "b":2}"#) == JSONError(offset: 7, message: "expected ',' or '}' after an object member"))
        #expect(error("[1 2]") == JSONError(offset: 3, message: "expected ',' or ']' after an array element"))
        #expect(error(#"{"a" 1}"#) == JSONError(offset: 5, message: "expected ':' after an object key"))
        #expect(error("{1:2}") == JSONError(offset: 1, message: "expected a string key, found a number"))
        #expect(error(#"{"a":1,}"#) == JSONError(offset: 7, message: "trailing comma before '}'"))
        #expect(error("[1,]") == JSONError(offset: 3, message: "trailing comma before ']'"))
        #expect(error("[,1]") == JSONError(offset: 1, message: "expected a JSON value, found ','"))
    }

    @Test("input that ends early is reported at its end")
    func unexpectedEnd() {
        #expect(error("") == JSONError(offset: 0, message: "unexpected end of input"))
        #expect(error(#"{"a":"#) == JSONError(offset: 5, message: "unexpected end of input"))
        #expect(error("[1,") == JSONError(offset: 3, message: "unexpected end of input"))
        #expect(error("[1") == JSONError(offset: 2, message: "unexpected end of input"))
        #expect(error("-") == JSONError(offset: 1, message: "unexpected end of input"))
        #expect(error("1.") == JSONError(offset: 2, message: "unexpected end of input"))
        #expect(error("1e+") == JSONError(offset: 3, message: "unexpected end of input"))
    }

    @Test("bad strings are reported where the problem is")
    func badStrings() {
        #expect(error(#""ab\qc""#) == JSONError(offset: 3, message: #"invalid escape '\q'"#))
        #expect(error(#"["abc"#) == JSONError(offset: 1, message: "unterminated string"))
        #expect(error(#""abc\"#) == JSONError(offset: 0, message: "unterminated string"))
        #expect(error([0x22, 0x61, 0x01, 0x62, 0x22]) == JSONError(offset: 2, message: "control character 0x01 in a string (must be escaped)"))
        #expect(error("\"a\nb\"") == JSONError(offset: 2, message: "control character 0x0A in a string (must be escaped)"))
        #expect(error(#""\u12G4""#) == JSONError(offset: 1, message: #"invalid \u escape (expected four hex digits)"#))
        #expect(error(#""\u12""#) == JSONError(offset: 1, message: #"invalid \u escape (expected four hex digits)"#))
    }

    @Test("lone surrogates are rejected")
    func loneSurrogates() {
        let message = #"(use a \uD800-\uDBFF \uDC00-\uDFFF pair)"#
        #expect(error(#""\uD800""#) == JSONError(offset: 1, message: #"unpaired surrogate \uD800 "# + message))
        #expect(error(#""x\uDC00""#) == JSONError(offset: 2, message: #"unpaired surrogate \uDC00 "# + message))
        #expect(error(#""\uD800\u0041""#)?.offset == 1)
        #expect(error(#""\uDBFF\uDBFF""#)?.offset == 1)
    }

    @Test("invalid UTF-8 is rejected at the first bad byte")
    func invalidUTF8() {
        let message = "invalid UTF-8"
        #expect(error([0x22, 0x61, 0xC3, 0x28, 0x22]) == JSONError(offset: 2, message: message))
        #expect(error([0x22, 0xC0, 0xAF, 0x22]) == JSONError(offset: 1, message: message))       // overlong
        #expect(error([0x22, 0xED, 0xA0, 0x80, 0x22]) == JSONError(offset: 1, message: message)) // surrogate
        #expect(error([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == JSONError(offset: 1, message: message))
        #expect(error([0x22, 0xE2, 0x82, 0x22]) == JSONError(offset: 1, message: message))       // cut short
        #expect(error([0x22] + Array(repeating: 0x61, count: 20) + [0xFF, 0x22]) == JSONError(offset: 21, message: message))
        #expect(error([0xC3, 0xA9]) == JSONError(offset: 0, message: "expected a JSON value, found byte 0xC3"))
    }

    @Test("numbers outside JSON's grammar are rejected")
    func invalidNumbers() {
        #expect(error("01") == JSONError(offset: 0, message: "invalid number (leading zero)"))
        #expect(error("-01") == JSONError(offset: 0, message: "invalid number (leading zero)"))
        #expect(error("-a") == JSONError(offset: 1, message: "invalid number (expected a digit after '-')"))
        #expect(error("1.e5") == JSONError(offset: 2, message: "invalid number (expected a digit after '.')"))
        #expect(error("1ex") == JSONError(offset: 2, message: "invalid number (expected a digit in the exponent)"))
        #expect(error(".5") == JSONError(offset: 0, message: "expected a JSON value, found '.'"))
        #expect(error("+1") == JSONError(offset: 0, message: "expected a JSON value, found '+'"))
        #expect(error("NaN") == JSONError(offset: 0, message: "expected a JSON value, found 'N'"))
        #expect(error("Infinity") == JSONError(offset: 0, message: "expected a JSON value, found 'I'"))
        #expect(error("0x10") == JSONError(offset: 1, message: "trailing characters after the value"))
    }

    @Test("numbers beyond Int64 or Double are out of range")
    func outOfRange() {
        let message = "number out of range"
        #expect(error("9223372036854775808") == JSONError(offset: 0, message: message))
        #expect(error("-9223372036854775809") == JSONError(offset: 0, message: message))
        #expect(error("[1,99999999999999999999]") == JSONError(offset: 3, message: message))
        #expect(error("1e400") == JSONError(offset: 0, message: message))
        #expect(error("-1.8e308") == JSONError(offset: 0, message: message))
    }

    @Test("misspelt literals are rejected")
    func misspeltLiterals() {
        let message = "invalid literal (expected true, false or null)"
        #expect(error("tru") == JSONError(offset: 0, message: message))
        #expect(error("[nul]") == JSONError(offset: 1, message: message))
        #expect(error("fals") == JSONError(offset: 0, message: message))
        #expect(error("True") == JSONError(offset: 0, message: "expected a JSON value, found 'T'"))
        #expect(error("truex") == JSONError(offset: 4, message: "trailing characters after the value"))
    }

    @Test("nesting deeper than 64 is rejected at the bracket too deep")
    func deepNesting() {
        let sixtyFour = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(error(sixtyFour) == nil)
        let sixtyFive = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(error(sixtyFive) == JSONError(offset: 64, message: "nested more than 64 deep"))
        #expect(error(String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65))?.offset == 320)
    }

    @Test("a repeated key is rejected, naming the key, at its second occurrence")
    func duplicateKeys() {
        #expect(error(#"{"kind":1,"x":2,"kind":3}"#) == JSONError(offset: 16, message: #"duplicate key "kind""#))
        #expect(error(#"{"b":1,"a":2,"b":3,"a":4}"#) == JSONError(offset: 13, message: #"duplicate key "b""#))
        #expect(error(#"{"a":{"k":1,"k":2}}"#) == JSONError(offset: 12, message: #"duplicate key "k""#))
        #expect(error(#"{"\u0061":1,"a":2}"#)?.message == #"duplicate key "a""#)
    }

    @Test("messages quote at most about 40 bytes of the input")
    func messagesAreShort() {
        let secret = String(repeating: "x", count: 500)
        let duplicate = error("{\"\(secret)\":1,\"\(secret)\":2}")
        #expect(duplicate?.offset == 506)
        #expect((duplicate?.message.utf8.count ?? 0) < 60)
        #expect(duplicate?.message.hasSuffix("…\"") == true)
    }

    @Test("anything after the value but whitespace is rejected")
    func trailingCharacters() {
        #expect(error(#"{"a":1} x"#) == JSONError(offset: 8, message: "trailing characters after the value"))
        #expect(error("1 2") == JSONError(offset: 2, message: "trailing characters after the value"))
        #expect(error("{}\n") == nil)
    }
}
