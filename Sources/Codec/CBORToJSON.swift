extension JSONWriter {
    /// Writes the CBOR item `bytes` (exactly one item of the log's data model) as JSON: maps as
    /// objects with members in stored order, floats in `double(_:)`'s shortest round-trip form.
    ///
    /// Fails on anything outside the data model (byte strings, tags, simple values other than
    /// false/true/null, NaN or infinities, integers beyond `Int64`, non-text keys, indefinite
    /// lengths), invalid UTF-8, truncated or trailing bytes, and nesting deeper than
    /// `maximumDepth`; nothing is written then. It does not insist on deterministic encoding
    /// (shortest heads, key order): `DeterministicCBOR.validate` does.
    /// Costs one pass and one copy; no allocation once the writer has grown, except for floats
    /// whose text is longer than 15 characters.
    public mutating func cbor(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int = 64) throws(CBORError) {
        var output = ScratchOutput(uniqueScratch())
        var position = 0
        try output.appendCBORAsJSON(bytes, at: &position, depth: 1, maximumDepth: maximumDepth)
        if position != bytes.count {
            throw CBORError(offset: position, message: "trailing bytes after the item")
        }
        separate()
        self.bytes.append(contentsOf: output.written)
        needsComma = true
    }
}

extension ScratchOutput {
    /// Appends the CBOR item at `position` in `bytes` as JSON and moves `position` past it.
    mutating func appendCBORAsJSON(_ bytes: UnsafeRawBufferPointer, at position: inout Int, depth: Int, maximumDepth: Int) throws(CBORError) {
        let start = position
        let head = try Self.cborHead(bytes, at: &position)
        switch head.major {
        case 0, 1:
            guard head.argument <= UInt64(Int64.max) else {
                throw CBORError(offset: start, message: "integer outside the 64-bit signed range")
            }
            reserve(20)
            count += JSONWriter.storeInteger(head.major == 0 ? Int64(head.argument) : ~Int64(head.argument), at: base + count)
        case 3:
            try appendCBORText(bytes, head, at: &position, start: start)
        case 4, 5:
            guard depth <= maximumDepth else {
                throw CBORError(offset: start, message: "nested more than \(maximumDepth) deep")
            }
            let isMap = head.major == 5
            append(isMap ? UInt8(ascii: "{") : UInt8(ascii: "["))
            var index: UInt64 = 0
            while index < head.argument {
                if index > 0 { append(UInt8(ascii: ",")) }
                if isMap {
                    let keyStart = position
                    let keyHead = try Self.cborHead(bytes, at: &position)
                    guard keyHead.major == 3 else {
                        throw CBORError(offset: keyStart, message: "map keys must be text strings")
                    }
                    try appendCBORText(bytes, keyHead, at: &position, start: keyStart)
                    append(UInt8(ascii: ":"))
                }
                try appendCBORAsJSON(bytes, at: &position, depth: depth + 1, maximumDepth: maximumDepth)
                index += 1
            }
            append(isMap ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        case 2:
            throw CBORError(offset: start, message: "byte strings are not allowed")
        case 6:
            throw CBORError(offset: start, message: "tags are not allowed")
        default:
            switch head.info {
            case 20: appendASCII("false")
            case 21: appendASCII("true")
            case 22: appendASCII("null")
            case 25, 26, 27:
                let value = head.floatValue
                guard value.isFinite else {
                    throw CBORError(offset: start, message: "NaN and infinities are not allowed (JSON has no form for them)")
                }
                var text = value.description
                text.withUTF8 { append($0.baseAddress!, count: $0.count) }
            default:
                throw CBORError(offset: start, message: head.info == 23 ? "undefined is not allowed" : "simple value is not allowed")
            }
        }
    }

    @inline(__always)
    mutating func appendASCII(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Reads the head at `position`, rejecting truncation, reserved info and indefinite lengths.
    @inline(__always)
    static func cborHead(_ bytes: UnsafeRawBufferPointer, at position: inout Int) throws(CBORError) -> CBORHead {
        guard let head = CBORHead.read(bytes, at: position) else {
            throw CBORError(offset: position, message: "truncated: the input ends inside an item")
        }
        if head.info >= 28 {
            throw CBORError(offset: position, message: head.info == 31
                ? "indefinite lengths are not allowed" : "reserved additional information \(head.info)")
        }
        position += head.length
        return head
    }

    /// Appends the text string with `head` as a quoted JSON string, checking its UTF-8.
    @inline(__always)
    mutating func appendCBORText(_ bytes: UnsafeRawBufferPointer, _ head: CBORHead, at position: inout Int, start: Int) throws(CBORError) {
        guard head.contentFits(at: start, in: bytes.count) else {
            throw CBORError(offset: start, message: "truncated: text string longer than the input")
        }
        let end = position + Int(head.argument)
        if let bad = appendJSONString(UnsafeRawBufferPointer(rebasing: bytes[position..<end]), readable: bytes.count - position, checkingUTF8: true) {
            throw CBORError(offset: position + bad, message: "invalid UTF-8 in a text string")
        }
        position = end
    }
}
