#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event log's rule for payload bytes: one item of deterministic CBOR (RFC 8949 §4.2)
/// inside the JSON-compatible data model.
///
/// The data model: integers that fit `Int64`, text strings of valid UTF-8, arrays, maps with text
/// keys, `false`, `true`, `null`, and finite floats. Nothing else: no byte strings, tags,
/// `undefined`, other simple values, NaN or infinities (JSON has none of them, and every
/// payload must export to JSON).
public enum DeterministicCBOR {
    /// Checks that `bytes` is exactly one deterministic item of the data model.
    ///
    /// Rejects, naming the offset: truncated or trailing bytes; anything outside the data model;
    /// integer and length heads that are not in shortest form; indefinite lengths; map keys that
    /// are not text, out of order (shorter first, then bytewise) or repeated; floats that a
    /// narrower width would hold exactly; invalid UTF-8; integers outside `Int64`; nesting
    /// deeper than `maximumDepth` (the outermost array or map is depth 1); and, when
    /// `requireMap`, an outermost item that is not a map.
    ///
    /// Costs one pass over the bytes (ASCII text eight bytes at a time) and no allocation.
    public static func validate(
        _ bytes: UnsafeRawBufferPointer, requireMap: Bool = true, maximumDepth: Int = 64
    ) throws(CBORError) {
        if requireMap, bytes.first.map({ $0 >> 5 }) != 5 {
            throw CBORError(offset: 0, message: bytes.isEmpty ? "empty input (expected a map)" : "expected a map")
        }
        var validator = DeterministicValidator(bytes: bytes, maximumDepth: maximumDepth)
        try validator.item(depth: 1)
        if validator.position != bytes.count {
            throw CBORError(offset: validator.position, message: "trailing bytes after the item")
        }
    }
}

/// The single pass behind `DeterministicCBOR.validate`.
struct DeterministicValidator {
    let bytes: UnsafeRawBufferPointer
    let maximumDepth: Int
    var position = 0

    init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Validates the item at `position` (at nesting `depth`) and moves past it.
    mutating func item(depth: Int) throws(CBORError) {
        let start = position
        let head = try readHead()
        switch head.major {
        case 0, 1:
            guard head.argument <= UInt64(Int64.max) else {
                throw CBORError(offset: start, message: "integer outside the 64-bit signed range")
            }
        case 2:
            throw CBORError(offset: start, message: "byte strings are not allowed")
        case 3:
            try text(head, start: start)
        case 4:
            guard depth <= maximumDepth else { throw tooDeep(start) }
            var remaining = head.argument
            while remaining > 0 {
                try item(depth: depth + 1)
                remaining -= 1
            }
        case 5:
            guard depth <= maximumDepth else { throw tooDeep(start) }
            try map(entries: head.argument, depth: depth)
        case 6:
            throw CBORError(offset: start, message: "tags are not allowed")
        default:
            try simpleOrFloat(head, start: start)
        }
    }

    /// Reads and checks the head at `position`: present, not reserved or indefinite, shortest.
    @inline(__always)
    mutating func readHead() throws(CBORError) -> CBORHead {
        let start = position
        guard let head = CBORHead.read(bytes, at: start) else {
            throw CBORError(offset: start, message: "truncated: the input ends inside an item")
        }
        if head.info >= 28 {
            throw CBORError(offset: start, message: head.info == 31
                ? "indefinite lengths are not allowed" : "reserved additional information \(head.info)")
        }
        if head.major != 7, !head.isShortest {
            throw CBORError(offset: start, message: "integer or length not in its shortest form")
        }
        position += head.length
        return head
    }

    /// Checks a text string's length and UTF-8 and moves past it.
    @inline(__always)
    mutating func text(_ head: CBORHead, start: Int) throws(CBORError) {
        guard head.contentFits(at: start, in: bytes.count) else {
            throw CBORError(offset: start, message: "truncated: text string longer than the input")
        }
        let end = position + Int(head.argument)
        if let bad = UTF8Validation.firstInvalidByte(bytes.baseAddress!, from: position, to: end, readableEnd: bytes.count) {
            throw CBORError(offset: bad, message: "invalid UTF-8 in a text string")
        }
        position = end
    }

    /// Checks `entries` key/value pairs: text keys in strictly increasing encoded order.
    mutating func map(entries: UInt64, depth: Int) throws(CBORError) {
        var previousKeyStart = -1
        var previousKeyEnd = -1
        var remaining = entries
        while remaining > 0 {
            let keyStart = position
            let head = try readHead()
            guard head.major == 3 else {
                throw CBORError(offset: keyStart, message: "map keys must be text strings")
            }
            try text(head, start: keyStart)
            if previousKeyStart >= 0 {
                let order = compareKeys(previousKeyStart, previousKeyEnd, keyStart, position)
                if order >= 0 {
                    let key = UnsafeRawBufferPointer(rebasing: bytes[(keyStart + head.length)..<position])
                    throw CBORError(offset: keyStart, message: order == 0
                        ? "duplicate key \(ErrorSnippet.quoted(key))"
                        : "map key \(ErrorSnippet.quoted(key)) out of order (keys sort shorter first, then bytewise)")
                }
            }
            previousKeyStart = keyStart
            previousKeyEnd = position
            try item(depth: depth + 1)
            remaining -= 1
        }
    }

    /// Bytewise order of the encoded keys `a..<aEnd` and `b..<bEnd`: negative, 0 or positive.
    @inline(__always)
    func compareKeys(_ a: Int, _ aEnd: Int, _ b: Int, _ bEnd: Int) -> Int {
        let base = bytes.baseAddress!
        let shared = min(aEnd - a, bEnd - b)
        if shared > 16 {
            let order = memcmp(base + a, base + b, shared)
            return order != 0 ? Int(order) : (aEnd - a) - (bEnd - b)
        }
        // Short keys (most of them): a call costs more than the comparison, and keys of
        // different lengths differ in their first (head) byte.
        for index in 0..<shared {
            let x = bytes[a + index], y = bytes[b + index]
            if x != y { return Int(x) - Int(y) }
        }
        return (aEnd - a) - (bEnd - b)
    }

    /// Checks major type 7: only false, true, null and finite floats in shortest form.
    mutating func simpleOrFloat(_ head: CBORHead, start: Int) throws(CBORError) {
        switch head.info {
        case 20, 21, 22:
            return
        case 23:
            throw CBORError(offset: start, message: "undefined is not allowed")
        case 25:
            guard head.argument & 0x7C00 != 0x7C00 else { throw notFinite(start) }
        case 26:
            let single = Float(bitPattern: UInt32(truncatingIfNeeded: head.argument))
            guard single.isFinite else { throw notFinite(start) }
            if HalfPrecision.bits(exactly: Double(single)) != nil {
                throw CBORError(offset: start, message: "float not in its shortest form (fits half precision)")
            }
        case 27:
            let double = Double(bitPattern: head.argument)
            guard double.isFinite else { throw notFinite(start) }
            if Double(Float(double)) == double {
                throw CBORError(offset: start, message: "float not in its shortest form (fits single precision)")
            }
        default:
            throw CBORError(offset: start, message: "simple value \(head.info == 24 ? head.argument : UInt64(head.info)) is not allowed")
        }
    }

    func tooDeep(_ offset: Int) -> CBORError {
        CBORError(offset: offset, message: "nested more than \(maximumDepth) deep")
    }

    func notFinite(_ offset: Int) -> CBORError {
        CBORError(offset: offset, message: "NaN and infinities are not allowed (JSON has no form for them)")
    }
}
