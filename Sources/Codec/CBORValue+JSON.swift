extension CBORValue {
    /// The value of `json`, which must be exactly one JSON value (RFC 8259, UTF-8), read by
    /// `JSONScanner` into the log's deterministic CBOR and decoded: numbers as the scanner reads
    /// them, object keys in canonical order.
    ///
    /// - Throws: `JSONError` naming the column of what is not JSON, or of what follows the value.
    public init(json: UnsafeRawBufferPointer) throws(JSONError) {
        var scanner = JSONScanner(json)
        var writer = CBORWriter(capacity: json.count + 16)
        try scanner.transcodeValue(into: &writer)
        try scanner.end()
        // The transcoder writes deterministic CBOR: it decodes as it was written.
        guard let value = try? CBORValue(decoding: writer.bytes) else { preconditionFailure("the transcoder writes deterministic CBOR") }
        self = value
    }
}
