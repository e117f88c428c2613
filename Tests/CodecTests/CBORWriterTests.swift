import Codec
import TestSupport
import Testing

@Suite("CBORWriter")
struct CBORWriterTests {
    private func written(_ body: (inout CBORWriter) -> Void) -> String {
        var writer = CBORWriter()
        body(&writer)
        return CodecTestSupport.hex(writer.bytes)
    }

    @Test("unsigned integers use the shortest head (RFC 8949 Appendix A)")
    func unsignedIntegers() {
        let cases: [(UInt64, String)] = [
            (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"),
            (255, "18ff"), (256, "190100"), (1000, "1903e8"), (65535, "19ffff"), (65536, "1a00010000"),
            (1_000_000, "1a000f4240"), (4_294_967_295, "1affffffff"), (4_294_967_296, "1b0000000100000000"),
            (1_000_000_000_000, "1b000000e8d4a51000"), (18_446_744_073_709_551_615, "1bffffffffffffffff"),
        ]
        for (value, expected) in cases {
            #expect(written { $0.writeUnsigned(value) } == expected, "\(value)")
        }
    }

    @Test("negative integers are major type 1 with argument -1 - n")
    func negativeIntegers() {
        let cases: [(Int64, String)] = [
            (-1, "20"), (-10, "29"), (-24, "37"), (-25, "3818"), (-100, "3863"), (-1000, "3903e7"),
            (Int64.min, "3b7fffffffffffffff"), (Int64.max, "1b7fffffffffffffff"),
        ]
        for (value, expected) in cases {
            #expect(written { $0.writeInteger(value) } == expected, "\(value)")
        }
    }

    @Test("floats take the narrowest width that holds them exactly (RFC 8949 Appendix A)")
    func preferredFloats() {
        let cases: [(Double, String)] = [
            (0.0, "f90000"), (-0.0, "f98000"), (1.0, "f93c00"), (1.5, "f93e00"), (65504.0, "f97bff"),
            (-4.0, "f9c400"), (5.960464477539063e-8, "f90001"), (0.00006103515625, "f90400"),
            (100000.0, "fa47c35000"), (3.4028234663852886e+38, "fa7f7fffff"),
            (1.1, "fb3ff199999999999a"), (-4.1, "fbc010666666666666"), (1.0e+300, "fb7e37e43c8800759c"),
            (.infinity, "f97c00"), (-.infinity, "f9fc00"), (.nan, "f97e00"),
        ]
        for (value, expected) in cases {
            #expect(written { $0.writeDouble(value) } == expected, "\(value)")
        }
    }

    @Test("text strings carry their UTF-8 length (RFC 8949 Appendix A)")
    func textStrings() {
        #expect(written { $0.writeText("") } == "60")
        #expect(written { $0.writeText("a") } == "6161")
        #expect(written { $0.writeText("IETF") } == "6449455446")
        #expect(written { $0.writeText("\"\\") } == "62225c")
        #expect(written { $0.writeText("\u{00FC}") } == "62c3bc")
        #expect(written { $0.writeText("\u{6C34}") } == "63e6b0b4")
        #expect(written { $0.writeText("\u{10151}") } == "64f0908591")
        #expect(written { writer in Array("IETF".utf8).withUnsafeBytes { writer.writeText(bytes: $0) } } == "6449455446")
        #expect(written { $0.writeText(String(repeating: "x", count: 24)) }.hasPrefix("7818"))
    }

    @Test("arrays, maps and simple values are written as heads the caller fills")
    func containersAndSimpleValues() {
        let nested = written { writer in
            writer.writeArrayHeader(count: 3)
            writer.writeInteger(1)
            writer.writeArrayHeader(count: 2); writer.writeInteger(2); writer.writeInteger(3)
            writer.writeArrayHeader(count: 2); writer.writeInteger(4); writer.writeInteger(5)
        }
        #expect(nested == "8301820203820405")
        let map = written { writer in
            writer.writeMapHeader(count: 2)
            writer.writeText("a"); writer.writeInteger(1)
            writer.writeText("b"); writer.writeArrayHeader(count: 2); writer.writeInteger(2); writer.writeInteger(3)
        }
        #expect(map == "a26161016162820203")
        #expect(written { $0.writeArrayHeader(count: 25) } == "9819")
        #expect(written { $0.writeBool(false); $0.writeBool(true); $0.writeNull() } == "f4f5f6")
    }

    @Test("removeAll empties the writer and keeps its capacity")
    func removeAllKeepsCapacity() {
        var writer = CBORWriter(capacity: 1024)
        writer.writeText(String(repeating: "x", count: 500))
        let capacity = writer.bytes.capacity
        writer.removeAll()
        #expect(writer.bytes.isEmpty)
        #expect(writer.bytes.capacity == capacity)
    }

    @Test("writeEncoded appends an encoded item unchanged")
    func writeEncodedAppendsVerbatim() {
        let item: [UInt8] = [0x82, 0x01, 0x02]
        #expect(written { writer in writer.writeArrayHeader(count: 1); item.withUnsafeBytes { writer.writeEncoded($0) } } == "81820102")
    }

    #if !(os(macOS) && arch(x86_64))
    @Test("every half-precision value is written as f9 and read back exactly")
    func everyHalfPrecisionValue() {
        var mismatches: [UInt16] = []
        for bits in UInt16.min...UInt16.max {
            let half = Float16(bitPattern: bits)
            guard !half.isNaN else { continue }
            let value = Double(half)
            var writer = CBORWriter()
            writer.writeDouble(value)
            let readBack = writer.bytes.withUnsafeBytes { CBORView($0).double }
            if writer.bytes != [0xF9, UInt8(bits >> 8), UInt8(bits & 0xFF)] || readBack?.bitPattern != value.bitPattern {
                mismatches.append(bits)
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("each double takes the width Float16 and Float say holds it exactly")
    func widthsAgreeWithHardwareConversions() {
        var generator = SeededGenerator(seed: 16)
        var mismatches: [Double] = []
        for round in 0..<200_000 {
            let value: Double
            switch round % 4 {
            case 0: value = Double(bitPattern: generator.next())
            case 1: value = Double(Float(bitPattern: UInt32.random(in: .min ... .max, using: &generator)))
            case 2: value = Double(Float16(bitPattern: UInt16.random(in: .min ... .max, using: &generator))) * (1 + 0x1p-20)
            default: value = Double(Int.random(in: -70_000...70_000, using: &generator)) * 0x1p-30
            }
            guard !value.isNaN else { continue }
            var writer = CBORWriter()
            writer.writeDouble(value)
            let expected: UInt8 = Double(Float16(value)) == value ? 0xF9 : Double(Float(value)) == value ? 0xFA : 0xFB
            if writer.bytes.first != expected { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }
    #endif
}
