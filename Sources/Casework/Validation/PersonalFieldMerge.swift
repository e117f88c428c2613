#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog
import Codec

/// Joins two maps of personal fields into one: the fields an event's data map held that the
/// catalogue now marks personal (an export line written by a caselog from before DOMAIN.md §8's
/// rule) with the personal fields the line gave apart.
///
/// Both maps are deterministic CBOR (docs/FORMAT.md §4), so their keys come in one order and a
/// single walk of each keeps it: the result is deterministic too. A key in both is joined when
/// both values are maps (a correction's `changes`) or lists of maps of the same length (a plan's
/// `goals`); otherwise the field was given twice, which is refused. Costs a copy of each entry.
public enum PersonalFieldMerge {
    /// `moved` and `given` (CBOR maps) as one map. Costs a copy of each entry.
    ///
    /// - Throws: `ValidationError.misplacedField` naming a field given in both.
    public static func merge(_ moved: [UInt8], _ given: [UInt8]) throws(ValidationError) -> [UInt8] {
        var writer = CBORWriter(capacity: moved.count + given.count)
        let failure: ValidationError? = moved.withUnsafeBytes { movedBytes in
            given.withUnsafeBytes { givenBytes in
                do throws(ValidationError) {
                    try merge(CBORView(movedBytes), CBORView(givenBytes), path: "", into: &writer)
                    return nil
                } catch {
                    return error
                }
            }
        }
        if let failure { throw failure }
        return writer.bytes
    }

    private static func merge(_ moved: CBORView, _ given: CBORView, path: String, into writer: inout CBORWriter) throws(ValidationError) {
        switch (moved.kind, given.kind) {
        case (.map, .map):
            var movedEntries: [(key: UnsafeRawBufferPointer, value: CBORView)] = []
            var givenEntries: [(key: UnsafeRawBufferPointer, value: CBORView)] = []
            moved.forEachEntry { movedEntries.append(($0, $1)) }
            given.forEachEntry { givenEntries.append(($0, $1)) }
            let shared = movedEntries.count(where: { entry in givenEntries.contains { equal($0.key, entry.key) } })
            writer.writeMapHeader(count: movedEntries.count + givenEntries.count - shared)
            var movedIndex = 0
            var givenIndex = 0
            while movedIndex < movedEntries.count || givenIndex < givenEntries.count {
                if givenIndex == givenEntries.count
                    || (movedIndex < movedEntries.count && precedes(movedEntries[movedIndex].key, givenEntries[givenIndex].key)) {
                    writer.writeText(bytes: movedEntries[movedIndex].key)
                    writer.writeEncoded(movedEntries[movedIndex].value.bytes)
                    movedIndex += 1
                } else if movedIndex == movedEntries.count || precedes(givenEntries[givenIndex].key, movedEntries[movedIndex].key) {
                    writer.writeText(bytes: givenEntries[givenIndex].key)
                    writer.writeEncoded(givenEntries[givenIndex].value.bytes)
                    givenIndex += 1
                } else {
                    let key = movedEntries[movedIndex].key
                    let name = String(decoding: key, as: UTF8.self)
                    writer.writeText(bytes: key)
                    try merge(movedEntries[movedIndex].value, givenEntries[givenIndex].value,
                              path: path.isEmpty ? name : path + "." + name, into: &writer)
                    movedIndex += 1
                    givenIndex += 1
                }
            }
        case (.array, .array) where moved.count == given.count:
            var givenElements: [CBORView] = []
            given.forEachElement { givenElements.append($0) }
            writer.writeArrayHeader(count: givenElements.count)
            var index = 0
            var failure: ValidationError?
            moved.forEachElement { element in
                guard failure == nil else { return }
                // Counts that agree but elements that do not (malformed bytes) are refused, not read past.
                guard index < givenElements.count else {
                    failure = ValidationError(.misplacedField(path, isPersonal: true))
                    return
                }
                do throws(ValidationError) {
                    try merge(element, givenElements[index], path: "\(path)[\(index + 1)]", into: &writer)
                } catch {
                    failure = error
                }
                index += 1
            }
            if let failure { throw failure }
            if index != givenElements.count { throw ValidationError(.misplacedField(path, isPersonal: true)) }
        default:
            throw ValidationError(.misplacedField(path, isPersonal: true))
        }
    }

    /// True when the text key `one` sorts before `other` in deterministic CBOR: shorter first,
    /// then byte by byte (the order of their encodings).
    private static func precedes(_ one: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Bool {
        if one.count != other.count { return one.count < other.count }
        return one.count > 0 && memcmp(one.baseAddress!, other.baseAddress!, one.count) < 0
    }

    private static func equal(_ one: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Bool {
        one.count == other.count && (one.count == 0 || memcmp(one.baseAddress!, other.baseAddress!, one.count) == 0)
    }
}
