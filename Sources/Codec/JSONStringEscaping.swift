// Writing JSON strings: quote, escape what JSON requires and every other control character,
// copy the rest in runs.
//
// JSON requires only `"`, `\` and U+0000…U+001F to be escaped. DEL and the C1 controls
// (U+0080…U+009F: U+009B is the terminal's CSI, as ESC [ is) are escaped too, as \u007f and
// \u0080…\u009f, so that no output of caselog carries a control character a caseworker typed,
// whatever reads it: a terminal showing `caselog case --format json` acts on raw ones.

extension ScratchOutput {
    /// True when some byte of `utf8` is `"`, `\`, a control character or not ASCII (which may
    /// begin a C1 control).
    static func needsEscaping(_ utf8: UnsafeRawBufferPointer) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        var i = 0
        while i + 8 <= utf8.count {
            if UTF8Validation.jsonOutputSpecials(UTF8Validation.word(base, i)) != 0 { return true }
            i += 8
        }
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x7F { return true }
            i += 1
        }
        return false
    }

    /// Appends `utf8` as a quoted, escaped JSON string. With `checkingUTF8`, stops at the first
    /// byte that does not begin a well-formed character and returns its offset in `utf8`.
    /// `readable` (≥ `utf8.count`) is how many bytes from `utf8`'s start may be read, so that
    /// short strings and tails are checked a word at a time too. Runs without anything to
    /// escape are scanned eight bytes at a time and copied whole.
    mutating func appendJSONString(_ utf8: UnsafeRawBufferPointer, readable: Int, checkingUTF8: Bool) -> Int? {
        let length = utf8.count
        reserve(length + 2)
        append(UInt8(ascii: "\""))
        guard let source = utf8.baseAddress, length > 0 else {
            append(UInt8(ascii: "\""))
            return nil
        }
        @inline(__always) func specials(at offset: Int) -> UInt64 {
            UTF8Validation.jsonOutputSpecials(UTF8Validation.word(source, offset))
        }
        var runStart = 0
        var i = 0
        while i < length {
            if i &+ 16 <= length, specials(at: i) | specials(at: i &+ 8) == 0 {
                i &+= 16
                continue
            }
            if i &+ 8 <= readable {
                var found = specials(at: i)
                if i &+ 8 > length { found &= (1 &<< UInt64((length &- i) &* 8)) &- 1 }
                if found == 0 {
                    i &+= 8
                    continue
                }
                i &+= found.trailingZeroBitCount >> 3
            }
            let byte = utf8[i]
            if byte >= 0x80 {
                let sequence: Int
                if checkingUTF8 {
                    sequence = UTF8Validation.sequenceLength(source, at: i, end: length)
                    if sequence == 0 { return i }
                } else {
                    // A String's UTF-8, well-formed: the lead byte gives the length.
                    sequence = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                }
                // A C1 control, C2 80…C2 9F (well-formed: a checked sequence, or a String's).
                if byte == 0xC2, i + 1 < length, utf8[i + 1] <= 0x9F {
                    append(source + runStart, count: i - runStart)
                    appendUnicodeEscape(utf8[i + 1])
                    i += 2
                    runStart = i
                    continue
                }
                i += sequence
                continue
            }
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte == 0x7F else {
                i += 1
                continue
            }
            append(source + runStart, count: i - runStart)
            reserve(6)
            append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
            case 0x0A: append(UInt8(ascii: "n"))
            case 0x0D: append(UInt8(ascii: "r"))
            case 0x09: append(UInt8(ascii: "t"))
            case 0x08: append(UInt8(ascii: "b"))
            case 0x0C: append(UInt8(ascii: "f"))
            default:
                append(UInt8(ascii: "u")); append(UInt8(ascii: "0")); append(UInt8(ascii: "0"))
                append(Self.hexDigit(byte >> 4)); append(Self.hexDigit(byte & 0x0F))
            }
            i += 1
            runStart = i
        }
        if runStart < length { append(source + runStart, count: length - runStart) }
        append(UInt8(ascii: "\""))
        return nil
    }

    /// Appends `\u00XX` for the character U+00XX, `code`.
    private mutating func appendUnicodeEscape(_ code: UInt8) {
        reserve(6)
        append(UInt8(ascii: "\\")); append(UInt8(ascii: "u")); append(UInt8(ascii: "0")); append(UInt8(ascii: "0"))
        append(Self.hexDigit(code >> 4)); append(Self.hexDigit(code & 0x0F))
    }

    /// The lower-case hex digit for `nibble` (0…15).
    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}
