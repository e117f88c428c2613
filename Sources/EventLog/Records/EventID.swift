#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 16-byte identity of an event (a UUID). Appending an id that is already in the log
/// is a no-op when the content is the same, and an error when it is not.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The bytes, most significant first, as in RFC 9562.
    public var high: UInt64
    public var low: UInt64

    /// An id from its two 64-bit halves.
    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero id, used in records for "absent".
    public static let zero = EventID(high: 0, low: 0)

    /// A random version-4 UUID from the kernel's secure generator (`KernelRandom`).
    public static func random() -> EventID {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { KernelRandom.fill($0) }
        return EventID(high: (words.0 & ~0xF000) | 0x4000, low: (words.1 & ~(0xC << 60)) | (0x8 << 60))
    }

    /// A version-8 UUID (RFC 9562 §5.8) made from the first 16 bytes of a SHA-256 digest:
    /// the same digest always gives the same id.
    public init(derivedFrom digest: some Sequence<UInt8>) {
        var bytes = [UInt8](repeating: 0, count: 16)
        for (index, byte) in digest.prefix(16).enumerated() { bytes[index] = byte }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        self = bytes.withUnsafeBytes { EventID(bytes: $0)! }
    }

    /// The version-8 UUID made from SHA-256 of `bytes`: a name-based id, the same for the same bytes.
    /// Pass a `hasher` kept for many ids: one made per call costs an allocation.
    public init(hashing bytes: UnsafeRawBufferPointer, using hasher: SHA256 = SHA256()) {
        self.init(derivedFrom: hasher.digest(bytes).bytes)
    }

    /// Reads 16 bytes; nil for any other length.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// Parses the canonical text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case).
    public init?(_ text: String) {
        var copy = text
        let parsed: EventID? = copy.withUTF8 { EventID(text: UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the canonical text form from UTF-8 bytes.
    public init?(text: UnsafeRawBufferPointer) {
        guard text.count == 36 else { return nil }
        // Without a branch per digit: whether a digit is a letter is a coin toss in a random
        // id, and mispredicting it cost more than the rest of the parse. Every imported line
        // with an id comes through here.
        var invalid: UInt8 = 0
        var high: UInt64 = 0
        var low: UInt64 = 0
        Self.readHex(text, 0..<8, into: &high, invalid: &invalid)
        Self.readHex(text, 9..<13, into: &high, invalid: &invalid)
        Self.readHex(text, 14..<18, into: &high, invalid: &invalid)
        Self.readHex(text, 19..<23, into: &low, invalid: &invalid)
        Self.readHex(text, 24..<36, into: &low, invalid: &invalid)
        let dash = UInt8(ascii: "-")
        guard invalid == 0, text[8] == dash, text[13] == dash, text[18] == dash, text[23] == dash else { return nil }
        self.high = high
        self.low = low
    }

    /// Appends the hexadecimal digits at `range` to `value`, four bits each; sets `invalid`
    /// to nonzero when one is not a digit (either case).
    @inline(__always)
    private static func readHex(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, into value: inout UInt64, invalid: inout UInt8) {
        for index in range {
            let byte = text[index]
            let isDigit: UInt8 = byte &- UInt8(ascii: "0") < 10 ? 1 : 0
            let isLetter: UInt8 = (byte | 0x20) &- UInt8(ascii: "a") < 6 ? 1 : 0
            invalid |= (isDigit | isLetter) ^ 1
            // "0"–"9" are 0x30–0x39 and the letters 0x41–0x46 and 0x61–0x66: the low four bits,
            // plus nine for a letter (bit 6).
            value = value &<< 4 | UInt64((byte & 0x0F) &+ 9 &* (byte &>> 6))
        }
    }

    /// Calls `body` with the 16 bytes.
    @inlinable
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: (high.bigEndian, low.bigEndian), body)
    }

    /// Writes the 16 bytes at `offset` of `buffer`.
    @inlinable
    public func store(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        buffer.storeBytes(of: high.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: low.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
    }

    /// The canonical lower-case text form.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { out in
            var index = 0
            for nibbleIndex in 0..<32 {
                if nibbleIndex == 8 || nibbleIndex == 12 || nibbleIndex == 16 || nibbleIndex == 20 {
                    out[index] = UInt8(ascii: "-")
                    index += 1
                }
                let word = nibbleIndex < 16 ? high : low
                let shift = UInt64(60 - 4 * (nibbleIndex % 16))
                out[index] = digits[Int((word >> shift) & 0xF)]
                index += 1
            }
            return 36
        }
    }

    @inlinable
    public static func < (lhs: EventID, rhs: EventID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
