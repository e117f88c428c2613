import Codec

/// Helpers shared by the codec tests: hex fixtures, one-call transcoding, a seeded generator.
enum CodecTestSupport {
    /// The bytes written as hex in `text` (spaces ignored): `"8301 8202"`.
    static func bytes(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace }.utf8)
        precondition(digits.count % 2 == 0, "odd number of hex digits in \(text)")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    /// `bytes` as lower-case hex without spaces.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The deterministic CBOR of the JSON text `json` (which must hold one value and nothing else).
    static func transcode(_ json: String) throws(JSONError) -> [UInt8] {
        try transcode(Array(json.utf8))
    }

    /// The deterministic CBOR of the JSON bytes `json`.
    static func transcode(_ json: [UInt8]) throws(JSONError) -> [UInt8] {
        let result = json.withUnsafeBytes { input in
            Result { () throws(JSONError) -> [UInt8] in
                var writer = CBORWriter()
                var scanner = JSONScanner(input)
                try scanner.transcodeValue(into: &writer)
                try scanner.end()
                return writer.bytes
            }
        }
        return try result.get()
    }

    /// The error transcoding `json` fails with, or nil when it succeeds.
    static func transcodeError(_ json: String) -> JSONError? {
        transcodeError(Array(json.utf8))
    }

    static func transcodeError(_ json: [UInt8]) -> JSONError? {
        do {
            _ = try transcode(json)
            return nil
        } catch {
            return error
        }
    }

    /// The JSON text of the CBOR item `cbor`.
    static func json(_ cbor: [UInt8]) throws(CBORError) -> String {
        let result = cbor.withUnsafeBytes { input in
            Result { () throws(CBORError) -> [UInt8] in
                var writer = JSONWriter()
                try writer.cbor(input)
                return writer.bytes
            }
        }
        return String(decoding: try result.get(), as: UTF8.self)
    }

    /// The error `DeterministicCBOR.validate` fails with, or nil when `cbor` is valid.
    static func validationError(_ cbor: [UInt8], requireMap: Bool = false, maximumDepth: Int = 64) -> CBORError? {
        cbor.withUnsafeBytes { input -> CBORError? in
            do throws(CBORError) {
                try DeterministicCBOR.validate(input, requireMap: requireMap, maximumDepth: maximumDepth)
                return nil
            } catch {
                return error
            }
        }
    }
}
