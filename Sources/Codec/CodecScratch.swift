/// Growable raw memory behind the writers' hot paths (JSON→CBOR transcoding, CBOR→JSON), where
/// `Array`'s per-append checks would cost more than the work itself.
///
/// A writer keeps one and reuses it for every call, so steady-state writing allocates nothing.
/// Only a writer that holds the sole reference writes to it (`CBORWriter.uniqueScratch()`,
/// `JSONWriter.uniqueScratch()` replace a shared one), which is what makes it safe to send.
final class CodecScratch: @unchecked Sendable {
    /// Output bytes.
    private(set) var bytes: UnsafeMutableRawPointer
    private(set) var byteCapacity: Int
    /// Members of the JSON objects being transcoded, innermost last.
    private(set) var spans: UnsafeMutablePointer<MemberSpan>
    private(set) var spanCapacity: Int
    /// Where an object's members are copied while they are put in key order.
    private(set) var reorder: UnsafeMutableRawPointer
    private(set) var reorderCapacity: Int

    init() {
        byteCapacity = 1_024
        bytes = .allocate(byteCount: byteCapacity, alignment: 16)
        spanCapacity = 64
        spans = .allocate(capacity: spanCapacity)
        reorderCapacity = 256
        reorder = .allocate(byteCount: reorderCapacity, alignment: 16)
    }

    deinit {
        bytes.deallocate()
        spans.deallocate()
        reorder.deallocate()
    }

    /// Grows the output to at least `minimum` bytes, keeping the first `count`.
    func growBytes(minimum: Int, keeping count: Int) {
        let capacity = max(minimum, byteCapacity * 2)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        grown.copyMemory(from: bytes, byteCount: count)
        bytes.deallocate()
        bytes = grown
        byteCapacity = capacity
    }

    /// Grows the span stack to at least `minimum` spans, keeping the first `count`.
    func growSpans(minimum: Int, keeping count: Int) {
        let capacity = max(minimum, spanCapacity * 2)
        let grown = UnsafeMutablePointer<MemberSpan>.allocate(capacity: capacity)
        grown.initialize(from: spans, count: count)
        spans.deallocate()
        spans = grown
        spanCapacity = capacity
    }

    /// Memory for at least `count` reorder bytes (contents not kept).
    func reorderBuffer(_ count: Int) -> UnsafeMutableRawPointer {
        if count > reorderCapacity {
            reorder.deallocate()
            reorderCapacity = max(count, reorderCapacity * 2)
            reorder = .allocate(byteCount: reorderCapacity, alignment: 16)
        }
        return reorder
    }
}

/// A write cursor over a `CodecScratch`: bytes and member spans appended through raw pointers,
/// with one capacity check per write.
struct ScratchOutput {
    let scratch: CodecScratch
    var base: UnsafeMutableRawPointer
    var count = 0
    var capacity: Int
    var spans: UnsafeMutablePointer<MemberSpan>
    var spanCount = 0
    var spanCapacity: Int

    init(_ scratch: CodecScratch) {
        self.scratch = scratch
        base = scratch.bytes
        capacity = scratch.byteCapacity
        spans = scratch.spans
        spanCapacity = scratch.spanCapacity
    }

    /// The bytes written so far.
    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    @inline(never)
    mutating func grow(_ extra: Int) {
        scratch.growBytes(minimum: count + extra, keeping: count)
        base = scratch.bytes
        capacity = scratch.byteCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends `length` bytes from `source`. Copies of up to 16 bytes (most keys and short
    /// values) are done with two overlapping loads and stores instead of a call.
    @inline(__always)
    mutating func append(_ source: UnsafeRawPointer, count length: Int) {
        reserve(length)
        let destination = base + count
        switch length {
        case 8...16:
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            destination.storeBytes(of: head, as: UInt64.self)
            destination.storeBytes(of: tail, toByteOffset: length &- 8, as: UInt64.self)
        case 4..<8:
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
            destination.storeBytes(of: head, as: UInt32.self)
            destination.storeBytes(of: tail, toByteOffset: length &- 4, as: UInt32.self)
        case 0..<4:
            for index in 0..<length {
                destination.storeBytes(of: source.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self)
            }
        default:
            destination.copyMemory(from: source, byteCount: length)
        }
        count += length
    }

    /// Appends a CBOR head with the shortest encoding of `argument`.
    @inline(__always)
    mutating func appendHead(major: UInt8, argument: UInt64) {
        reserve(9)
        count += CBORWriter.storeHead(major: major, argument: argument, at: base + count)
    }

    /// Appends `value` as a CBOR float in preferred serialization.
    mutating func appendDouble(_ value: Double) {
        reserve(9)
        count += CBORWriter.storeDouble(value, at: base + count)
    }

    @inline(never)
    mutating func growSpans() {
        scratch.growSpans(minimum: spanCount + 1, keeping: spanCount)
        spans = scratch.spans
        spanCapacity = scratch.spanCapacity
    }

    /// Pushes a member span.
    @inline(__always)
    mutating func pushSpan(_ span: MemberSpan) {
        if spanCount == spanCapacity { growSpans() }
        (spans + spanCount).initialize(to: span)
        spanCount += 1
    }
}
