/// A JSON number located in the input by `JSONScanner.scanNumber()`, grammar already checked.
///
/// Its value is `±mantissa × 10^exponent` exactly unless `isTruncated`.
struct JSONNumberToken {
    var start: Int
    var end: Int
    var isNegative: Bool
    /// True without fraction and exponent: the number is meant as an integer.
    var isInteger: Bool
    /// The first 19 significant digits.
    var mantissa: UInt64
    /// True when there were more than 19 significant digits.
    var isTruncated: Bool
    var exponent: Int
}

extension JSONScanner {
    /// Reads a number without fraction or exponent. Fails when the next value is not a number,
    /// has a fraction or exponent, or does not fit `Int64`. No allocation.
    public mutating func readInteger() throws(JSONError) -> Int64 {
        let token = try expectNumber(what: "an integer")
        guard token.isInteger else {
            throw JSONError(offset: token.start, message: "expected an integer, found a number with a fraction or exponent")
        }
        return try integerValue(token)
    }

    /// Reads any number as the nearest `Double`. Fails when the next value is not a number or
    /// is too large for a `Double`. No allocation unless the number needs the slow path (more
    /// than 19 significant digits or a decimal exponent beyond ±22).
    public mutating func readDouble() throws(JSONError) -> Double {
        try doubleValue(expectNumber(what: "a number"))
    }

    /// Scans the number value that must come next.
    mutating func expectNumber(what: String) throws(JSONError) -> JSONNumberToken {
        let byte = try peekByte()
        guard byte == UInt8(ascii: "-") || Self.isDigit(byte) else {
            throw JSONError(offset: offset, message: "expected \(what), found \(Self.describe(byte))")
        }
        return try scanNumber()
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Checks the number at `offset` (which starts with '-' or a digit) against RFC 8259's
    /// grammar and moves past it, collecting its significant digits.
    @inline(__always)
    mutating func scanNumber() throws(JSONError) -> JSONNumberToken {
        let start = offset
        let count = input.count
        var i = start
        let isNegative = input[i] == UInt8(ascii: "-")
        if isNegative { i += 1 }
        guard i < count, Self.isDigit(input[i]) else {
            throw i < count ? JSONError(offset: i, message: "invalid number (expected a digit after '-')") : unexpectedEnd()
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var isTruncated = false
        var exponent = 0
        if input[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, Self.isDigit(input[i]) {
                throw JSONError(offset: start, message: "invalid number (leading zero)")
            }
        } else {
            while i < count, Self.isDigit(input[i]) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(input[i] &- UInt8(ascii: "0"))
                    digits += 1
                } else {
                    isTruncated = true
                    exponent += 1
                }
                i += 1
            }
        }
        var isInteger = true
        if i < count, input[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < count, Self.isDigit(input[i]) else {
                throw i < count ? JSONError(offset: i, message: "invalid number (expected a digit after '.')") : unexpectedEnd()
            }
            while i < count, Self.isDigit(input[i]) {
                let digit = UInt64(input[i] &- UInt8(ascii: "0"))
                if mantissa == 0, digit == 0 {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    digits += 1
                    exponent -= 1
                } else {
                    isTruncated = true
                }
                i += 1
            }
        }
        if i < count, input[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            var isExponentNegative = false
            if i < count, input[i] == UInt8(ascii: "-") || input[i] == UInt8(ascii: "+") {
                isExponentNegative = input[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count, Self.isDigit(input[i]) else {
                throw i < count ? JSONError(offset: i, message: "invalid number (expected a digit in the exponent)") : unexpectedEnd()
            }
            var value = 0
            while i < count, Self.isDigit(input[i]) {
                if value < 1_000_000 { value = value * 10 + Int(input[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            exponent += isExponentNegative ? -value : value
        }
        offset = i
        return JSONNumberToken(start: start, end: i, isNegative: isNegative, isInteger: isInteger,
                               mantissa: mantissa, isTruncated: isTruncated, exponent: exponent)
    }

    /// The integer `token` stands for; fails when it does not fit `Int64`.
    func integerValue(_ token: JSONNumberToken) throws(JSONError) -> Int64 {
        let limit: UInt64 = token.isNegative ? 1 << 63 : UInt64(Int64.max)
        guard !token.isTruncated, token.mantissa <= limit else {
            throw JSONError(offset: token.start, message: "number out of range")
        }
        if !token.isNegative { return Int64(token.mantissa) }
        return token.mantissa == 1 << 63 ? .min : -Int64(token.mantissa)
    }

    /// The `Double` nearest to `token`, correctly rounded; fails when it is beyond `Double`'s
    /// range. Exact small cases are computed directly (Clinger's fast path); the rest go through
    /// the C library's correctly rounded conversion.
    func doubleValue(_ token: JSONNumberToken) throws(JSONError) -> Double {
        if token.mantissa == 0 { return token.isNegative ? -0.0 : 0.0 }
        if !token.isTruncated, token.mantissa <= 1 << 53, (-22...22).contains(token.exponent) {
            let mantissa = Double(token.mantissa)
            let value = token.exponent >= 0
                ? mantissa * Self.powersOfTen[token.exponent]
                : mantissa / Self.powersOfTen[-token.exponent]
            return token.isNegative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: input[token.start..<token.end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONError(offset: token.start, message: "number out of range")
        }
        return value
    }

    /// 10^0 … 10^22, every one exact in a `Double`.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
