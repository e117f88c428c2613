import Codec
/// The personal-data section of one event, as stored in the `personal` database:
/// envelope version (1 byte, 1 = fields in clear), salt (16 bytes), fields (a CBOR map).
///
/// The record keeps only SHA-256 of the whole section, so the section can be erased
/// without breaking the hash chain, and the salt keeps the digest from revealing the fields.
public struct PersonalSectionView {
    /// The section's bytes.
    public let bytes: UnsafeRawBufferPointer

    static let headerSize = 17
    /// A section in clear (docs/FORMAT.md §5, envelope 1), as `LogReader.storedEnvelope` gives it.
    public static let plainEnvelope: UInt8 = 1
    /// The whole of an erased section (docs/FORMAT.md §5): envelope 0, no salt, no fields.
    static let erasedEnvelope: UInt8 = 0
    /// A section encrypted with its stream's data key (docs/FORMAT.md §5, envelope 2).
    public static let encryptedEnvelope: UInt8 = 2
    /// Why an encrypted section whose stream has a key cannot be read.
    static let undecryptable = "its personal-data section does not decrypt with its stream's key: it was changed or moved"

    /// The envelope version: 1 means the fields are stored in clear.
    public var envelope: UInt8 { bytes.first ?? 0 }
    /// The 16-byte salt.
    public var salt: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[1..<min(bytes.count, Self.headerSize)])
    }
    /// The fields: a CBOR map.
    public var fieldBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[min(bytes.count, Self.headerSize)...])
    }
    /// The fields as a CBOR view.
    public var fields: CBORView { CBORView(fieldBytes) }
    /// True for a section encrypted with its stream's data key (envelope 2) that could not be
    /// decrypted because there is no key: destroyed, or the store was opened without its key
    /// store. Its fields cannot be read (`isWellFormed` is false).
    public var isEncryptedWithoutKey: Bool { envelope == Self.encryptedEnvelope }
    /// True for an erased section (envelope 0): its fields are gone from the log.
    public var isErased: Bool { bytes.count == 1 && envelope == Self.erasedEnvelope }
    /// True when the section is long enough and of a known envelope.
    public var isWellFormed: Bool { bytes.count > Self.headerSize && envelope == Self.plainEnvelope }

    /// An owned copy of the fields and salt.
    public func copy() -> PersonalData { PersonalData(fields: Array(fieldBytes), salt: Array(salt)) }

    /// Builds the stored section for `data`, drawing a salt from `salts` when it has none.
    /// (Written in place at its final size: appending piece by piece checked capacity and
    /// uniqueness at every step, for every event with personal fields.)
    static func seal(_ data: PersonalData, salts: inout SaltPool) -> [UInt8] {
        let fields = data.fields
        let total = headerSize + fields.count
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            base.storeBytes(of: plainEnvelope, as: UInt8.self)
            if let salt = data.salt {
                // The writer refuses a salt of any other length before it seals (`invalidSalt`).
                precondition(salt.count == 16, "a personal-data salt is 16 bytes")
                salt.withUnsafeBytes { base.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 16) }
            } else {
                salts.writeSalt(to: base.advanced(by: 1))
            }
            fields.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress { base.advanced(by: headerSize).copyMemory(from: source, byteCount: bytes.count) }
            }
            count = total
        }
    }
}
