import EventLog
import Testing

/// Event ids are read from every imported line that has one: the parser must take exactly the
/// canonical text form (either case) and refuse everything else.
@Suite("Event ids as text")
struct EventIDTextTests {
    static let canonical = "0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10"

    @Test("the text form reads back as the same id, in lower or upper case")
    func roundTrip() throws {
        let id = try #require(EventID(Self.canonical))
        #expect(id.description == Self.canonical)
        #expect(EventID(Self.canonical.uppercased()) == id)
        for _ in 0..<200 {
            let random = EventID.random()
            #expect(EventID(random.description) == random)
        }
    }

    @Test("every byte is accepted at a digit's place exactly when it is a hexadecimal digit")
    func everyByteAtADigit() {
        let hexDigits = Set("0123456789abcdefABCDEF".utf8)
        for place in [0, 7, 9, 14, 19, 24, 35] {
            for byte in UInt8.min...UInt8.max {
                var text = Array(Self.canonical.utf8)
                text[place] = byte
                let parsed = text.withUnsafeBytes { EventID(text: $0) }
                #expect((parsed != nil) == hexDigits.contains(byte), "byte \(byte) at \(place)")
            }
        }
    }

    @Test("the dashes must be where the canonical form has them, and the length 36")
    func dashesAndLength() {
        for place in [8, 13, 18, 23] {
            var text = Array(Self.canonical.utf8)
            text[place] = UInt8(ascii: "0")
            #expect(text.withUnsafeBytes { EventID(text: $0) } == nil)
        }
        #expect(EventID(String(Self.canonical.dropLast())) == nil)
        #expect(EventID(Self.canonical + "0") == nil)
        #expect(EventID(String(Self.canonical.filter { $0 != "-" })) == nil)
        #expect(EventID("") == nil)
    }
}
