/// UTF-8 checks and eight-bytes-at-a-time scans shared by the JSON and CBOR code.
///
/// Well-formed UTF-8 is RFC 3629: no overlong forms, no surrogates (U+D800…U+DFFF), nothing above
/// U+10FFFF. Every function works on caller memory and allocates nothing.
enum UTF8Validation {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `p + offset` as a little-endian word (byte 0 in the low bits).
    @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Non-zero when some byte of `word` is `"`, `\`, below 0x20 or above 0x7F; the lowest set
    /// bit is then in the first such byte (carries only run upward from a true match).
    @inline(__always)
    static func jsonStringSpecials(_ word: UInt64) -> UInt64 {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        let control = word &- ones &* 0x20
        return (quoteZero | backslashZero | control | word) & highBits
    }

    /// Non-zero when some byte of `word` is `"`, `\`, below 0x20 (what JSON must escape), DEL
    /// or above 0x7F (a character to check, or a C1 control to escape, as the JSON written here
    /// does); the lowest set bit is then in the first such byte. `jsonStringSpecials` and one
    /// add more: DEL + 1 sets its high bit, and a carry out of 0xFF marks only bytes above one
    /// already marked.
    @inline(__always)
    static func jsonOutputSpecials(_ word: UInt64) -> UInt64 {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        let control = word &- ones &* 0x20
        return (quoteZero | backslashZero | control | word | (word &+ ones)) & highBits
    }

    /// The length (2…4) of the well-formed multi-byte sequence at `p[offset]` (a byte ≥ 0x80)
    /// that ends before `end`, or 0 when it is not one.
    @inline(__always)
    static func sequenceLength(_ p: UnsafeRawPointer, at offset: Int, end: Int) -> Int {
        let lead = p.load(fromByteOffset: offset, as: UInt8.self)
        @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset + k < end && (low...high).contains(p.load(fromByteOffset: offset + k, as: UInt8.self))
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The offset of the first byte in `start..<end` that does not begin a well-formed
    /// character, or nil when the whole range is well-formed UTF-8. `readableEnd` (≥ `end`) is
    /// how far memory may be read: words that straddle `end` are masked rather than read byte
    /// by byte. ASCII costs about one instruction per eight bytes.
    @inline(__always)
    static func firstInvalidByte(_ p: UnsafeRawPointer, from start: Int, to end: Int, readableEnd: Int) -> Int? {
        var i = start
        while i < end {
            if i &+ 16 <= end {
                if (word(p, i) | word(p, i &+ 8)) & highBits == 0 {
                    i &+= 16
                    continue
                }
            }
            if i &+ 8 <= readableEnd {
                var high = word(p, i) & highBits
                if i &+ 8 > end { high &= (1 &<< UInt64((end &- i) &* 8)) &- 1 }
                if high == 0 {
                    i &+= 8
                    continue
                }
                i &+= high.trailingZeroBitCount >> 3
            }
            let byte = p.load(fromByteOffset: i, as: UInt8.self)
            if byte < 0x80 {
                i &+= 1
                continue
            }
            let length = sequenceLength(p, at: i, end: end)
            if length == 0 { return i }
            i &+= length
        }
        return nil
    }
}
