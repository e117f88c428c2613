import CCrypto

/// SHA-256 from the system's OpenSSL `libcrypto` (3.0 or later), through its SHA256_Init,
/// _Update and _Final functions, which use the CPU's SHA extensions where it has them (see
/// Sources/CCrypto/shim.h for why not EVP). One context is reused for every digest it makes,
/// so hashing allocates nothing. Not for use from two threads at once.
public final class SHA256 {
    private let context: UnsafeMutablePointer<SHA256_CTX>

    public init() {
        context = .allocate(capacity: 1)
        context.initialize(to: SHA256_CTX())
    }

    deinit {
        context.deinitialize(count: 1)
        context.deallocate()
    }

    /// SHA-256 of the parts, one after the other.
    public func digest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer? = nil) -> ChainHash {
        guard SHA256_Init(context) == 1,
              SHA256_Update(context, first.baseAddress, first.count) == 1,
              SHA256_Update(context, second?.baseAddress, second?.count ?? 0) == 1
        else { Self.failed() }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let finished = withUnsafeMutableBytes(of: &words) { out in
            SHA256_Final(out.baseAddress!.assumingMemoryBound(to: UInt8.self), context)
        }
        guard finished == 1 else { Self.failed() }
        return ChainHash(words: words)
    }

    /// Stops the process: without SHA-256 no record can be written or checked. (These functions
    /// do not fail in OpenSSL 3; should one, its error queue, printed here, may well be empty.)
    private static func failed() -> Never {
        var reason = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(ERR_get_error(), &reason, reason.count)
        fatalError("libcrypto failed to hash: \(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
    }
}
