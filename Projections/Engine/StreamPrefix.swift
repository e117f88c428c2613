/// The start of a stream's name that a projection follows (`CMP-`, `TS-`), matched against a
/// record's `streamBytes` for every record of a scan: one 8-byte load, a mask and a comparison
/// for any stream name of 8 bytes or more (every case and subject reference), a byte loop for
/// shorter ones. Allocates nothing.
struct StreamPrefix: Sendable {
    private let utf8: [UInt8]
    /// The prefix's bytes as the first bytes of a little or big-endian word, read as the
    /// machine reads a stream's first 8 bytes, and the mask that keeps only them.
    private let word: UInt64
    private let mask: UInt64

    /// The prefix `text`, of at most 8 bytes of UTF-8.
    ///
    /// - Precondition: `text` is 8 bytes or shorter.
    init(_ text: String) {
        utf8 = Array(text.utf8)
        precondition(utf8.count <= 8, "a stream prefix is 8 bytes at most")
        var padded = utf8 + Array(repeating: 0, count: 8 - utf8.count)
        var ones = Array(repeating: UInt8(0xFF), count: utf8.count) + Array(repeating: 0, count: 8 - utf8.count)
        word = padded.withUnsafeMutableBytes { $0.loadUnaligned(as: UInt64.self) }
        mask = ones.withUnsafeMutableBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// True when `stream` (a record's `streamBytes`) starts with the prefix.
    @inline(__always)
    func matches(_ stream: UnsafeRawBufferPointer) -> Bool {
        if stream.count >= 8 { return stream.loadUnaligned(as: UInt64.self) & mask == word }
        guard stream.count >= utf8.count else { return false }
        for index in utf8.indices where stream[index] != utf8[index] { return false }
        return true
    }
}
