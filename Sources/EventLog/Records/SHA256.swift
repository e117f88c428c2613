import CCrypto

/// SHA-256 from the system's OpenSSL `libcrypto` (its EVP interface, which uses the CPU's
/// SHA extensions where it has them). One context is reused for many digests.
struct SHA256: ~Copyable {
    private let context: OpaquePointer

    /// OpenSSL's SHA-256 implementation, fetched once per process.
    private nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA-256 implementation")
        }
        return algorithm
    }()

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("out of memory for a SHA-256 context") }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// SHA-256 of the parts, one after the other.
    func digest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer? = nil) -> ChainHash {
        guard EVP_DigestInit_ex2(context, Self.algorithm, nil) == 1,
              EVP_DigestUpdate(context, first.baseAddress, first.count) == 1,
              EVP_DigestUpdate(context, second?.baseAddress, second?.count ?? 0) == 1
        else { fatalError("libcrypto's SHA-256 failed") }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let finished = withUnsafeMutableBytes(of: &words) { out in
            EVP_DigestFinal_ex(context, out.baseAddress!.assumingMemoryBound(to: UInt8.self), nil)
        }
        guard finished == 1 else { fatalError("libcrypto's SHA-256 failed") }
        return ChainHash(words: words)
    }
}
