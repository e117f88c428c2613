import EventLog
import Codec

/// Leaves out of an event's data map, at read time, every field the catalogue marks personal (†).
///
/// New events never hold one there: validation routes personal fields to the record's personal
/// section. But the catalogue marks more fields personal than it once did (DOMAIN.md §8: `agency`,
/// `reason`, `raisedBy`, …), and the log is never rewritten, so an event recorded before holds
/// such a field in its data map (docs/FORMAT.md §5). Every output without personal data reads
/// the data through here, so that it leaves the field out wherever it was stored: inside a
/// plan's `goals` and a correction's `changes` (by the corrected event's type) as well.
///
/// Costs: nothing for a type without personal fields; for one with, a walk over the map's keys
/// (a look-up among the type's fields each), with nothing allocated when no field needs leaving
/// out, the common case. Leaving fields out copies each entry kept once.
public enum PersonalFieldFilter {
    /// `data` (the CBOR data map of an event of `spec`) split into the fields that are not
    /// personal and those that are; nil when it holds no personal field (use `data` as it is).
    ///
    /// - Parameters:
    ///   - spec: the event's type; nil for a type the catalogue does not have, whose data has no
    ///     field the catalogue marks.
    ///   - correctedType: for a correction, the type of the event it corrects, whose fields its
    ///     `changes` are. Nil when it cannot be found: the `changes` then count as personal
    ///     whole, since which of them are cannot be told.
    public static func split(_ data: CBORView, of spec: EventTypeSpec?, correctedType: EventTypeSpec?) -> ValidatedData? {
        guard let spec, spec.hasPersonalFields, data.kind == .map else { return nil }
        var fields = spec.fields
        if spec.correctsAnEvent && correctedType == nil {
            fields = fields.map { $0.kind == .changes ? FieldSpec($0.name, .changes, personal: true) : $0 }
        }
        guard holdsPersonalField(data, fields: fields, lengths: spec.personalNameLengths, changesSpec: correctedType) else { return nil }
        return FieldChecker(changesSpec: correctedType).split(data, fields: fields)
    }

    /// The split of `record`'s data (`split(_:of:correctedType:)`), its type found in the
    /// catalogue and, for a correction, the type of the event it corrects read through `reader`
    /// (one look-up by id).
    ///
    /// - Throws: what the store throws when the corrected event cannot be read.
    public static func split(_ record: RecordView, in reader: borrowing LogReader) throws -> ValidatedData? {
        guard let spec = EventCatalogue.type(utf8: record.typeBytes), spec.hasPersonalFields else { return nil }
        var correctedType: EventTypeSpec?
        if spec.correctsAnEvent, let target = record.data["eventId"]?.textBytes.flatMap(EventID.init(text:)),
           let position = try reader.position(of: target), let corrected = try reader.record(at: position),
           corrected.streamBytes.elementsEqual(record.streamBytes) {
            correctedType = EventCatalogue.type(utf8: corrected.typeBytes)
        }
        return split(record.data, of: spec, correctedType: correctedType)
    }

    /// Calls `body` with `record`'s data without its personal fields: the record's own bytes
    /// when it holds none, else a copy of the others (`split(_:in:)`).
    ///
    /// - Throws: what `body` or the store throws.
    @inlinable
    public static func withNonPersonalData<R>(of record: RecordView, in reader: borrowing LogReader,
                                              _ body: (CBORView) throws -> R) throws -> R {
        guard let split = try split(record, in: reader) else { return try body(record.data) }
        return try split.data.withUnsafeBytes { try body(CBORView($0)) }
    }

    /// Calls `body` with `record`'s data and personal section as an output shows them. Without
    /// personal data (`includingPersonal` false): the data without its † fields, and no section.
    /// With it: the data and section as stored, except when the section was erased, when the
    /// † fields an older event keeps in its data map read as erased too (they go with it).
    ///
    /// - Throws: what `body` or the store throws.
    public static func withShownContent<R>(of record: RecordView, in reader: borrowing LogReader, includingPersonal: Bool,
                                           _ body: (CBORView, PersonalSectionView?) throws -> R) throws -> R {
        let section = includingPersonal && record.hasPersonalData ? try reader.personalData(at: record.position) : nil
        let isErased = includingPersonal && record.hasPersonalData && !(section?.isWellFormed ?? false)
        guard !includingPersonal || isErased else { return try body(record.data, section) }
        return try withNonPersonalData(of: record, in: reader) { try body($0, section) }
    }

    /// True when `map` holds a field that `fields` marks personal, at any depth. Allocates nothing.
    /// `lengths` (`EventTypeSpec.personalNameLengths`) lets a key whose length no such field has
    /// pass without a look-up.
    static func holdsPersonalField(_ map: CBORView, fields: [FieldSpec], lengths: UInt64 = .max, changesSpec: EventTypeSpec?) -> Bool {
        var found = false
        map.forEachEntry { key, value in
            guard !found, lengths & 1 << UInt64(min(key.count, 63)) != 0, let index = fields.index(named: key) else { return }
            let field = fields[index]
            if field.isPersonal {
                found = true
                return
            }
            switch field.kind {
            case .records(let inner, _) where inner.contains(where: \.isPersonal):
                value.forEachElement { element in
                    if !found && holdsPersonalField(element, fields: inner, changesSpec: nil) { found = true }
                }
            case .changes:
                if let changesSpec, changesSpec.hasPersonalFields {
                    found = holdsPersonalField(value, fields: changesSpec.fields, changesSpec: nil)
                }
            default:
                break
            }
        }
        return found
    }
}
