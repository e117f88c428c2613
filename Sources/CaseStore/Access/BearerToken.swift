import EventLog

/// A bearer token's text and its SHA-256: made from the operating system's random source,
/// kept in the log only as its hash, compared in constant time.
enum BearerToken {
    /// What every token starts with, so that one pasted into the wrong place is recognised
    /// (secret scanners look for such prefixes).
    static let prefix = "caselog_"
    /// Random bytes in a token: 256 bits.
    static let randomByteCount = 32
    /// The longest bearer text `authenticate` hashes; anything longer is no token of ours.
    static let maximumLength = 256

    /// A new token: the prefix and 32 bytes from `SystemRandomNumberGenerator` (the kernel's
    /// getrandom or arc4random, cryptographically secure), in unpadded base64url.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(randomByteCount)
        for _ in 0..<randomByteCount / 8 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return prefix + base64URL(bytes)
    }

    /// A short random identifier of a token, to list and revoke it by: nothing of the secret.
    static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value: UInt64 = generator.next()
        let hex = String(value, radix: 16)
        return "tok-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The SHA-256 of `token`'s UTF-8 bytes.
    static func hash(_ token: String) -> ChainHash {
        var text = token
        return text.withUTF8 { SHA256().digest(UnsafeRawBufferPointer($0)) }
    }

    /// True when `a` and `b` are the same 32 bytes, in time that does not depend on where
    /// they first differ.
    static func constantTimeEquals(_ a: ChainHash, _ b: ChainHash) -> Bool {
        a.withBytes { left in
            b.withBytes { right in
                guard left.count == right.count else { return false }
                var difference: UInt8 = 0
                for index in 0..<left.count { difference |= left[index] ^ right[index] }
                return difference == 0
            }
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for byte in chunk { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - chunk.count)
            for digit in 0...chunk.count { out.append(alphabet[(value >> (18 - 6 * digit)) & 0x3F]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
