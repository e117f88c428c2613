/// Something that can be passed to LMDB as the bytes of a key or a value.
///
/// LMDB compares keys as bytes (`memcmp`), so integers that must sort numerically are passed
/// as `BigEndianKey`.
public protocol ByteKey {
    /// Calls `body` with the bytes; they are valid only during the call.
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ByteKey where Element == UInt8 {
    @inlinable
    public func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension UnsafeRawBufferPointer: ByteKey {
    @inlinable
    public func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(self)
    }
}

extension String: ByteKey {
    /// The UTF-8 bytes of the string.
    @inlinable
    public func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}

/// An unsigned integer stored as 8 big-endian bytes, so that LMDB's byte order is numeric order.
public struct BigEndianKey: ByteKey, Hashable, Sendable {
    /// The integer.
    public let value: UInt64

    /// Wraps `value`.
    @inlinable
    public init(_ value: UInt64) { self.value = value }

    @inlinable
    public func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: value.bigEndian, body)
    }

    /// Reads 8 big-endian bytes; nil when `bytes` is not exactly 8 bytes long.
    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    }
}
