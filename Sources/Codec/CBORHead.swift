/// The head of one CBOR data item (RFC 8949 §3): major type, additional information and
/// argument, as read from caller memory with bounds checks.
struct CBORHead {
    /// Major type 0…7.
    var major: UInt8
    /// Additional information 0…31 (low five bits of the initial byte).
    var info: UInt8
    /// The argument: the value, length or count; for major type 7 with info 25…27 the float's
    /// bits. 0 for info 28…31.
    var argument: UInt64
    /// Bytes the head occupies (1, 2, 3, 5 or 9).
    var length: Int

    /// Reads the head at `offset`; nil when `bytes` end inside it. Info 28…31 (reserved and
    /// indefinite) come back as one-byte heads for the caller to reject.
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> CBORHead? {
        guard offset < bytes.count else { return nil }
        let initial = bytes[offset]
        let major = initial >> 5, info = initial & 0x1F
        let base = bytes.baseAddress!
        switch info {
        case 0...23:
            return CBORHead(major: major, info: info, argument: UInt64(info), length: 1)
        case 24:
            guard offset + 2 <= bytes.count else { return nil }
            return CBORHead(major: major, info: info, argument: UInt64(bytes[offset + 1]), length: 2)
        case 25:
            guard offset + 3 <= bytes.count else { return nil }
            let value = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt16.self))
            return CBORHead(major: major, info: info, argument: UInt64(value), length: 3)
        case 26:
            guard offset + 5 <= bytes.count else { return nil }
            let value = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self))
            return CBORHead(major: major, info: info, argument: UInt64(value), length: 5)
        case 27:
            guard offset + 9 <= bytes.count else { return nil }
            let value = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
            return CBORHead(major: major, info: info, argument: value, length: 9)
        default:
            return CBORHead(major: major, info: info, argument: 0, length: 1)
        }
    }

    /// True when the argument could not have been written in a shorter head (RFC 8949 §4.2.1).
    @inline(__always)
    var isShortest: Bool {
        switch info {
        case 24: return argument >= 24
        case 25: return argument > 0xFF
        case 26: return argument > 0xFFFF
        case 27: return argument > 0xFFFF_FFFF
        default: return true
        }
    }

    /// True when `argument` bytes fit between the end of this head at `offset` and `count`.
    @inline(__always)
    func contentFits(at offset: Int, in count: Int) -> Bool {
        argument <= UInt64(count - offset - length)
    }

    /// The float this head holds (info 25, 26 or 27 of major type 7), widened exactly to Double.
    var floatValue: Double {
        switch info {
        case 25: return HalfPrecision.double(fromBits: UInt16(truncatingIfNeeded: argument))
        case 26: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: argument)))
        default: return Double(bitPattern: argument)
        }
    }
}
