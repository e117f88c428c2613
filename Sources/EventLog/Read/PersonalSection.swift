/// The personal-data section of one event, as stored in the `personal` database:
/// envelope version (1 byte, 1 = fields in clear), salt (16 bytes), fields (a CBOR map).
///
/// The record keeps only SHA-256 of the whole section, so the section can be erased
/// without breaking the hash chain, and the salt keeps the digest from revealing the fields.
public struct PersonalSectionView {
    /// The section's bytes.
    public let bytes: UnsafeRawBufferPointer

    static let headerSize = 17
    static let plainEnvelope: UInt8 = 1

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
    /// True when the section is long enough and of a known envelope.
    public var isWellFormed: Bool { bytes.count > Self.headerSize && envelope == Self.plainEnvelope }

    /// An owned copy of the fields and salt.
    public func copy() -> PersonalData { PersonalData(fields: Array(fieldBytes), salt: Array(salt)) }

    /// Builds the stored section for `data`, drawing a salt from `salts` when it has none.
    static func seal(_ data: PersonalData, salts: inout SaltPool) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(headerSize + data.fields.count)
        bytes.append(plainEnvelope)
        if let salt = data.salt {
            bytes.append(contentsOf: salt)
        } else {
            salts.appendSalt(to: &bytes)
        }
        bytes.append(contentsOf: data.fields)
        return bytes
    }
}
