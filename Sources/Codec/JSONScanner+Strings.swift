/// A JSON string located in the input by `JSONScanner.scanString()`, already checked.
struct JSONStringToken {
    /// Offset of the first byte after the opening quote.
    var start: Int
    /// Offset of the closing quote.
    var end: Int
    /// UTF-8 bytes of the string once unescaped.
    var decodedCount: Int

    /// True when unescaping changes the bytes (every escape is longer than what it stands for).
    var hasEscapes: Bool { decodedCount != end - start }
}

extension JSONScanner {
    /// Reads a string value. Fails when the next value is not a string or the string is not
    /// valid (bad escape, unpaired surrogate, raw control character, invalid UTF-8, no closing
    /// quote). Costs one pass over the string and the `String`'s allocation (none up to 15 bytes).
    public mutating func readString() throws(JSONError) -> String {
        try readString(maximumBytes: .max)
    }

    /// Reads a string value of at most `maximumBytes` UTF-8 bytes once unescaped; fails, before
    /// allocating, when it is longer. Otherwise as `readString()`.
    public mutating func readString(maximumBytes: Int) throws(JSONError) -> String {
        let token = try expectString()
        guard token.decodedCount <= maximumBytes else {
            throw JSONError(offset: token.start - 1, message: "string longer than \(maximumBytes) bytes")
        }
        if !token.hasEscapes {
            return String(decoding: UnsafeRawBufferPointer(rebasing: input[token.start..<token.end]), as: UTF8.self)
        }
        let input = self.input
        return String(unsafeUninitializedCapacity: token.decodedCount) { buffer in
            Self.unescape(token, in: input, into: UnsafeMutableRawPointer(buffer.baseAddress!))
            return token.decodedCount
        }
    }

    /// Reads a string value's unescaped UTF-8 bytes without allocating: they point into the
    /// input, or into the scanner's scratch memory when the string has escapes, and are valid
    /// until the next call on the scanner. Fails as `readString()`.
    public mutating func readStringBytes() throws(JSONError) -> UnsafeRawBufferPointer {
        let token = try expectString()
        if !token.hasEscapes {
            return UnsafeRawBufferPointer(rebasing: input[token.start..<token.end])
        }
        if scratch == nil { scratch = UnescapeScratch() }
        let destination = scratch!.reserve(token.decodedCount)
        Self.unescape(token, in: input, into: destination)
        return UnsafeRawBufferPointer(start: destination, count: token.decodedCount)
    }

    /// Scans the string value that must come next.
    @inline(__always)
    mutating func expectString() throws(JSONError) -> JSONStringToken {
        let byte = try peekByte()
        guard byte == UInt8(ascii: "\"") else {
            throw JSONError(offset: offset, message: "expected a string, found \(Self.describe(byte))")
        }
        return try scanString()
    }

    /// Checks the string whose opening quote is at `offset` and moves past its closing quote.
    /// Plain ASCII runs are skipped eight bytes at a time.
    @inline(__always)
    mutating func scanString() throws(JSONError) -> JSONStringToken {
        let quote = offset
        let count = input.count
        let base = input.baseAddress!
        var i = quote + 1
        var removed = 0
        while true {
            while i &+ 16 <= count {
                let first = UTF8Validation.jsonStringSpecials(UTF8Validation.word(base, i))
                let second = UTF8Validation.jsonStringSpecials(UTF8Validation.word(base, i &+ 8))
                if first | second == 0 {
                    i &+= 16
                    continue
                }
                i &+= first != 0 ? first.trailingZeroBitCount >> 3 : 8 &+ second.trailingZeroBitCount >> 3
                break
            }
            if i &+ 8 <= count {
                let specials = UTF8Validation.jsonStringSpecials(UTF8Validation.word(base, i))
                i &+= specials != 0 ? specials.trailingZeroBitCount >> 3 : 8
                if specials == 0 { continue }
            }
            guard i < count else { throw JSONError(offset: quote, message: "unterminated string") }
            let byte = input[i]
            if byte == UInt8(ascii: "\"") {
                offset = i + 1
                return JSONStringToken(start: quote + 1, end: i, decodedCount: i - quote - 1 - removed)
            } else if byte == UInt8(ascii: "\\") {
                let (rawLength, decodedLength) = try escape(at: i, quote: quote)
                i += rawLength
                removed += rawLength - decodedLength
            } else if byte < 0x20 {
                throw JSONError(offset: i, message: "control character 0x\(ErrorSnippet.hex(byte, width: 2)) in a string (must be escaped)")
            } else if byte >= 0x80 {
                let length = UTF8Validation.sequenceLength(base, at: i, end: count)
                guard length > 0 else { throw JSONError(offset: i, message: "invalid UTF-8") }
                i += length
            } else {
                i += 1
            }
        }
    }

