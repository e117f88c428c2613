/// A SHA-256 value of the hash chain, held inline (no allocation).
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash before the first record: 32 zero bytes.
    public static let zero = ChainHash(words: (0, 0, 0, 0))

    @usableFromInline init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Reads 32 bytes; nil for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        words = (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                 bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                 bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// Parses 64 hexadecimal digits.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        self = bytes.withUnsafeBytes { ChainHash(bytes: $0)! }
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Calls `body` with the 32 bytes.
    @inlinable
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: words, body)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// 64 lower-case hexadecimal digits.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return withBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { out in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0xF)]
                }
                return 64
            }
        }
    }

    public static func == (lhs: ChainHash, rhs: ChainHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// The chain step: SHA-256(previous ‖ record bytes from byte 32 on).
    static func next(after previous: ChainHash, record: UnsafeRawBufferPointer, using hasher: SHA256) -> ChainHash {
        previous.withBytes { hasher.digest($0, UnsafeRawBufferPointer(rebasing: record[RecordLayout.hashedFrom...])) }
    }
}

/// The end of the chain: the last position and its hash. Publish or note it elsewhere;
/// `verify` later proves the log up to it is unchanged.
public struct LogHead: Sendable, Equatable, CustomStringConvertible {
    /// The last position (0 for an empty log).
    public let position: UInt64
    /// The hash of the record at `position` (zero for an empty log).
    public let hash: ChainHash

    public init(position: UInt64, hash: ChainHash) {
        self.position = position
        self.hash = hash
    }

    /// The head of an empty log.
    public static let empty = LogHead(position: 0, hash: .zero)

    public var description: String { "\(position) \(hash)" }
}
