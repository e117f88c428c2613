import Codec
/// Byte offsets of the fixed record header, format version 1 (docs/FORMAT.md).
///
/// Integers are little-endian; ids are 16 bytes in UUID (big-endian) order; the header is
/// followed by the stream name, type and actor (UTF-8) and the data (deterministic CBOR).
/// A scan reads any header field at a fixed offset without decoding the rest.
@usableFromInline
enum RecordLayout {
    @usableFromInline static let hash = 0                 // 32 bytes
    @usableFromInline static let formatVersion = 32      // UInt16
    @usableFromInline static let flags = 34               // UInt16
    @usableFromInline static let recordLength = 36        // UInt32
    @usableFromInline static let position = 40            // UInt64
    @usableFromInline static let streamNumber = 48        // UInt64
    @usableFromInline static let version = 56             // UInt64
    @usableFromInline static let occurredAt = 64          // Int64, µs since the Unix epoch
    @usableFromInline static let recordedAt = 72          // Int64, µs since the Unix epoch
    @usableFromInline static let eventID = 80             // 16 bytes
    @usableFromInline static let correlationID = 96       // 16 bytes, zero when absent
    @usableFromInline static let causationID = 112        // 16 bytes, zero when absent
    @usableFromInline static let personalDigest = 128     // 32 bytes, zero when absent
    @usableFromInline static let personalLength = 160     // UInt32
    @usableFromInline static let streamLength = 164       // UInt8
    @usableFromInline static let typeLength = 165         // UInt8
    @usableFromInline static let actorLength = 166        // UInt8
    @usableFromInline static let reserved = 167           // UInt8, zero
    @usableFromInline static let dataLength = 168         // UInt32
    /// Size of the fixed header; the variable part starts here.
    @usableFromInline static let headerSize = 172
    /// The hash covers the previous hash and every byte from here to the end.
    @usableFromInline static let hashedFrom = 32

    /// The record format this code writes.
    @usableFromInline static let currentFormatVersion: UInt16 = 1

    /// Flag bits.
    @usableFromInline static let hasCorrelationID: UInt16 = 1 << 0
    @usableFromInline static let hasCausationID: UInt16 = 1 << 1
    @usableFromInline static let hasPersonal: UInt16 = 1 << 2
}

/// The limits a record must fit in.
public enum RecordLimits {
    /// A whole record (header, names and data) may not exceed 1 MiB.
    public static let maximumRecordSize = 1 << 20
    /// Stream names, types and actors are at most 255 bytes of UTF-8.
    public static let maximumNameLength = 255
}