    /// Checks the escape whose backslash is at `i`: its length in the input and in UTF-8.
    func escape(at i: Int, quote: Int) throws(JSONError) -> (raw: Int, decoded: Int) {
        guard i + 1 < input.count else { throw JSONError(offset: quote, message: "unterminated string") }
        let letter = input[i + 1]
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return (2, 1)
        case UInt8(ascii: "u"):
            guard let unit = hex4(at: i + 2) else {
                throw JSONError(offset: i, message: "invalid \\u escape (expected four hex digits)")
            }
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 12 <= input.count, input[i + 6] == UInt8(ascii: "\\"), input[i + 7] == UInt8(ascii: "u"),
                      let low = hex4(at: i + 8), (0xDC00...0xDFFF).contains(low)
                else { throw unpairedSurrogate(unit, at: i) }
                return (12, 4)
            case 0xDC00...0xDFFF:
                throw unpairedSurrogate(unit, at: i)
            case 0..<0x80:
                return (6, 1)
            case 0x80..<0x800:
                return (6, 2)
            default:
                return (6, 3)
            }
        default:
            let shown = (0x21...0x7E).contains(letter) ? "'\\\(Character(Unicode.Scalar(letter)))'" : "(backslash before \(ErrorSnippet.byte(letter)))"
            throw JSONError(offset: i, message: "invalid escape \(shown)")
        }
    }

    func unpairedSurrogate(_ unit: UInt32, at offset: Int) -> JSONError {
        let digits = String(unit, radix: 16, uppercase: true)
        return JSONError(offset: offset, message: "unpaired surrogate \\u\(digits) (use a \\uD800-\\uDBFF \\uDC00-\\uDFFF pair)")
    }

    /// The four hex digits at `i` as a number; nil when they are not four hex digits.
    @inline(__always)
    func hex4(at i: Int) -> UInt32? {
        Self.hex4(in: input, at: i)
    }

    @inline(__always)
    static func hex4(in input: UnsafeRawBufferPointer, at i: Int) -> UInt32? {
        guard i + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let byte = input[k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Writes the unescaped bytes of `token` (already checked) to `destination`, which has room
    /// for `token.decodedCount` bytes.
    static func unescape(_ token: JSONStringToken, in input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer) {
        let base = input.baseAddress!
        var i = token.start
        var o = 0
        @inline(__always) func put(_ byte: UInt32) {
            destination.storeBytes(of: UInt8(truncatingIfNeeded: byte), toByteOffset: o, as: UInt8.self)
            o += 1
        }
        while i < token.end {
            var run = i
            while run < token.end, input[run] != UInt8(ascii: "\\") { run += 1 }
            if run > i {
                (destination + o).copyMemory(from: base + i, byteCount: run - i)
                o += run - i
                i = run
                if i == token.end { break }
            }
            switch input[i + 1] {
            case UInt8(ascii: "b"): put(0x08); i += 2
            case UInt8(ascii: "f"): put(0x0C); i += 2
            case UInt8(ascii: "n"): put(0x0A); i += 2
            case UInt8(ascii: "r"): put(0x0D); i += 2
            case UInt8(ascii: "t"): put(0x09); i += 2
            case UInt8(ascii: "u"):
                var scalar = hex4(in: input, at: i + 2) ?? 0
                i += 6
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = hex4(in: input, at: i + 2) ?? 0xDC00
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                switch scalar {
                case 0..<0x80:
                    put(scalar)
                case 0x80..<0x800:
                    put(0xC0 | scalar >> 6); put(0x80 | scalar & 0x3F)
                case 0x800..<0x10000:
                    put(0xE0 | scalar >> 12); put(0x80 | scalar >> 6 & 0x3F); put(0x80 | scalar & 0x3F)
                default:
                    put(0xF0 | scalar >> 18); put(0x80 | scalar >> 12 & 0x3F)
                    put(0x80 | scalar >> 6 & 0x3F); put(0x80 | scalar & 0x3F)
                }
            case let letter: put(UInt32(letter)); i += 2
            }
        }
    }
}

/// Heap memory for unescaped keys and strings, grown by doubling and freed with the scanner.
final class UnescapeScratch {
    private var pointer: UnsafeMutableRawPointer
    private var capacity: Int

    init() {
        capacity = 256
        pointer = .allocate(byteCount: capacity, alignment: 1)
    }

    /// Memory for at least `count` bytes (the previous contents are not kept).
    func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(byteCount: capacity, alignment: 1)
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}
