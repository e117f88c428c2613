#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Deterministic member order for maps transcoded from JSON (RFC 8949 §4.2.1): members are
// written as they come, their spans recorded, and only out-of-order maps are rearranged.

/// One member of a JSON object being transcoded, as offsets into the scratch output: the
/// encoded key is `keyStart..<keyEnd`, the encoded value `keyEnd..<valueEnd`.
struct MemberSpan {
    var keyStart: Int
    var keyEnd: Int
    var valueEnd: Int
    /// Where the key's opening quote is in the JSON input, for duplicate-key errors.
    var jsonOffset: Int
}

extension ScratchOutput {
    /// Overwrites the one-byte placeholder head at `position` with the head of `argument`,
    /// moving what follows when the head needs more bytes (24 or more members).
    mutating func setHead(major: UInt8, argument: UInt64, at position: Int) {
        let length = CBORWriter.headLength(argument)
        if length > 1 {
            reserve(length - 1)
            memmove(base + position + length, base + position + 1, count - position - 1)
            count += length - 1
        }
        _ = CBORWriter.storeHead(major: major, argument: argument, at: base + position)
    }

    /// Completes the map whose placeholder head is at `headPosition` and whose members are the
    /// spans from `spanBase` on: puts the members in key order, fails on a repeated key, and
    /// pops the spans.
    mutating func finishMap(headPosition: Int, spanBase: Int) throws(JSONError) {
        let memberCount = spanCount - spanBase
        let members = UnsafeMutableBufferPointer(start: spans + spanBase, count: memberCount)
        defer { spanCount = spanBase }
        var index = 1
        while index < memberCount, compareKeys(members[index - 1], members[index]) < 0 { index += 1 }
        if index >= memberCount {
            setHead(major: 5, argument: UInt64(memberCount), at: headPosition)
            return
        }
        let base = self.base
        func precedes(_ a: MemberSpan, _ b: MemberSpan) -> Bool {
            let order = Self.compareKeys(base, a, b)
            return order != 0 ? order < 0 : a.jsonOffset < b.jsonOffset
        }
        if memberCount <= 16 {
            for sorted in 1..<memberCount {
                let member = members[sorted]
                var slot = sorted
                while slot > 0, precedes(member, members[slot - 1]) {
                    members[slot] = members[slot - 1]
                    slot -= 1
                }
                members[slot] = member
            }
        } else {
            var all = members
            all.sort(by: precedes)
        }
        var duplicate: MemberSpan?
        for index in 1..<memberCount where compareKeys(members[index - 1], members[index]) == 0 {
            if duplicate.map({ members[index].jsonOffset < $0.jsonOffset }) ?? true { duplicate = members[index] }
        }
        if let duplicate {
            let keyHead = CBORHead.read(UnsafeRawBufferPointer(start: base, count: count), at: duplicate.keyStart)
            let keyStart = duplicate.keyStart + (keyHead?.length ?? 1)
            let key = UnsafeRawBufferPointer(start: base + keyStart, count: duplicate.keyEnd - keyStart)
            throw JSONError(offset: duplicate.jsonOffset, message: "duplicate key \(ErrorSnippet.quoted(key))")
        }
        let regionStart = headPosition + 1
        let copy = scratch.reorderBuffer(count - regionStart)
        copy.copyMemory(from: base + regionStart, byteCount: count - regionStart)
        count = headPosition
        appendHead(major: 5, argument: UInt64(memberCount))
        for member in members {
            append(copy + (member.keyStart - regionStart), count: member.valueEnd - member.keyStart)
        }
    }

    @inline(__always)
    func compareKeys(_ a: MemberSpan, _ b: MemberSpan) -> Int {
        Self.compareKeys(base, a, b)
    }

    /// Bytewise order of two members' encoded keys: negative, 0 or positive.
    @inline(__always)
    static func compareKeys(_ base: UnsafeMutableRawPointer, _ a: MemberSpan, _ b: MemberSpan) -> Int {
        let aCount = a.keyEnd - a.keyStart, bCount = b.keyEnd - b.keyStart
        let shared = min(aCount, bCount)
        if shared > 16 {
            let order = memcmp(base + a.keyStart, base + b.keyStart, shared)
            return order != 0 ? Int(order) : aCount - bCount
        }
        // Short keys (most of them): a call costs more than the comparison. Keys of different
        // lengths usually differ in their first (head) byte.
        for index in 0..<shared {
            let x = base.load(fromByteOffset: a.keyStart + index, as: UInt8.self)
            let y = base.load(fromByteOffset: b.keyStart + index, as: UInt8.self)
            if x != y { return Int(x) - Int(y) }
        }
        return aCount - bCount
    }
}
