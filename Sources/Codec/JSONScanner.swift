/// A pull parser for one JSON text (RFC 8259) in caller memory, made for import lines.
///
/// Read an object member by member and decide per key what to do with its value:
///
/// ```swift
/// var scanner = JSONScanner(line)
/// try scanner.beginObject()
/// while let key = try scanner.nextKey() {
///     if key.elementsEqual("type".utf8) { type = try scanner.readString() }
///     else if key.elementsEqual("data".utf8) { try scanner.transcodeValue(into: &writer) }
///     else { try scanner.skipValue() }
/// }
/// try scanner.end()
/// ```
///
/// Every value is checked completely as it is read or skipped: grammar, escapes (surrogate pairs
/// included), UTF-8, control characters, nesting (at most `maximumDepth` open arrays and objects,
/// counting those entered with `beginObject`/`beginArray`). Errors are `JSONError`s with the
/// byte offset of the problem. Whitespace is space, tab, CR and LF.
///
/// Costs: no allocation except `readString` (the `String` itself) and one scratch buffer the
/// first time a key or `readStringBytes()` meets an escape. The input must stay valid for the
/// scanner's lifetime; byte buffers it returns are valid until the next call on the scanner.
public struct JSONScanner {
    /// The JSON text.
    public let input: UnsafeRawBufferPointer
    /// Byte offset of the next unread byte.
    public internal(set) var offset: Int = 0
    /// How deep arrays and objects may nest.
    public static let maximumDepth = 64

    /// Arrays and objects entered with `beginObject`/`beginArray` and not yet closed.
    var depth = 0
    /// Bit `n` is set when open level `n` (0 is outermost) is an array.
    var arrayLevels: UInt64 = 0
    /// True right after `beginObject`/`beginArray`: no ',' before the first member.
    var expectsFirstMember = false
    /// Unescaped keys and `readStringBytes()` results, created at the first escape met.
    var scratch: UnescapeScratch?

    /// A scanner at the start of `input`, which must stay valid while the scanner is used.
    public init(_ input: UnsafeRawBufferPointer) {
        self.input = input
    }

    /// What kind of JSON value comes next.
    public enum Kind: Sendable, Hashable {
        /// `{`
        case object
        /// `[`
        case array
        /// `"`
        case string
        /// `-` or a digit.
        case number
        /// `t` or `f`.
        case bool
        /// `n`.
        case null
    }

    /// The kind of the next value, judged from its first byte, without consuming it.
    /// Fails at the end of input or when no value can start there.
    public mutating func peekKind() throws(JSONError) -> Kind {
        switch try peekByte() {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case let byte: throw JSONError(offset: offset, message: "expected a JSON value, found \(Self.describe(byte))")
        }
    }

    /// Consumes the `{` that opens an object; read its members with `nextKey()`.
    /// Fails when the next value is not an object or nesting would pass `maximumDepth`.
    public mutating func beginObject() throws(JSONError) {
        try enter("{", isArray: false)
    }

    /// Consumes the `[` that opens an array; read its elements after each `nextElement()`.
    /// Fails when the next value is not an array or nesting would pass `maximumDepth`.
    public mutating func beginArray() throws(JSONError) {
        try enter("[", isArray: true)
    }

    /// The next member's key, unescaped, with its `:` consumed so that the value is next; nil
    /// after consuming the object's `}`.
    ///
    /// The bytes point into the input, or into scratch memory when the key has escapes: valid
    /// until the next call on the scanner. Compare them with `elementsEqual(_:)`. Fails on a
    /// missing `,` or `:`, a trailing comma, a bad key string, or when the innermost open
    /// container is not an object. Keys are not checked for duplicates here.
    public mutating func nextKey() throws(JSONError) -> UnsafeRawBufferPointer? {
        guard depth > 0, arrayLevels & (1 << UInt64(depth - 1)) == 0 else {
            throw JSONError(offset: offset, message: "nextKey() called outside an object")
        }
        guard try nextMember(closing: "}", separatorMessage: "expected ',' or '}' after an object member") else {
            return nil
        }
        guard try peekByte() == UInt8(ascii: "\"") else {
            throw JSONError(offset: offset, message: "expected a string key, found \(Self.describe(input[offset]))")
        }
        let key = try readStringBytes()
        guard try peekByte() == UInt8(ascii: ":") else {
            throw JSONError(offset: offset, message: "expected ':' after an object key")
        }
        offset += 1
        return key
    }

