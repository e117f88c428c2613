import Casework
import EventLog
import Codec

/// What the replay reads of one record: its data without personal fields, and its personal
/// fields wherever they were stored. A field the catalogue marks personal is in the record's
/// personal section, or, in an event recorded before the catalogue marked it (DOMAIN.md §8), in
/// its data map (`PersonalFieldFilter`): the replay withholds and shows both alike.
struct ReplayContent {
    /// The data map without personal fields.
    let data: [UInt8]
    /// The personal fields, from the data map and the personal section together; nil when none.
    let personal: [UInt8]?
    /// True when the record had a personal section that is no longer readable (erased).
    let isErased: Bool

    /// The content of `record`, its personal section read through `reader`.
    ///
    /// - Throws: `StoreError` when the store is damaged.
    init(_ record: RecordView, in reader: borrowing LogReader) throws {
        let moved = try PersonalFieldFilter.split(record, in: reader)
        data = moved?.data ?? Array(record.dataBytes)
        var section: [UInt8]?
        var isErased = false
        if record.hasPersonalData {
            if let stored = try reader.personalData(at: record.position), stored.isWellFormed {
                section = Array(stored.fields.bytes)
            } else {
                isErased = true
            }
        }
        self.isErased = isErased
        switch (moved?.personal, section) {
        case (_, nil) where isErased:
            // Erased: what an older event keeps of the person in its data map (where no key can
            // reach it) reads as erased too, as the section does.
            personal = nil
        case (let fromData?, let fromSection?):
            // Both hold the same field only in a damaged store: the section is then shown.
            personal = (try? PersonalFieldMerge.merge(fromData, fromSection)) ?? fromSection
        case (let fromData, let fromSection):
            personal = fromData ?? fromSection
        }
    }

    /// The fields shown (of the data, or of the map under `field` in it, for a correction's
    /// changes) and what became of the personal ones.
    ///
    /// - Throws: `CBORError` when stored bytes are not valid CBOR (a damaged store).
    func fields(of field: String?, includesPersonal: Bool) throws -> ([ReplayField], ReplayPersonal) {
        try data.withUnsafeBytes { dataBytes in
            try (personal ?? Self.emptyMap).withUnsafeBytes { personalBytes in
                var data: CBORView? = CBORView(dataBytes)
                var personal: CBORView? = self.personal == nil ? nil : CBORView(personalBytes)
                if let field {
                    data = data?[field]
                    personal = personal?[field]
                }
                // A correction of personal fields only has no `changes` in its data map.
                let fields = try Self.emptyMap.withUnsafeBytes { empty in
                    try ReplayField.fields(of: data ?? CBORView(empty), personal: includesPersonal ? personal : nil)
                }
                guard let personal else { return (fields, isErased ? .erased : .none) }
                return (fields, includesPersonal ? .shown : .withheld(ReplayField.names(inPersonal: personal)))
            }
        }
    }

    private static let emptyMap: [UInt8] = [0xA0]

    /// The text field `name` of the personal fields, when they are shown: nil when withheld or absent.
    func personalText(_ name: String, includesPersonal: Bool) -> String? {
        guard includesPersonal, let personal else { return nil }
        return personal.withUnsafeBytes { CBORView($0)[name]?.string }
    }

    /// True when the personal fields include `name` (at the top level).
    func holdsPersonalField(_ name: String) -> Bool {
        personal?.withUnsafeBytes { CBORView($0)[name] != nil } ?? false
    }
}
