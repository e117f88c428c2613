/// A JSON value of a server's answer (a problem's `detail` and `exitCode`, what a post
/// recorded, `/health`'s head), read strictly (RFC 8259).
///
/// The command line imports no codec (docs/ARCHITECTURE.md): these answers are small and few,
/// and a printout is never parsed, only printed as it came.
enum AnswerJSON {
    case object([(key: String, value: AnswerJSON)])
    case array([AnswerJSON])
    case string(String)
    /// A number as it was written: read with `integer`.
    case number(String)
    case bool(Bool)
    case null

    /// The value of member `key` of an object (nil for anything else, or no such member).
    subscript(key: String) -> AnswerJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A whole number in `Int64`'s range, else nil.
    var integer: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    var array: [AnswerJSON]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// `bytes` as one JSON value (white space around it allowed), or nil when it is not JSON.
    /// Nesting deeper than 64 is refused, so a hostile answer cannot exhaust the stack.
    static func parse(_ bytes: [UInt8]) -> AnswerJSON? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.offset == bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        mutating func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else { return false }
            offset += expected.count
            return true
        }

        mutating func value(depth: Int) -> AnswerJSON? {
            skipSpace()
            guard offset < bytes.count, depth < 64 else { return nil }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [(key: String, value: AnswerJSON)] = []
                if take(UInt8(ascii: "}")) { return .object(members) }
                repeat {
                    skipSpace()
                    guard let key = string(), take(UInt8(ascii: ":")), let member = value(depth: depth + 1) else { return nil }
                    members.append((key, member))
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "}")) ? .object(members) : nil
            case UInt8(ascii: "["):
                offset += 1
                var elements: [AnswerJSON] = []
                if take(UInt8(ascii: "]")) { return .array(elements) }
                repeat {
                    guard let element = value(depth: depth + 1) else { return nil }
                    elements.append(element)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? .array(elements) : nil
            case UInt8(ascii: "\""): return string().map(AnswerJSON.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        mutating func number() -> AnswerJSON? {
            let start = offset
            while offset < bytes.count, "+-.eE0123456789".utf8.contains(bytes[offset]) { offset += 1 }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            return Double(text) != nil && text.first != "+" ? .number(text) : nil
        }

        /// A string at `offset` (its opening quote), with its escapes undone.
        mutating func string() -> String? {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
            offset += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let tail = String(validating: run, as: UTF8.self) else { return nil }
                    scalars.append(contentsOf: tail.unicodeScalars)
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard let text = String(validating: run, as: UTF8.self), let escaped = escape() else { return nil }
                    scalars.append(contentsOf: text.unicodeScalars)
                    scalars.append(escaped)
                    run.removeAll()
                case 0..<0x20: return nil
                default: run.append(byte)
                }
            }
            return nil
        }

        /// The character an escape after `\` stands for (a surrogate pair as one).
        mutating func escape() -> Unicode.Scalar? {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                guard let high = hex4() else { return nil }
                guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
                guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            default: return nil
            }
        }

        mutating func hex4() -> UInt32? {
            guard bytes.count - offset >= 4, bytes[offset..<offset + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                  let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else { return nil }
            offset += 4
            return value
        }
    }
}