    /// True when the array has another element (read it next); false after consuming the
    /// array's `]`. Fails on a missing `,`, a trailing comma, or when the innermost open
    /// container is not an array.
    public mutating func nextElement() throws(JSONError) -> Bool {
        guard depth > 0, arrayLevels & (1 << UInt64(depth - 1)) != 0 else {
            throw JSONError(offset: offset, message: "nextElement() called outside an array")
        }
        guard try nextMember(closing: "]", separatorMessage: "expected ',' or ']' after an array element") else {
            return false
        }
        return true
    }

    /// Checks that only whitespace remains and every container opened was closed.
    public mutating func end() throws(JSONError) {
        skipWhitespace()
        if depth > 0 {
            throw JSONError(offset: offset, message: offset < input.count
                ? "end() called inside an open \(arrayLevels & (1 << UInt64(depth - 1)) != 0 ? "array" : "object")"
                : "unexpected end of input")
        }
        if offset < input.count {
            throw JSONError(offset: offset, message: "trailing characters after the value")
        }
    }

    /// Opens a container after checking its bracket and the depth.
    mutating func enter(_ bracket: Unicode.Scalar, isArray: Bool) throws(JSONError) {
        let byte = try peekByte()
        guard byte == UInt8(ascii: bracket) else {
            throw JSONError(offset: offset, message: "expected \(isArray ? "an array" : "an object"), found \(Self.describe(byte))")
        }
        guard depth < Self.maximumDepth else { throw tooDeep(offset) }
        let bit: UInt64 = 1 << UInt64(depth)
        arrayLevels = isArray ? arrayLevels | bit : arrayLevels & ~bit
        depth += 1
        expectsFirstMember = true
        offset += 1
    }

    /// Moves to the next member of the innermost container: past its `,`, or past `closing`
    /// (closing the container and returning false).
    @inline(__always)
    mutating func nextMember(closing: Unicode.Scalar, separatorMessage: @autoclosure () -> String) throws(JSONError) -> Bool {
        var byte = try peekByte()
        if byte == UInt8(ascii: closing) {
            offset += 1
            depth -= 1
            expectsFirstMember = false
            return false
        }
        if expectsFirstMember {
            expectsFirstMember = false
        } else {
            guard byte == UInt8(ascii: ",") else { throw JSONError(offset: offset, message: separatorMessage()) }
            offset += 1
            byte = try peekByte()
            if byte == UInt8(ascii: closing) {
                throw JSONError(offset: offset, message: "trailing comma before '\(closing)'")
            }
        }
        return true
    }

    /// Skips whitespace and returns the next byte without consuming it; fails at the end.
    @inline(__always)
    mutating func peekByte() throws(JSONError) -> UInt8 {
        skipWhitespace()
        guard offset < input.count else { throw unexpectedEnd() }
        return input[offset]
    }

    /// Skips spaces, tabs, carriage returns and line feeds.
    @inline(__always)
    mutating func skipWhitespace() {
        while offset < input.count {
            switch input[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    func unexpectedEnd() -> JSONError {
        JSONError(offset: input.count, message: "unexpected end of input")
    }

    func tooDeep(_ offset: Int) -> JSONError {
        JSONError(offset: offset, message: "nested more than \(Self.maximumDepth) deep")
    }

    /// What a value starting with `byte` is, for "expected …, found …" messages.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a Boolean"
        case UInt8(ascii: "n"): return "null"
        default: return ErrorSnippet.byte(byte)
        }
    }
}
