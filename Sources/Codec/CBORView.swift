#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A view of one CBOR item inside caller-owned memory (an LMDB page, an array's storage).
///
/// Never copies and never allocates, except `string` and `subscript(key:)` when the key is not
/// contiguous UTF-8. Valid only while the memory is. It trusts bytes that passed
/// `DeterministicCBOR.validate`, but stays memory-safe on anything: accessors of malformed or
/// mismatched items return nil (or empty, or 0) instead of crashing.
public struct CBORView {
    /// The memory the item starts at. Views handed out by `forEachElement`, `forEachEntry` and
    /// the lookups span exactly their item.
    public let bytes: UnsafeRawBufferPointer

    /// A view of the item at the start of `bytes`. Checks nothing until an accessor is used.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The shape of an item of the log's data model.
    public enum Kind: Sendable, Hashable {
        /// Major type 0 or 1.
        case integer
        /// A text string (major type 3).
        case text
        /// An array (major type 4).
        case array
        /// A map (major type 5).
        case map
        /// `false` or `true`.
        case bool
        /// `null`.
        case null
        /// A half, single or double precision float.
        case float
    }

    var head: CBORHead? {
        guard let head = CBORHead.read(bytes, at: 0), head.info < 28 else { return nil }
        return head
    }

    /// The item's kind; nil when the bytes hold something outside the data model or are truncated.
    public var kind: Kind? {
        guard let head else { return nil }
        switch (head.major, head.info) {
        case (0, _), (1, _): return .integer
        case (3, _): return .text
        case (4, _): return .array
        case (5, _): return .map
        case (7, 20), (7, 21): return .bool
        case (7, 22): return .null
        case (7, 25), (7, 26), (7, 27): return .float
        default: return nil
        }
    }

    /// The contents of a byte string (major type 2); nil for any other item or a truncated one.
    public var byteString: UnsafeRawBufferPointer? {
        guard let initial = bytes.first, initial >> 5 == 2 else { return nil }
        let info = initial & 0x1F
        guard info <= 27 else { return nil }
        let headLength = info < 24 ? 1 : 1 + (1 << Int(info - 24))
        let end = encodedByteCount
        guard end >= headLength else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[headLength..<end])
    }

    /// The integer; nil for other kinds and for integers outside `Int64`.
    public var integer: Int64? {
        guard let head, head.major <= 1, head.argument <= UInt64(Int64.max) else { return nil }
        let magnitude = Int64(head.argument)
        return head.major == 0 ? magnitude : ~magnitude
    }

    /// The float widened to `Double`, or an integer converted (rounded beyond 2^53); nil otherwise.
    public var double: Double? {
        guard let head else { return nil }
        if head.major == 7, (25...27).contains(head.info) { return head.floatValue }
        return integer.map(Double.init)
    }

    /// The Boolean; nil for other kinds.
    public var bool: Bool? {
        guard let first = bytes.first else { return nil }
        return first == 0xF5 ? true : first == 0xF4 ? false : nil
    }

    /// True when the item is `null`.
    public var isNull: Bool { bytes.first == 0xF6 }

    /// The text string's UTF-8 bytes, inside the viewed memory; nil for other kinds or when the
    /// string runs past the end.
    public var textBytes: UnsafeRawBufferPointer? {
        guard let head, head.major == 3, head.contentFits(at: 0, in: bytes.count) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[head.length..<(head.length + Int(head.argument))])
    }

    /// The text string as a `String` (allocates for more than 15 bytes); nil for other kinds.
    public var string: String? {
        textBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The number of elements of an array or entries of a map; nil for other kinds, and for
    /// counts that the bytes cannot possibly hold.
    public var count: Int? {
        guard let head, head.major == 4 || head.major == 5, head.argument <= UInt64(bytes.count) else { return nil }
        return Int(head.argument)
    }

    /// The bytes this item spans, head and content; 0 when it is malformed or truncated.
    /// Costs a walk over nested items (no recursion, no allocation).
    public var encodedByteCount: Int {
        CBORSkip.end(of: bytes, at: 0) ?? 0
    }

    /// Calls `body` with each element of an array, in order. Does nothing for other kinds, and
    /// stops at the first element that is malformed.
    public func forEachElement(_ body: (CBORView) throws -> Void) rethrows {
        guard let head, head.major == 4 else { return }
        var position = head.length
        for _ in 0..<min(head.argument, UInt64(bytes.count)) {
            guard let end = CBORSkip.end(of: bytes, at: position) else { return }
            try body(CBORView(UnsafeRawBufferPointer(rebasing: bytes[position..<end])))
            position = end
        }
    }

    /// Calls `body` with each key's UTF-8 bytes and value of a map, in stored order (which is
    /// key order for validated bytes). Does nothing for other kinds, and stops at the first entry
    /// that is malformed or has a key that is not text.
    public func forEachEntry(_ body: (_ key: UnsafeRawBufferPointer, _ value: CBORView) throws -> Void) rethrows {
        guard let head, head.major == 5 else { return }
        var position = head.length
        for _ in 0..<min(head.argument, UInt64(bytes.count)) {
            guard let (key, value, end) = entry(at: position) else { return }
            try body(key, value)
            position = end
        }
    }

    /// The value stored under `key` in a map; nil when absent or not a map.
    /// Costs a linear scan of the keys (most payloads have a handful), no allocation.
    public func value(forKey key: UnsafeRawBufferPointer) -> CBORView? {
        guard let head, head.major == 5 else { return nil }
        var position = head.length
        for _ in 0..<min(head.argument, UInt64(bytes.count)) {
            guard let (candidate, value, end) = entry(at: position) else { return nil }
            if candidate.count == key.count,
               key.isEmpty || memcmp(candidate.baseAddress!, key.baseAddress!, key.count) == 0 {
                return value
            }
            position = end
        }
        return nil
    }

    /// The value stored under `key` in a map; nil when absent or not a map. Same cost as
    /// `value(forKey:)` for native strings.
    public subscript(key: String) -> CBORView? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ value(forKey: UnsafeRawBufferPointer($0)) }) {
            return found
        }
        return Array(key.utf8).withUnsafeBytes { value(forKey: $0) }
    }

    /// The map entry at `position`: key bytes, value view, and the offset after the value.
    func entry(at position: Int) -> (UnsafeRawBufferPointer, CBORView, Int)? {
        guard let keyHead = CBORHead.read(bytes, at: position), keyHead.major == 3, keyHead.info < 28,
              keyHead.contentFits(at: position, in: bytes.count)
        else { return nil }
        let keyStart = position + keyHead.length
        let valueStart = keyStart + Int(keyHead.argument)
        guard let end = CBORSkip.end(of: bytes, at: valueStart) else { return nil }
        return (UnsafeRawBufferPointer(rebasing: bytes[keyStart..<valueStart]),
                CBORView(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end])), end)
    }
}
