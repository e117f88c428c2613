/// Skips whole CBOR items without recursion, for views of memory that may be malformed.
enum CBORSkip {
    /// The offset just after the item that starts at `offset`, or nil when the bytes end inside
    /// it or use something outside the data model's shapes (indefinite lengths, reserved info).
    /// Counts pending items instead of recursing, so deep nesting cannot overflow the stack.
    static func end(of bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        var position = offset
        var pending = 1
        while pending > 0 {
            guard let head = CBORHead.read(bytes, at: position), head.info < 28 else { return nil }
            pending -= 1
            position += head.length
            let remaining = UInt64(bytes.count - position)
            switch head.major {
            case 2, 3:
                guard head.argument <= remaining else { return nil }
                position += Int(head.argument)
            case 4:
                guard head.argument <= remaining else { return nil }
                pending += Int(head.argument)
            case 5:
                guard head.argument <= remaining / 2 else { return nil }
                pending += 2 * Int(head.argument)
            case 6:
                pending += 1
            default:
                break
            }
        }
        return position
    }
}
