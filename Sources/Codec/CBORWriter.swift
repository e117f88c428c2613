/// Appends deterministic CBOR (RFC 8949 §4.2) to a byte array: shortest heads, definite
/// lengths, floats in their shortest exact width.
///
/// Writing a map is the caller's job in two halves: `writeMapHeader(count:)`, then each key and
/// value, keys in deterministic order (shorter encoding first, then bytewise; for text keys that
/// is fewer UTF-8 bytes first, then bytewise). `DeterministicCBOR.validate` checks the result;
/// `CBORValue.encoded()` and `JSONScanner.transcodeValue(into:)` sort for you.
///
/// Reuse one writer across events (`removeAll()` keeps the capacity): appending then costs no
/// allocation once the buffer has grown to the largest event.
public struct CBORWriter: Sendable {
    /// The CBOR written so far.
    public var bytes: [UInt8]
    /// Raw memory for `JSONScanner.transcodeValue(into:)`, created at its first use.
    var scratch: CodecScratch?

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Forgets everything written, keeping the buffer's capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// The scratch memory, created or replaced when this writer does not hold it alone.
    mutating func uniqueScratch() -> CodecScratch {
        if !isKnownUniquelyReferenced(&scratch) { scratch = CodecScratch() }
        return scratch!
    }

    /// Appends an unsigned integer (major type 0) in 1, 2, 3, 5 or 9 bytes.
    /// The log's data model accepts only values up to `Int64.max`.
    public mutating func writeUnsigned(_ value: UInt64) {
        writeHead(major: 0, argument: value)
    }

    /// Appends a signed integer: major type 0 for 0 and up, major type 1 (−1 − n) below 0.
    public mutating func writeInteger(_ value: Int64) {
        if value >= 0 {
            writeHead(major: 0, argument: UInt64(value))
        } else {
            writeHead(major: 1, argument: UInt64(bitPattern: ~value))
        }
    }

