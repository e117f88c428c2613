extension JSONScanner {
    /// Reads the next JSON value and appends it to `writer` as deterministic CBOR.
    ///
    /// Numbers without fraction or exponent become integers (failing with "number out of range"
    /// beyond `Int64`); others become the correctly rounded `Double` in its shortest exact float
    /// width (failing when too large for a `Double`). Object keys are put in deterministic order
    /// (fewer UTF-8 bytes first, then bytewise) and a repeated key fails with "duplicate key".
    /// Fails on any invalid JSON, and nothing is appended to `writer` then.
    ///
    /// Costs one pass over the value; objects whose keys are out of order cost one more copy of
    /// their members. No allocation once `writer` has grown to the largest value.
    public mutating func transcodeValue(into writer: inout CBORWriter) throws(JSONError) {
        var output = ScratchOutput(writer.uniqueScratch())
        try transcode(into: &output, depth: depth)
        writer.bytes.append(contentsOf: output.written)
    }

    /// Skips the next JSON value after checking it completely (numbers for grammar only, not
    /// range; duplicate keys are not looked for). No allocation.
    public mutating func skipValue() throws(JSONError) {
        try skip(depth: depth)
    }

    /// Reads `true` or `false`. Fails when the next value is anything else.
    public mutating func readBool() throws(JSONError) -> Bool {
        let byte = try peekByte()
        guard byte == UInt8(ascii: "t") || byte == UInt8(ascii: "f") else {
            throw JSONError(offset: offset, message: "expected a Boolean, found \(Self.describe(byte))")
        }
        return try literal() == 0xF5
    }

    /// Consumes `null` and returns true; returns false, consuming nothing but whitespace, when
    /// another value comes next. Fails at the end of input or on a misspelt literal.
    public mutating func readNull() throws(JSONError) -> Bool {
        guard try peekByte() == UInt8(ascii: "n") else { return false }
        _ = try literal()
        return true
    }

    mutating func transcode(into output: inout ScratchOutput, depth: Int) throws(JSONError) {
        let byte = try peekByte()
        switch byte {
        case UInt8(ascii: "\""):
            let token = try scanString()
            writeText(token, into: &output)
        case UInt8(ascii: "{"):
            try transcodeObject(into: &output, depth: depth + 1)
        case UInt8(ascii: "["):
            try transcodeArray(into: &output, depth: depth + 1)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            if token.isInteger {
                let limit: UInt64 = token.isNegative ? 1 << 63 : UInt64(Int64.max)
                guard !token.isTruncated, token.mantissa <= limit else {
                    throw JSONError(offset: token.start, message: "number out of range")
                }
                if token.isNegative, token.mantissa > 0 {
                    output.appendHead(major: 1, argument: token.mantissa - 1)
                } else {
                    output.appendHead(major: 0, argument: token.mantissa)
                }
            } else {
                output.appendDouble(try doubleValue(token))
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            output.append(try literal())
        default:
            throw JSONError(offset: offset, message: "expected a JSON value, found \(Self.describe(byte))")
        }
    }

    /// Appends the checked string `token` as a CBOR text string.
    @inline(__always)
    func writeText(_ token: JSONStringToken, into output: inout ScratchOutput) {
        output.appendHead(major: 3, argument: UInt64(token.decodedCount))
        if !token.hasEscapes {
            output.append(input.baseAddress! + token.start, count: token.decodedCount)
            return
        }
        output.reserve(token.decodedCount)
        Self.unescape(token, in: input, into: output.base + output.count)
        output.count += token.decodedCount
    }

    /// Consumes `true`, `false` or `null` and returns its CBOR byte (f5, f4, f6).
    @inline(__always)
    mutating func literal() throws(JSONError) -> UInt8 {
        let remaining = input.count - offset
        if remaining >= 4 {
            let word = UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            if word == 0x6575_7274 { offset += 4; return 0xF5 }  // "true"
            if word == 0x6C6C_756E { offset += 4; return 0xF6 }  // "null"
            if word == 0x736C_6166, remaining >= 5, input[offset + 4] == UInt8(ascii: "e") {  // "fals"
                offset += 5
                return 0xF4
            }
        }
        throw JSONError(offset: offset, message: "invalid literal (expected true, false or null)")
    }

    mutating func transcodeArray(into output: inout ScratchOutput, depth: Int) throws(JSONError) {
        guard depth <= Self.maximumDepth else { throw tooDeep(offset) }
        offset += 1
        let headPosition = output.count
        output.append(0x80)
        if try peekByte() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        var count = 0
        repeat {
            try transcode(into: &output, depth: depth)
            count += 1
        } while try nextInContainer(closing: "]", message: "expected ',' or ']' after an array element")
        output.setHead(major: 4, argument: UInt64(count), at: headPosition)
    }

    mutating func transcodeObject(into output: inout ScratchOutput, depth: Int) throws(JSONError) {
        guard depth <= Self.maximumDepth else { throw tooDeep(offset) }
        offset += 1
        let headPosition = output.count
        output.append(0xA0)
        if try peekByte() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        let spanBase = output.spanCount
        repeat {
            let keyOffset = offset
            let keyStart = output.count
            let byte = try peekByte()
            guard byte == UInt8(ascii: "\"") else {
                throw JSONError(offset: offset, message: "expected a string key, found \(Self.describe(byte))")
            }
            writeText(try scanString(), into: &output)
            let keyEnd = output.count
            guard try peekByte() == UInt8(ascii: ":") else {
                throw JSONError(offset: offset, message: "expected ':' after an object key")
            }
            offset += 1
            try transcode(into: &output, depth: depth)
            output.pushSpan(MemberSpan(keyStart: keyStart, keyEnd: keyEnd, valueEnd: output.count, jsonOffset: keyOffset))
        } while try nextInContainer(closing: "}", message: "expected ',' or '}' after an object member")
        try output.finishMap(headPosition: headPosition, spanBase: spanBase)
    }

    /// After a member: true past a ',' (another member follows), false past `closing`.
    @inline(__always)
    mutating func nextInContainer(closing: Unicode.Scalar, message: @autoclosure () -> String) throws(JSONError) -> Bool {
        let byte = try peekByte()
        if byte == UInt8(ascii: ",") {
            offset += 1
            if try peekByte() == UInt8(ascii: closing) {
                throw JSONError(offset: offset, message: "trailing comma before '\(closing)'")
            }
            return true
        }
        guard byte == UInt8(ascii: closing) else { throw JSONError(offset: offset, message: message()) }
        offset += 1
        return false
    }

    mutating func skip(depth: Int) throws(JSONError) {
        let byte = try peekByte()
        switch byte {
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            _ = try literal()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let isObject = byte == UInt8(ascii: "{")
            guard depth + 1 <= Self.maximumDepth else { throw tooDeep(offset) }
            offset += 1
            let closing: Unicode.Scalar = isObject ? "}" : "]"
            if try peekByte() == UInt8(ascii: closing) {
                offset += 1
                return
            }
            repeat {
                if isObject {
                    let keyByte = try peekByte()
                    guard keyByte == UInt8(ascii: "\"") else {
                        throw JSONError(offset: offset, message: "expected a string key, found \(Self.describe(keyByte))")
                    }
                    _ = try scanString()
                    guard try peekByte() == UInt8(ascii: ":") else {
                        throw JSONError(offset: offset, message: "expected ':' after an object key")
                    }
                    offset += 1
                }
                try skip(depth: depth + 1)
            } while try nextInContainer(closing: closing, message: isObject
                ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element")
        default:
            throw JSONError(offset: offset, message: "expected a JSON value, found \(Self.describe(byte))")
        }
    }
}
