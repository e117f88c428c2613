import CCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seals many personal sections (docs/FORMAT.md §5, envelope 2) with the keys of their streams,
/// as `PersonalSectionView.encrypt` does one: the same bytes, for a fraction of the cost. It keeps
/// one libcrypto context per key (the key schedule and GCM's tables made once, only the nonce
/// set per section), uses the cipher fetched once (`AESGCM.cipher`, not OpenSSL 3's implicit
/// fetch at every init), draws nonces from the kernel's random bytes 4 KiB at a time
/// (`KernelRandom`), and writes each section into one array, with no copy of key, text or AAD.
///
/// Used by one thread at a time; the contexts (and the key schedules in them) are freed, and
/// so cleared by libcrypto, when it goes.
final class SectionSealer {
    private var contexts: [String: OpaquePointer] = [:]

    deinit {
        for context in contexts.values { EVP_CIPHER_CTX_free(context) }
    }

    /// The envelope-2 section of `clear` (an envelope-1 section: `01 ‖ salt ‖ map`) at
    /// `position` of `stream`, sealed with `key`.
    ///
    /// - Throws: `AESGCM.Failure.library` when libcrypto fails; `.wrongKeyLength`.
    func seal(_ clear: UnsafeRawBufferPointer, key: DataKey, position: UInt64, stream: String) throws(AESGCM.Failure) -> [UInt8] {
        let context = try context(for: stream, key: key)
        let plainCount = clear.count - 1
        let total = 1 + AESGCM.nonceCount + plainCount + AESGCM.tagCount
        var failed = false
        let section = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = buffer.baseAddress!
            base[0] = PersonalSectionView.encryptedEnvelope
            let nonce = base + 1
            KernelRandom.fill(UnsafeMutableRawBufferPointer(start: nonce, count: AESGCM.nonceCount))
            var written: Int32 = 0
            var aad = PersonalSectionView.encryptionLabel
            withUnsafeBytes(of: position.bigEndian) { aad.append(contentsOf: $0) }
            aad.append(contentsOf: stream.utf8)
            let text = nonce + AESGCM.nonceCount
            failed = !(EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1
                && EVP_EncryptUpdate(context, nil, &written, aad, Int32(aad.count)) == 1
                && (plainCount == 0 || EVP_EncryptUpdate(context, text, &written,
                                                         clear.baseAddress!.assumingMemoryBound(to: UInt8.self) + 1, Int32(plainCount)) == 1)
                && EVP_EncryptFinal_ex(context, text + plainCount, &written) == 1
                && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(AESGCM.tagCount), text + plainCount) == 1)
            count = total
        }
        if failed { throw .library(AESGCM.libraryReason()) }
        return section
    }

    /// The context holding `key` for `stream`, made the first time.
    private func context(for stream: String, key: DataKey) throws(AESGCM.Failure) -> OpaquePointer {
        if let context = contexts[stream] { return context }
        guard key.bytes.count == AESGCM.keyCount else { throw .wrongKeyLength(key.bytes.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw .library(AESGCM.libraryReason()) }
        guard EVP_EncryptInit_ex(context, AESGCM.cipher, nil, key.bytes, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .library(AESGCM.libraryReason())
        }
        contexts[stream] = context
        return context
    }
}
