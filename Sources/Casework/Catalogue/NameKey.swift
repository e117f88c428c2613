#if canImport(Glibc)
import Glibc
#endif

/// A name's length and its first and last eight bytes (zero-filled when shorter), for finding
/// a field or a type by the UTF-8 bytes of its name without making a string: equal keys of
/// names up to 16 bytes are equal names; longer ones are compared in full after.
struct NameKey: Sendable, Hashable {
    let count: Int
    let head: UInt64
    let tail: UInt64

    init(_ bytes: UnsafeRawBufferPointer) {
        count = bytes.count
        var head: UInt64 = 0
        var tail: UInt64 = 0
        withUnsafeMutableBytes(of: &head) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(8))) }
        withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.suffix(min(8, max(bytes.count - 8, 0))))) }
        self.head = head
        self.tail = tail
    }

    /// True when the key alone settles that the names are equal.
    var isWhole: Bool { count <= 16 }

    /// True when `name`, whose key this is, is `text`, whose key the caller has found equal to
    /// it: settled by the keys alone up to 16 bytes, by comparing the bytes beyond (`text`
    /// given as a literal is contiguous UTF-8).
    func names(_ text: String, _ name: UnsafeRawBufferPointer) -> Bool {
        if isWhole { return true }
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { stored in
            stored.count == name.count && memcmp(stored.baseAddress!, name.baseAddress!, name.count) == 0
        } ?? utf8.elementsEqual(name)
    }
}
