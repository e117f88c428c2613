/// Appends compact JSON (no spaces) to a byte array, putting commas and colons in itself.
///
/// Call the methods in document order: `beginObject()`, then `key(_:)` and a value for each
/// member, then `endObject()`; arrays likewise without keys. The writer does not check that
/// the calls make a well-formed document. Values at the top level are not separated, so one
/// writer can produce JSON lines: append a line break to `bytes` after each. Strings are escaped as JSON requires: `"` and `\`,
/// control characters as `\n \r \t \b \f` or `\u00XX`; other UTF-8 is copied as it is.
///
/// Reuse one writer across records (`removeAll()` keeps the capacity): writing then costs no
/// allocation except `double(_:)` for numbers of more than 15 characters.
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public var bytes: [UInt8]
    /// True when the next value or key must be preceded by a comma.
    var needsComma = false
    /// Arrays and objects open.
    var depth = 0
    /// Raw memory for escaping and for `cbor(_:)`, created at first use.
    var scratch: CodecScratch?

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Forgets everything written, keeping the buffer's capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
        depth = 0
    }

    /// Opens an object: `{`.
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
    }

    /// Closes the innermost object: `}`.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        depth -= 1
        needsComma = true
    }

    /// Opens an array: `[`.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        depth += 1
        needsComma = false
    }

    /// Closes the innermost array: `]`.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        depth -= 1
        needsComma = true
    }

    /// Writes a member's key and its `:`; write the value next.
    public mutating func key(_ key: String) {
        separate()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a member's key from its UTF-8 bytes (the caller guarantees valid UTF-8) and its `:`.
    public mutating func key(bytes utf8: UnsafeRawBufferPointer) {
        separate()
        appendQuoted(utf8)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes a string value from its UTF-8 bytes (the caller guarantees valid UTF-8).
    public mutating func string(bytes utf8: UnsafeRawBufferPointer) {
        separate()
        appendQuoted(utf8)
        needsComma = true
    }

    /// Writes an integer in decimal.
    public mutating func integer(_ value: Int64) {
        separate()
        withUnsafeTemporaryAllocation(byteCount: 20, alignment: 1) { buffer in
            let length = Self.storeInteger(value, at: buffer.baseAddress!)
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
        }
        needsComma = true
    }

    /// Writes an unsigned whole number: any `UInt64`, a position or version read from a damaged
    /// store among them, without the trap of converting it to `Int64`.
    public mutating func unsigned(_ value: UInt64) {
        guard value > UInt64(Int64.max) else { return integer(Int64(value)) }
        raw(String(value).utf8)
    }

    /// Writes a number with Swift's shortest round-trip form (`0.1`, `1e-07`, `1e+16`, `-0.0`),
    /// which is valid JSON and reads back as the same `Double`. NaN and infinities, which JSON
    /// cannot express, are written as `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        bytes.append(contentsOf: value.description.utf8)
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        raw(value ? "true".utf8 : "false".utf8)
    }

    /// Writes `value` as a JSON string, or `null` when there is none.
    public mutating func stringOrNull(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes `value` as a JSON integer, or `null` when there is none.
    public mutating func integerOrNull(_ value: Int64?) {
        if let value { integer(value) } else { null() }
    }

    /// Writes `null`.
    public mutating func null() {
        raw("null".utf8)
    }

    /// Writes `json`, a complete JSON value encoded elsewhere, as it is (nothing checks it).
    public mutating func raw(_ json: some Sequence<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Writes the comma that separates this value or key from the previous one inside an
    /// array or object, if any.
    @inline(__always)
    mutating func separate() {
        if needsComma, depth > 0 { bytes.append(UInt8(ascii: ",")) }
    }

    /// The scratch memory, created or replaced when this writer does not hold it alone.
    mutating func uniqueScratch() -> CodecScratch {
        if !isKnownUniquelyReferenced(&scratch) { scratch = CodecScratch() }
        return scratch!
    }

    mutating func appendQuoted(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ appendQuoted(UnsafeRawBufferPointer($0)) }) == nil {
            Array(text.utf8).withUnsafeBytes { appendQuoted($0) }
        }
    }

    /// Appends `utf8` quoted: copied as it is when nothing needs escaping, else escaped in
    /// scratch memory first.
    mutating func appendQuoted(_ utf8: UnsafeRawBufferPointer) {
        if !ScratchOutput.needsEscaping(utf8) {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var output = ScratchOutput(uniqueScratch())
        _ = output.appendJSONString(utf8, readable: utf8.count, checkingUTF8: false)
        bytes.append(contentsOf: output.written)
    }

    /// Stores `value` in decimal at `destination` (room for 20 bytes); returns the length.
    @inline(__always)
    static func storeInteger(_ value: Int64, at destination: UnsafeMutableRawPointer) -> Int {
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 { rest /= 10; digits += 1 }
        let length = digits + (value < 0 ? 1 : 0)
        if value < 0 { destination.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self) }
        var index = length - 1
        repeat {
            destination.storeBytes(of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10), toByteOffset: index, as: UInt8.self)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
        return length
    }
}
