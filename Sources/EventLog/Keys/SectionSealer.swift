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
    /// A libcrypto context holding one stream's key (its key schedule and GCM's tables).
    typealias Context = OpaquePointer

    /// The contexts, by the stream's number (`RecordView.streamNumber`): a look-up hashes a
    /// number, not the stream's name.
    private var contexts: [UInt64: Context] = [:]
    /// Random bytes for nonces (public values: they are stored beside each box), 4 KiB at a
    /// time from libcrypto's generator, handed out from `nonceOffset` on.
    private let nonces = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
    private var nonceOffset = 4096

    deinit {
        for context in contexts.values { EVP_CIPHER_CTX_free(context) }
        nonces.deallocate()
    }

    /// Writes a fresh 12-byte nonce at `destination`.
    private func nextNonce(into destination: UnsafeMutablePointer<UInt8>) {
        if nonceOffset + AESGCM.nonceCount > nonces.count {
            if RAND_bytes(nonces.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(nonces.count)) != 1 {
                // libcrypto's generator failed: the kernel's bytes, through the shared buffer.
                KernelRandom.fill(nonces)
            }
            nonceOffset = 0
        }
        destination.update(from: (nonces.baseAddress! + nonceOffset).assumingMemoryBound(to: UInt8.self), count: AESGCM.nonceCount)
        nonceOffset += AESGCM.nonceCount
    }

    /// The context of stream number `number`, if one was made.
    func context(_ number: UInt64) -> Context? { contexts[number] }

    /// Makes the context of stream number `number`, holding `key`.
    ///
    /// - Throws: `AESGCM.Failure.wrongKeyLength`, `.library`.
    func makeContext(_ number: UInt64, key: DataKey) throws(AESGCM.Failure) -> Context {
        guard key.bytes.count == AESGCM.keyCount else { throw .wrongKeyLength(key.bytes.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw .library(AESGCM.libraryReason()) }
        guard EVP_EncryptInit_ex(context, AESGCM.cipher, nil, key.bytes, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .library(AESGCM.libraryReason())
        }
        contexts[number] = context
        return context
    }

    /// The envelope-2 section of `clear` (an envelope-1 section: `01 ‖ salt ‖ map`) at
    /// `position` of `stream`, sealed with the key `context` holds (the stream's).
    ///
    /// - Throws: `AESGCM.Failure.library` when libcrypto fails.
    func seal(_ clear: UnsafeRawBufferPointer, context: Context, position: UInt64, stream: String) throws(AESGCM.Failure) -> [UInt8] {
        let plainCount = clear.count - 1
        let total = 1 + AESGCM.nonceCount + plainCount + AESGCM.tagCount
        let label = PersonalSectionView.encryptionLabel
        var stream = stream
        var failed = false
        let section = stream.withUTF8 { name in
            // The additional data, label ‖ position ‖ stream, on the stack.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: label.count + 8 + name.count) { aad in
                _ = aad.initialize(from: label)
                withUnsafeBytes(of: position.bigEndian) { bytes in
                    for index in 0..<8 { aad[label.count + index] = bytes[index] }
                }
                if name.count > 0 { UnsafeMutableBufferPointer(rebasing: aad[(label.count + 8)...]).update(fromContentsOf: name) }
                return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                    let base = buffer.baseAddress!
                    base[0] = PersonalSectionView.encryptedEnvelope
                    let nonce = base + 1
                    nextNonce(into: nonce)
                    var written: Int32 = 0
                    let text = nonce + AESGCM.nonceCount
                    failed = !(EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1
                        && EVP_EncryptUpdate(context, nil, &written, aad.baseAddress, Int32(aad.count)) == 1
                        && (plainCount == 0 || EVP_EncryptUpdate(context, text, &written,
                                                                 clear.baseAddress!.assumingMemoryBound(to: UInt8.self) + 1, Int32(plainCount)) == 1)
                        && EVP_EncryptFinal_ex(context, text + plainCount, &written) == 1
                        && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(AESGCM.tagCount), text + plainCount) == 1)
                    count = total
                }
            }
        }
        if failed { throw .library(AESGCM.libraryReason()) }
        return section
    }
}

/// Wraps many data keys with the master key (docs/FORMAT.md §10: a box of the 32-byte key, AAD
/// the stream's name), the same bytes as `AESGCM.seal`, with one libcrypto context for all.
final class KeyWrapper {
    private let context: OpaquePointer

    init(master: MasterKey) throws(AESGCM.Failure) {
        guard let context = EVP_CIPHER_CTX_new() else { throw .library(AESGCM.libraryReason()) }
        guard EVP_EncryptInit_ex(context, AESGCM.cipher, nil, master.bytes, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .library(AESGCM.libraryReason())
        }
        self.context = context
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// The box of `key` for stream `name`.
    func wrap(_ key: DataKey, name: String) throws(AESGCM.Failure) -> [UInt8] {
        let total = AESGCM.nonceCount + key.bytes.count + AESGCM.tagCount
        let aad = Array(name.utf8)
        var failed = false
        let box = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let nonce = buffer.baseAddress!
            KernelRandom.fill(UnsafeMutableRawBufferPointer(start: nonce, count: AESGCM.nonceCount))
            let text = nonce + AESGCM.nonceCount
            var written: Int32 = 0
            failed = !(EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1
                && (aad.isEmpty || EVP_EncryptUpdate(context, nil, &written, aad, Int32(aad.count)) == 1)
                && EVP_EncryptUpdate(context, text, &written, key.bytes, Int32(key.bytes.count)) == 1
                && EVP_EncryptFinal_ex(context, text + key.bytes.count, &written) == 1
                && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(AESGCM.tagCount), text + key.bytes.count) == 1)
            count = total
        }
        if failed { throw .library(AESGCM.libraryReason()) }
        return box
    }
}