    /// Appends `text` as a text string (major type 3).
    public mutating func writeText(_ text: String) {
        writeHead(major: 3, argument: UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends a text string whose UTF-8 bytes are `utf8`. The caller guarantees they are valid
    /// UTF-8 (`DeterministicCBOR.validate` would reject them otherwise). One copy, no allocation
    /// beyond the buffer's growth.
    public mutating func writeText(bytes utf8: UnsafeRawBufferPointer) {
        writeHead(major: 3, argument: UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Appends `content` as a byte string (major type 2): bytes kept whole, such as another
    /// encoding inside a saved state. The log's event data has none (`DeterministicCBOR`
    /// refuses them there); saved states may.
    public mutating func writeByteString(_ content: UnsafeRawBufferPointer) {
        writeHead(major: 2, argument: UInt64(content.count))
        bytes.append(contentsOf: content)
    }

    /// Appends the head of an array of `count` elements; write the elements next.
    public mutating func writeArrayHeader(count: Int) {
        writeHead(major: 4, argument: UInt64(count))
    }

    /// Appends the head of a map of `count` entries; write each key and value next, keys in
    /// deterministic order (see the type's documentation).
    public mutating func writeMapHeader(count: Int) {
        writeHead(major: 5, argument: UInt64(count))
    }

    /// Appends `false` (f4) or `true` (f5).
    public mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 0xF5 : 0xF4)
    }

    /// Appends `null` (f6).
    public mutating func writeNull() {
        bytes.append(0xF6)
    }

    /// Appends `value` in preferred serialization: the narrowest of half (f9), single (fa) and
    /// double (fb) precision that holds it exactly; NaN as f97e00. The log's data model has no
    /// NaN or infinities (`DeterministicCBOR.validate` rejects them), but they are written
    /// correctly. Costs two float conversions.
    public mutating func writeDouble(_ value: Double) {
        withUnsafeTemporaryAllocation(byteCount: 9, alignment: 8) { buffer in
            let length = Self.storeDouble(value, at: buffer.baseAddress!)
            for index in 0..<length { bytes.append(buffer[index]) }
        }
    }

    /// Appends `item`, one complete CBOR item encoded elsewhere, as it is (nothing checks it).
    public mutating func writeEncoded(_ item: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: item)
    }

    /// Appends a head with the shortest encoding of `argument`.
    @inline(__always)
    mutating func writeHead(major: UInt8, argument: UInt64) {
        let type = major << 5
        if argument < 24 {
            bytes.append(type | UInt8(truncatingIfNeeded: argument))
        } else if argument <= 0xFF {
            bytes.append(type | 24)
            bytes.append(UInt8(truncatingIfNeeded: argument))
        } else if argument <= 0xFFFF {
            appendBigEndian(type | 25, UInt16(truncatingIfNeeded: argument))
        } else if argument <= 0xFFFF_FFFF {
            appendBigEndian(type | 26, UInt32(truncatingIfNeeded: argument))
        } else {
            appendBigEndian(type | 27, argument)
        }
    }

    /// Appends `initial` and then `value`, most significant byte first.
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ initial: UInt8, _ value: T) {
        bytes.append(initial)
        var shift = T.bitWidth - 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    /// Stores the shortest head for `argument` at `destination` (room for 9 bytes) and
    /// returns its length.
    @inline(__always)
    static func storeHead(major: UInt8, argument: UInt64, at destination: UnsafeMutableRawPointer) -> Int {
        let type = major << 5
        if argument < 24 {
            destination.storeBytes(of: type | UInt8(truncatingIfNeeded: argument), as: UInt8.self)
            return 1
        } else if argument <= 0xFF {
            destination.storeBytes(of: type | 24, as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: argument), toByteOffset: 1, as: UInt8.self)
            return 2
        } else if argument <= 0xFFFF {
            destination.storeBytes(of: type | 25, as: UInt8.self)
            destination.storeBytes(of: UInt16(truncatingIfNeeded: argument).bigEndian, toByteOffset: 1, as: UInt16.self)
            return 3
        } else if argument <= 0xFFFF_FFFF {
            destination.storeBytes(of: type | 26, as: UInt8.self)
            destination.storeBytes(of: UInt32(truncatingIfNeeded: argument).bigEndian, toByteOffset: 1, as: UInt32.self)
            return 5
        } else {
            destination.storeBytes(of: type | 27, as: UInt8.self)
            destination.storeBytes(of: argument.bigEndian, toByteOffset: 1, as: UInt64.self)
            return 9
        }
    }

    /// Stores `value` in preferred serialization at `destination` (room for 9 bytes) and
    /// returns its length: 3 (half), 5 (single) or 9 (double); NaN as f97e00.
    static func storeDouble(_ value: Double, at destination: UnsafeMutableRawPointer) -> Int {
        if value.isNaN {
            destination.storeBytes(of: 0xF9, as: UInt8.self)
            destination.storeBytes(of: UInt16(0x7E00).bigEndian, toByteOffset: 1, as: UInt16.self)
            return 3
        }
        if let half = HalfPrecision.bits(exactly: value) {
            destination.storeBytes(of: 0xF9, as: UInt8.self)
            destination.storeBytes(of: half.bigEndian, toByteOffset: 1, as: UInt16.self)
            return 3
        }
        let single = Float(value)
        if Double(single) == value {
            destination.storeBytes(of: 0xFA, as: UInt8.self)
            destination.storeBytes(of: single.bitPattern.bigEndian, toByteOffset: 1, as: UInt32.self)
            return 5
        }
        destination.storeBytes(of: 0xFB, as: UInt8.self)
        destination.storeBytes(of: value.bitPattern.bigEndian, toByteOffset: 1, as: UInt64.self)
        return 9
    }

    /// The number of bytes a head with `argument` takes.
    @inline(__always)
    static func headLength(_ argument: UInt64) -> Int {
        argument < 24 ? 1 : argument <= 0xFF ? 2 : argument <= 0xFFFF ? 3 : argument <= 0xFFFF_FFFF ? 5 : 9
    }
}
