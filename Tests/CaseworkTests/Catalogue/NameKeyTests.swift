@testable import Casework
import Testing
import Codec

/// Fields and types are found by the bytes of their names (`NameKey`), as validation reads
/// them out of an event's CBOR and the line parser out of its JSON: the look-up must find
/// exactly the name given, whatever its length.
@Suite("Names found by their bytes")
struct NameKeyTests {
    static func key(_ name: String) -> NameKey { Array(name.utf8).withUnsafeBytes { NameKey($0) } }

    @Test("names of every length up to 18 bytes have equal keys exactly when they are equal",
          arguments: [0, 1, 7, 8, 9, 15, 16, 17, 18])
    func equalKeysForEqualNames(length: Int) {
        let name = String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
        #expect(Self.key(name) == Self.key(name))
        for place in 0..<length {
            var bytes = Array(name.utf8)
            bytes[place] = UInt8(ascii: "Z")
            let other = bytes.withUnsafeBytes { NameKey($0) }
            // Up to 16 bytes the key tells every byte apart; beyond, the middle needs the full comparison.
            if length <= 16 || place < 8 || place >= length - 8 {
                #expect(other != Self.key(name), "a change at byte \(place) of \(length)")
            }
        }
        #expect(Self.key(name + "a") != Self.key(name))
    }

    @Test("fields are found by name among their type's, names differing only in the middle included")
    func fieldsByName() {
        let fields = [
            FieldSpec("stage", .integer(minimum: nil)), FieldSpec("seventeen-bytes-a", .text), FieldSpec("seventeen-bytes-b", .text),
            FieldSpec("seventeen-Xytes-a", .text), FieldSpec("", .text),
        ]
        for (index, field) in fields.enumerated() {
            #expect(Array(field.name.utf8).withUnsafeBytes { fields.index(named: $0) } == index)
        }
        #expect(Array("stages".utf8).withUnsafeBytes { fields.index(named: $0) } == nil)
        #expect(Array("seventeen-bytes-c".utf8).withUnsafeBytes { fields.index(named: $0) } == nil)
    }

    @Test("every type of the catalogue is found by its bytes, and nothing else is")
    func typesByName() {
        for spec in EventCatalogue.types {
            #expect(Array(spec.name.utf8).withUnsafeBytes { EventCatalogue.type(utf8: $0) } === spec)
        }
        for name in ["complaint.acknowledge", "complaint.acknowledgedd", "Complaint.acknowledged", ""] {
            #expect(Array(name.utf8).withUnsafeBytes { EventCatalogue.type(utf8: $0) } == nil)
        }
    }
}
