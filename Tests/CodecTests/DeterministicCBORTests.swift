import Codec
import Testing

@Suite("DeterministicCBOR")
struct DeterministicCBORTests {
    private func rejection(_ hex: String, requireMap: Bool = false, maximumDepth: Int = 64) -> CBORError? {
        CodecTestSupport.validationError(CodecTestSupport.bytes(hex), requireMap: requireMap, maximumDepth: maximumDepth)
    }

    @Test("every Appendix A encoding inside the data model is accepted")
    func acceptsAppendixA() {
        for hex in ["00", "17", "1818", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000", "20", "3903e7",
                    "f90000", "f98000", "f93e00", "f97bff", "fa47c35000", "fb3ff199999999999a", "f90001",
                    "f4", "f5", "f6", "60", "6449455446", "62c3bc", "64f0908591", "80", "8301820203820405",
                    "a0", "a26161016162820203", "826161a161626163", "1b7fffffffffffffff", "3b7fffffffffffffff"] {
            #expect(rejection(hex) == nil, "\(hex)")
        }
        #expect(rejection("a26161016162820203", requireMap: true) == nil)
    }

    @Test("keys out of order are rejected at the offending key")
    func rejectsUnsortedKeys() {
        #expect(rejection("a2 6162 01 6161 02") == CBORError(offset: 4, message: "map key \"a\" out of order (keys sort shorter first, then bytewise)"))
        #expect(rejection("a2 626161 01 6162 02")?.offset == 5)
    }

    @Test("a repeated key is rejected as a duplicate")
    func rejectsDuplicateKeys() {
        #expect(rejection("a2 6161 01 6161 02") == CBORError(offset: 4, message: "duplicate key \"a\""))
    }

    @Test("integers and lengths not in their shortest form are rejected")
    func rejectsNonShortestHeads() {
        let expected = CBORError(offset: 0, message: "integer or length not in its shortest form")
        #expect(rejection("1817") == expected)
        #expect(rejection("190017") == expected)
        #expect(rejection("1a000000ff") == expected)
        #expect(rejection("1b00000000ffffffff") == expected)
        #expect(rejection("3817") == expected)
        #expect(rejection("780161") == expected)
        #expect(rejection("980101") == expected)
        #expect(rejection("b801616101") == expected)
    }

    @Test("floats that a narrower width holds exactly are rejected")
    func rejectsNonPreferredFloats() {
        #expect(rejection("fb3ff8000000000000") == CBORError(offset: 0, message: "float not in its shortest form (fits single precision)"))
        #expect(rejection("fa3fc00000") == CBORError(offset: 0, message: "float not in its shortest form (fits half precision)"))
        #expect(rejection("fb40f86a0000000000")?.message == "float not in its shortest form (fits single precision)")
        #expect(rejection("fa80000000") != nil)
    }

    @Test("NaN and infinities are rejected because JSON cannot carry them")
    func rejectsNonFiniteFloats() {
        for hex in ["f97e00", "f97c00", "f9fc00", "f97e01", "fa7fc00000", "fb7ff8000000000000"] {
            #expect(rejection(hex)?.message == "NaN and infinities are not allowed (JSON has no form for them)", "\(hex)")
        }
    }

    @Test("indefinite lengths are rejected")
    func rejectsIndefiniteLengths() {
        #expect(rejection("9f01ff") == CBORError(offset: 0, message: "indefinite lengths are not allowed"))
        #expect(rejection("7f6161ff")?.message == "indefinite lengths are not allowed")
        #expect(rejection("bf616101ff")?.message == "indefinite lengths are not allowed")
    }

    @Test("byte strings, tags and simple values outside false, true and null are rejected")
    func rejectsItemsOutsideTheDataModel() {
        #expect(rejection("4100") == CBORError(offset: 0, message: "byte strings are not allowed"))
        #expect(rejection("c074323031332d30332d32315432303a30343a30305a") == CBORError(offset: 0, message: "tags are not allowed"))
        #expect(rejection("f7") == CBORError(offset: 0, message: "undefined is not allowed"))
        #expect(rejection("f0") == CBORError(offset: 0, message: "simple value 16 is not allowed"))
        #expect(rejection("f8ff") == CBORError(offset: 0, message: "simple value 255 is not allowed"))
        #expect(rejection("1c") == CBORError(offset: 0, message: "reserved additional information 28"))
        #expect(rejection("a1 01 02") == CBORError(offset: 1, message: "map keys must be text strings"))
        #expect(rejection("82 01 41 00") == CBORError(offset: 2, message: "byte strings are not allowed"))
    }

    @Test("invalid UTF-8 is rejected at the first bad byte")
    func rejectsInvalidUTF8() {
        let expected = "invalid UTF-8 in a text string"
        #expect(rejection("62 c3 28") == CBORError(offset: 1, message: expected))
        #expect(rejection("63 61 c0 af") == CBORError(offset: 2, message: expected))   // overlong '/'
        #expect(rejection("63 ed a0 80") == CBORError(offset: 1, message: expected))   // surrogate U+D800
        #expect(rejection("64 f4 90 80 80") == CBORError(offset: 1, message: expected)) // above U+10FFFF
        #expect(rejection("61 ff") == CBORError(offset: 1, message: expected))
        #expect(rejection("a1 61 80 01")?.offset == 2)
    }

    @Test("integers outside Int64 are rejected")
    func rejectsIntegersBeyondInt64() {
        #expect(rejection("1b8000000000000000") == CBORError(offset: 0, message: "integer outside the 64-bit signed range"))
        #expect(rejection("3b8000000000000000") == CBORError(offset: 0, message: "integer outside the 64-bit signed range"))
    }

    @Test("trailing and truncated bytes are rejected")
    func rejectsTrailingAndTruncatedBytes() {
        #expect(rejection("0000") == CBORError(offset: 1, message: "trailing bytes after the item"))
        #expect(rejection("6261") == CBORError(offset: 0, message: "truncated: text string longer than the input"))
        #expect(rejection("19 01") == CBORError(offset: 0, message: "truncated: the input ends inside an item"))
        #expect(rejection("82 01") == CBORError(offset: 2, message: "truncated: the input ends inside an item"))
        #expect(rejection("a1 6161") == CBORError(offset: 3, message: "truncated: the input ends inside an item"))
        #expect(rejection("") == CBORError(offset: 0, message: "truncated: the input ends inside an item"))
        #expect(rejection("7b ffffffffffffffff 00")?.message == "truncated: text string longer than the input")
        #expect(rejection("9b 7fffffffffffffff 00")?.offset == 10)
    }

    @Test("requireMap rejects any other outermost item")
    func requireMapRejectsOtherItems() {
        #expect(rejection("01", requireMap: true) == CBORError(offset: 0, message: "expected a map"))
        #expect(rejection("80", requireMap: true) == CBORError(offset: 0, message: "expected a map"))
        #expect(rejection("", requireMap: true) == CBORError(offset: 0, message: "empty input (expected a map)"))
    }

    @Test("nesting deeper than the maximum depth is rejected at the first item too deep")
    func rejectsDeepNesting() {
        let sixtyFour = String(repeating: "81", count: 63) + "80"
        let sixtyFive = String(repeating: "81", count: 64) + "80"
        #expect(rejection(sixtyFour) == nil)
        #expect(rejection(sixtyFive) == CBORError(offset: 64, message: "nested more than 64 deep"))
        #expect(rejection("a1616181 80", maximumDepth: 2) == CBORError(offset: 4, message: "nested more than 2 deep"))
    }
}
