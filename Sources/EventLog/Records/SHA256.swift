import CCrypto

/// SHA-256 from the system's OpenSSL `libcrypto` (3.0 or later; its EVP interface, which uses
/// the CPU's SHA extensions where it has them). One context is reused for every digest it
/// makes, so hashing allocates nothing.
public final class SHA256 {
    private let context: OpaquePointer

    /// OpenSSL's SHA-256 implementation, fetched once per process, without reading the
    /// system's `openssl.cnf` (a configuration there could load providers or fail every command).
    private nonisolated(unsafe) static let algorithm: OpaquePointer = {
        _ = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_LOAD_CONFIG), nil)
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else { failed("has no SHA-256 implementation") }
        return algorithm
    }()

    public init() {
        guard let context = EVP_MD_CTX_new() else { Self.failed("cannot make a SHA-256 context") }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// SHA-256 of the parts, one after the other.
    public func digest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer? = nil) -> ChainHash {
        guard EVP_DigestInit_ex2(context, Self.algorithm, nil) == 1,
              EVP_DigestUpdate(context, first.baseAddress, first.count) == 1,
              EVP_DigestUpdate(context, second?.baseAddress, second?.count ?? 0) == 1
        else { Self.failed("failed to hash") }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let finished = withUnsafeMutableBytes(of: &words) { out in
            EVP_DigestFinal_ex(context, out.baseAddress!.assumingMemoryBound(to: UInt8.self), nil)
        }
        guard finished == 1 else { Self.failed("failed to hash") }
        return ChainHash(words: words)
    }

    /// Stops the process: without SHA-256 no record can be written or checked. Names OpenSSL's reason.
    private static func failed(_ what: String) -> Never {
        var reason = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(ERR_get_error(), &reason, reason.count)
        fatalError("libcrypto \(what): \(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
    }
}
