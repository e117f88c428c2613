import Codec
import TestSupport
import Testing

@Suite("Round trips between JSON and CBOR")
struct RoundTripTests {
    /// Characters that exercise escaping and every UTF-8 length.
    private static let alphabet: [String] = ["a", "b", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}",
                                             "é", "€", "😀", "\u{FFFF}", "\u{10FFFF}", "key", "name"]

    private static func randomText(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }

    private static func randomDouble(_ generator: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return [0.0, -0.0, 0.1, 1.5, 65504, 1e16, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.0e300].randomElement(using: &generator)!
        case 1: return Double(Float16(bitPattern: UInt16.random(in: 0...0x7BFF, using: &generator)))
        case 2: return Double(Float(bitPattern: UInt32.random(in: 0...0x7F7F_FFFF, using: &generator))) * (Bool.random(using: &generator) ? 1 : -1)
        case 3: return Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100
        default:
            while true {
                let value = Double(bitPattern: generator.next())
                if value.isFinite { return value }
            }
        }
    }

    private static func randomInteger(_ generator: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Int64.random(in: -30...30, using: &generator)
        case 1: return [Int64.min, .max, 23, 24, 255, 256, 65535, 65536, 4_294_967_295, 4_294_967_296, -24, -25, -257].randomElement(using: &generator)!
        case 2: return Int64.random(in: -100_000...100_000, using: &generator)
        default: return Int64(bitPattern: generator.next())
        }
    }

    static func randomValue(depth: Int, _ generator: inout SeededGenerator) -> CBORValue {
        let kinds = depth >= 4 ? 5 : 7
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .integer(randomInteger(&generator))
        case 1: return .double(randomDouble(&generator))
        case 2: return .text(randomText(&generator))
        case 3: return .bool(Bool.random(using: &generator))
        case 4: return .null
        case 5: return .array((0..<Int.random(in: 0...5, using: &generator)).map { _ in randomValue(depth: depth + 1, &generator) })
        default:
            var entries: [String: CBORValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                entries[randomText(&generator)] = randomValue(depth: depth + 1, &generator)
            }
            return .map(entries)
        }
    }

    @Test("encoded values validate, decode to themselves and survive a trip through JSON")
    func randomValues() throws {
        var generator = SeededGenerator(seed: 0x0CA5E106)
        for _ in 0..<3_000 {
            let value = Self.randomValue(depth: 0, &generator)
            let encoded = value.encoded()
            #expect(CodecTestSupport.validationError(encoded) == nil, "\(value)")
            let decoded = try CBORValue(decoding: encoded)
            #expect(decoded.encoded() == encoded)
            let json = try CodecTestSupport.json(encoded)
            #expect(try CodecTestSupport.transcode(json) == encoded, "\(json)")
        }
    }

    /// Random JSON text in many spellings: number forms, escapes, whitespace.
    private static func randomJSON(depth: Int, _ generator: inout SeededGenerator, into text: inout String) {
        func space() { if Int.random(in: 0..<4, using: &generator) == 0 { text += [" ", "\n", "\t", "\r\n  "].randomElement(using: &generator)! } }
        func string() {
            text += "\""
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                text += [#"a"#, #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u0041"#, #"\u00e9"#, #"\u20AC"#,
                         #"\ud83d\ude00"#, #"\u0000"#, "é", "😀", "x y"].randomElement(using: &generator)!
            }
            text += "\""
        }
        space()
        switch Int.random(in: 0..<(depth >= 4 ? 5 : 7), using: &generator) {
        case 0:
            text += ["0", "-0", "7", "-12", "23", "24", "-24", "-25", "255", "65536", "9223372036854775807", "-9223372036854775808",
                     String(Int64.random(in: .min ... .max, using: &generator))].randomElement(using: &generator)!
        case 1:
            text += ["0.0", "-0.0", "1.5", "1E2", "1e+2", "1e-2", "2.5E-3", "0.1", "123456789.123456789", "1e300", "-1.7976931348623157e308",
                     "4.9406564584124654e-324", "1e-400", "12345678901234567890123.5", "0.000001", "3.4028234663852886e+38",
                     String(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF))].randomElement(using: &generator)!
        case 2: string()
        case 3: text += ["true", "false"].randomElement(using: &generator)!
        case 4: text += "null"
        case 5:
            text += "["
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                if index > 0 { text += "," }
                randomJSON(depth: depth + 1, &generator, into: &text)
            }
            space()
            text += "]"
        default:
            text += "{"
            for index in 0..<Int.random(in: 0...5, using: &generator) {
                if index > 0 { text += "," }
                space()
                text += "\"k\(index)"
                if Bool.random(using: &generator) { text += #"\u00e9"# }
                text += "\""
                space()
                text += ":"
                randomJSON(depth: depth + 1, &generator, into: &text)
            }
            space()
            text += "}"
        }
        space()
    }

    @Test("JSON text, transcoded, written back as JSON and transcoded again gives the same CBOR")
    func randomJSONText() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3_000 {
            var json = ""
            Self.randomJSON(depth: 0, &generator, into: &json)
            let first = try CodecTestSupport.transcode(json)
            #expect(CodecTestSupport.validationError(first) == nil, "\(json)")
            let written = try CodecTestSupport.json(first)
            let second = try CodecTestSupport.transcode(written)
            #expect(first == second, "\(json) → \(written)")
        }
    }

    @Test("numbers read from Swift's shortest text are the same doubles")
    func doubleTextRoundTrip() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<20_000 {
            let value = Self.randomDouble(&generator)
            let cbor = try CodecTestSupport.transcode("[\(value)]")
            #expect(cbor == CBORValue.array([.double(value)]).encoded(), "\(value)")
        }
    }

    @Test("mutated encodings are either rejected or still decode to valid CBOR")
    func mutatedEncodings() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<3_000 {
            var bytes = Self.randomValue(depth: 0, &generator).encoded()
            guard !bytes.isEmpty else { continue }
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            if CodecTestSupport.validationError(bytes) == nil {
                // Still valid: decoding and re-encoding must reproduce it exactly.
                #expect((try? CBORValue(decoding: bytes).encoded()) == bytes)
            }
            _ = try? CodecTestSupport.json(bytes)
        }
    }
}
