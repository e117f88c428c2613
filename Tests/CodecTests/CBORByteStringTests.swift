import Codec
import Testing

@Suite("CBOR byte strings")
struct CBORByteStringTests {
    @Test("a byte string is written with major type 2 and its shortest length head, and read back whole",
          arguments: [0, 23, 24, 255, 256, 70_000])
    func roundTrip(count: Int) {
        let content = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var writer = CBORWriter()
        content.withUnsafeBytes { writer.writeByteString($0) }
        let head: [UInt8] = switch count {
        case ..<24: [0x40 | UInt8(count)]
        case ..<256: [0x58, UInt8(count)]
        case ..<65_536: [0x59, UInt8(count >> 8), UInt8(count & 0xFF)]
        default: [0x5A, 0, UInt8(count >> 16), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        }
        #expect(Array(writer.bytes.prefix(head.count)) == head)
        #expect(writer.bytes.count == head.count + count)
        writer.bytes.withUnsafeBytes { bytes in
            #expect(CBORView(bytes).byteString.map(Array.init) == content)
        }
    }

    @Test("a text string is not a byte string")
    func textIsNot() {
        var writer = CBORWriter()
        writer.writeText("abc")
        writer.bytes.withUnsafeBytes { #expect(CBORView($0).byteString == nil) }
    }
}
