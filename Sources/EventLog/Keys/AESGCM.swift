import CCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AES-256-GCM from the system's libcrypto: the one cipher of the key store (docs/FORMAT.md,
/// "The key store and the master key"), and of the personal sections once they are encrypted.
///
/// A sealed box is `nonce (12 bytes) ‖ ciphertext (as long as the plain text) ‖ tag (16 bytes)`;
/// the nonce is drawn from libcrypto's `RAND_bytes` for every box, and the additional
/// authenticated data is not stored: whoever opens the box must give the same bytes again.
public enum AESGCM {
    /// Bytes of a key.
    public static let keyCount = 32
    /// Bytes of the nonce at the start of a box.
    public static let nonceCount = 12
    /// Bytes of the tag at the end of a box.
    public static let tagCount = 16
    /// Bytes a box adds to its plain text.
    public static let overhead = nonceCount + tagCount

    /// AES-256-GCM as libcrypto's default provider gives it, fetched once: `EVP_aes_256_gcm()`
    /// makes OpenSSL 3 fetch it again at every init (a search by name that cost more than the
    /// encryption of a section). Never freed: it lives as long as the process.
    nonisolated(unsafe) static let cipher: OpaquePointer? = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) ?? EVP_aes_256_gcm()

    /// Why a box could not be sealed or opened.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The key is not 32 bytes.
        case wrongKeyLength(Int)
        /// The box is shorter than a nonce and a tag.
        case tooShort(Int)
        /// The tag does not match: a wrong key, other additional data, or changed bytes.
        case authenticationFailed
        /// libcrypto failed (its reason).
        case library(String)

        public var description: String {
            switch self {
            case let .wrongKeyLength(count): "an AES-256-GCM key is 32 bytes, not \(count)"
            case let .tooShort(count): "a sealed box of \(count) bytes is shorter than its nonce and tag (28 bytes)"
            case .authenticationFailed: "the sealed box does not open: a wrong key, or its bytes were changed"
            case let .library(reason): "libcrypto failed: \(reason)"
            }
        }
    }

    /// `count` bytes from libcrypto's random generator.
    ///
    /// - Throws: `Failure.library` when the generator cannot be seeded.
    public static func randomBytes(_ count: Int) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let rc = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        guard rc == 1 else { throw .library(libraryReason()) }
        return bytes
    }

    /// Encrypts `plainText` under `key` with `aad` authenticated beside it, and returns the box:
    /// a fresh random nonce, the cipher text, the tag.
    ///
    /// - Throws: `Failure.wrongKeyLength`, `.library`.
    public static func seal(_ plainText: some Collection<UInt8>, key: some Collection<UInt8>, aad: some Collection<UInt8> = [UInt8]()) throws(Failure) -> [UInt8] {
        let key = Array(key), plain = Array(plainText), aad = Array(aad)
        guard key.count == keyCount else { throw .wrongKeyLength(key.count) }
        let nonce = try randomBytes(nonceCount)
        var box = [UInt8](repeating: 0, count: nonceCount + plain.count + tagCount)
        let context = try Context()
        let ok = box.withUnsafeMutableBufferPointer { out -> Bool in
            guard let base = out.baseAddress else { return false }
            base.update(from: nonce, count: nonceCount)
            var written: Int32 = 0
            return EVP_EncryptInit_ex(context.pointer, cipher, nil, nil, nil) == 1
                && EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceCount), nil) == 1
                && EVP_EncryptInit_ex(context.pointer, nil, nil, key, nonce) == 1
                && (aad.isEmpty || EVP_EncryptUpdate(context.pointer, nil, &written, aad, Int32(aad.count)) == 1)
                && (plain.isEmpty || EVP_EncryptUpdate(context.pointer, base + nonceCount, &written, plain, Int32(plain.count)) == 1)
                && EVP_EncryptFinal_ex(context.pointer, base + nonceCount + plain.count, &written) == 1
                && EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagCount), base + nonceCount + plain.count) == 1
        }
        guard ok else { throw .library(libraryReason()) }
        return box
    }

    /// Decrypts a box made by `seal` under `key` with the same `aad`.
    ///
    /// - Throws: `Failure.authenticationFailed` for a wrong key, other `aad` or a changed byte
    ///   (nothing of the plain text is returned), `.tooShort`, `.wrongKeyLength`, `.library`.
    public static func open(_ box: some Collection<UInt8>, key: some Collection<UInt8>, aad: some Collection<UInt8> = [UInt8]()) throws(Failure) -> [UInt8] {
        let key = Array(key), box = Array(box), aad = Array(aad)
        guard key.count == keyCount else { throw .wrongKeyLength(key.count) }
        guard box.count >= overhead else { throw .tooShort(box.count) }
        let textCount = box.count - overhead
        var plain = [UInt8](repeating: 0, count: textCount)
        var tag = Array(box[(nonceCount + textCount)...])
        let context = try Context()
        var final: Int32 = 0
        var finalOut = [UInt8](repeating: 0, count: tagCount)
        let ok = plain.withUnsafeMutableBufferPointer { out -> Bool in
            box.withUnsafeBufferPointer { input -> Bool in
                guard let base = input.baseAddress else { return false }
                var written: Int32 = 0
                guard EVP_DecryptInit_ex(context.pointer, cipher, nil, nil, nil) == 1,
                      EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceCount), nil) == 1,
                      EVP_DecryptInit_ex(context.pointer, nil, nil, key, base) == 1,
                      aad.isEmpty || EVP_DecryptUpdate(context.pointer, nil, &written, aad, Int32(aad.count)) == 1,
                      textCount == 0 || EVP_DecryptUpdate(context.pointer, out.baseAddress, &written, base + nonceCount, Int32(textCount)) == 1,
                      EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagCount), &tag) == 1
                else { return false }
                // 1 when the tag matches; 0 (no error queued) when it does not.
                final = EVP_DecryptFinal_ex(context.pointer, &finalOut, &written)
                return true
            }
        }
        guard ok else { wipe(&plain); throw .library(libraryReason()) }
        guard final == 1 else {
            wipe(&plain)
            ERR_clear_error()
            throw .authenticationFailed
        }
        return plain
    }

    /// Overwrites `bytes` with zeros in place (key material a caller is done with).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } }
    }

    /// The reason of libcrypto's last error, clearing its queue.
    static func libraryReason() -> String {
        var reason = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(ERR_get_error(), &reason, reason.count)
        ERR_clear_error()
        return String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An EVP cipher context, freed (and so cleared: libcrypto wipes the key schedule) at the end.
    private final class Context {
        let pointer: OpaquePointer
        init() throws(Failure) {
            guard let made = EVP_CIPHER_CTX_new() else { throw .library(libraryReason()) }
            pointer = made
        }
        deinit { EVP_CIPHER_CTX_free(pointer) }
    }
}
