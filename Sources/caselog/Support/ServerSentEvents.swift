/// Reads a Server-Sent Events stream (the WHATWG rules `GET /v1/events` follows) as it
/// arrives, in pieces cut anywhere: each event's `data` handed on, its `id` kept for resuming.
struct ServerSentEvents {
    /// The id of the last event received (the position of its event line).
    private(set) var lastID: UInt64
    private var pending: [UInt8] = []
    private var data: [UInt8]?
    private var id: UInt64?

    init(lastID: UInt64) {
        self.lastID = lastID
    }

    /// Reads `bytes`, calling `body` with the data of each event they complete.
    mutating func read(_ bytes: some Sequence<UInt8>, _ body: ([UInt8]) throws -> Void) rethrows {
        pending += bytes
        var start = 0
        while let end = pending[start...].firstIndex(of: 0x0A) {
            var line = pending[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end + 1
            try field(line, body)
        }
        pending.removeFirst(start)
    }

    /// One line: a field, a comment (`:`), or the blank line that ends an event.
    private mutating func field(_ line: ArraySlice<UInt8>, _ body: ([UInt8]) throws -> Void) rethrows {
        guard !line.isEmpty else {
            if let data { try body(data) }
            if let id { lastID = id }
            (data, id) = (nil, nil)
            return
        }
        guard line.first != UInt8(ascii: ":") else { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var value = line[colon...].dropFirst()
        if value.first == 0x20 { value = value.dropFirst() }
        switch String(decoding: line[..<colon], as: UTF8.self) {
        case "data": data = (data.map { $0 + [0x0A] } ?? []) + value
        case "id": id = UInt64(String(decoding: value, as: UTF8.self))
        default: break
        }
    }
}
