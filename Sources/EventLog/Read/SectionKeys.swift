#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a reader, a writer or a verification keeps of the encrypted personal sections it reads
/// (docs/FORMAT.md §5, envelope 2): the data keys it has looked up, by stream, and the clear
/// sections it has decrypted or not yet sealed, which the `PersonalSectionView`s it returns point
/// into. The clear bytes are overwritten with zeros and freed with it.
final class SectionKeys {
    /// The key of each stream looked up so far; nil for one that has none.
    private var keys: [String: DataKey?] = [:]
    private var clearSections: [UnsafeMutableRawBufferPointer] = []

    /// The data key of `stream` in `store`, looked up once.
    ///
    /// - Throws: `KeyStoreError.entryDamaged`; `StoreError.storage`.
    func key(for stream: String, in store: KeyStore) throws -> DataKey? {
        if let known = keys[stream] { return known }
        let found = try store.key(for: stream)
        keys[stream] = .some(found)
        return found
    }

    /// Makes `key` the key of `stream` from now on (one a writer made for a stream that had none).
    func remember(_ key: DataKey, for stream: String) {
        keys[stream] = .some(key)
    }

    /// A copy of `bytes` that lives as long as this object; `bytes` is overwritten with zeros.
    func keep(_ bytes: inout [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: $0.count) } }
        clearSections.append(buffer)
        let kept = UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count])
        AESGCM.wipe(&bytes)
        return kept
    }

    deinit {
        for buffer in clearSections {
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
            buffer.deallocate()
        }
    }
}

extension PersonalSectionView {
    /// The first bytes of an encrypted section's additional data (docs/FORMAT.md §5).
    static let encryptionLabel = Array("caselog personal section".utf8)

    /// The additional data of the encrypted section at `position` of `stream`: the label, the
    /// position (8 bytes, big-endian), the stream name (UTF-8).
    static func encryptionData(position: UInt64, stream: some Collection<UInt8>) -> [UInt8] {
        var data = encryptionLabel
        withUnsafeBytes(of: position.bigEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: stream)
        return data
    }

    /// The envelope-2 section for the envelope-1 section `clear` at `position` of `stream`,
    /// sealed with the stream's data key `key`.
    ///
    /// - Throws: `AESGCM.Failure` (libcrypto failed).
    static func encrypt(_ clear: UnsafeRawBufferPointer, key: DataKey, position: UInt64, stream: String) throws -> [UInt8] {
        let box = try AESGCM.seal(clear[1...], key: key.bytes, aad: encryptionData(position: position, stream: stream.utf8))
        return [encryptedEnvelope] + box
    }

    /// The envelope-1 section of the envelope-2 section `section` at `position` of `stream`
    /// opened with `key`; nil when it does not open (a wrong key, another place, a changed byte).
    static func decrypt(_ section: UnsafeRawBufferPointer, key: DataKey, position: UInt64, stream: some Collection<UInt8>) -> [UInt8]? {
        guard section.first == encryptedEnvelope,
              var plain = try? AESGCM.open(section[1...], key: key.bytes, aad: encryptionData(position: position, stream: stream))
        else { return nil }
        defer { AESGCM.wipe(&plain) }
        var clear = [UInt8](repeating: plainEnvelope, count: plain.count + 1)
        clear.withUnsafeMutableBufferPointer { out in
            plain.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(rebasing: out[1...]).update(fromContentsOf: $0) }
        }
        return clear
    }
}
