/// A JSON text that could not be read: where, and what was wrong.
///
/// The message never quotes more than about 40 bytes of the input, because event payloads may
/// hold personal data and errors end up in logs.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the input where the problem is (0 is the first byte).
    public var offset: Int
    /// What was expected and what was found, e.g. "expected ',' or '}' after an object member".
    public var message: String

    /// An error at `offset` with `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "column N: message", with N counted from 1 (a JSON line is one line).
    public var description: String { "column \(offset + 1): \(message)" }
}

/// CBOR bytes that are not one deterministic item of the event log's data model: where, and why.
public struct CBORError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the input where the offending item or head starts.
    public var offset: Int
    /// What is wrong, e.g. "map keys out of order" or "byte strings are not allowed".
    public var message: String

    /// An error at `offset` with `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "byte N: message", with N counted from 0 as hex dumps do.
    public var description: String { "byte \(offset): \(message)" }
}

/// Short, safe renderings of input bytes for error messages.
enum ErrorSnippet {
    /// At most this many bytes of input appear in any message.
    static let maximumBytes = 32

    /// `bytes` as a quoted, escaped string of at most `maximumBytes` bytes, cut at a character
    /// boundary and marked with "…" when cut. Costs one small allocation (errors only).
    static func quoted(_ bytes: UnsafeRawBufferPointer) -> String {
        var end = min(bytes.count, maximumBytes)
        if end < bytes.count {
            while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        var text = "\""
        for scalar in String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: text += "\\u" + hex(UInt8(scalar.value), width: 4)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + (end < bytes.count ? "…\"" : "\"")
    }

    /// One input byte for a message: `'x'` when printable ASCII, else `byte 0xNN`.
    static func byte(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(hex(byte, width: 2))"
    }

    /// `value` in upper-case hex, zero-padded to `width` digits.
    static func hex(_ value: UInt8, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
