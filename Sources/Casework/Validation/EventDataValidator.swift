import Codec
import EventLog
/// An event's data once checked: the fields that are not personal, and the personal ones (†)
/// apart, for the record's personal section.
public struct ValidatedData: Sendable, Equatable {
    /// A deterministic CBOR map of the fields that are not personal data.
    public var data: [UInt8]
    /// A deterministic CBOR map of the personal fields; nil when there are none.
    public var personal: [UInt8]?
}

/// Checks an event's data against its type in the catalogue, and routes personal fields (†)
/// to their own map.
///
/// Works on the CBOR in place (no decoding into values); a map without personal fields is
/// returned as it came, and splitting one copies each entry's bytes once. Both maps stay
/// deterministic, because a subset of a map's entries keeps their order.
public enum EventDataValidator {
    /// The earliest date a date field takes: 1900-01-01, as for an event's time.
    public static let earliestDate = CalendarDate(year: 1900, month: 1, day: 1)!

    /// Checks `data`, and `personal` when an export gives personal fields apart, as the data
    /// of an event of `spec`. Personal fields in `data` are moved to the personal map, joined
    /// with `personal` when it is given (a field in both is refused).
    ///
    /// - Parameters:
    ///   - correctedType: for `case.entry-corrected`, the type of the event its `eventId` names,
    ///     or nil when the case has no such event. Its `changes` are checked as fields of that type.
    ///   - resolvesCorrections: false checks a correction for form only, without `correctedType`
    ///     (an import's lines after a bad one, whose earlier events will not be written).
    ///   - allowingEarlyDates: true takes dates before 1900 (`earliestDate`): for an export's
    ///     lines, which may restore what an older caselog took before it refused them.
    /// - Throws: `ValidationError` naming the type and the field (the caller adds the case), or
    ///   what `correctedType` throws.
    public static func validate(
        _ data: [UInt8], personal: [UInt8]? = nil, as spec: EventTypeSpec,
        resolvesCorrections: Bool = true, allowingEarlyDates: Bool = false,
        correctedType: (EventID) throws -> EventTypeSpec? = { _ in nil }
    ) throws -> ValidatedData {
        do {
            return try data.withUnsafeBytes { dataBytes in
                let dataView = CBORView(dataBytes)
                guard dataView.kind == .map else { throw ValidationError(.wrongValue(field: "data", found: "not an object", expected: "an object")) }
                var changesSpec: EventTypeSpec?
                if spec.correctsAnEvent, resolvesCorrections,
                   let target = dataView["eventId"]?.string.flatMap(EventID.init) {
                    guard let found = try correctedType(target) else {
                        throw ValidationError(.rule("eventId \(target) is not an event of this case"))
                    }
                    changesSpec = found
                }
                var checker = FieldChecker(changesSpec: changesSpec)
                checker.allowsEarlyDates = allowingEarlyDates
                var seen = try checker.check(dataView, fields: spec.fields, path: "", placement: .either)
                if let personal {
                    seen |= try personal.withUnsafeBytes { personalBytes in
                        let personalView = CBORView(personalBytes)
                        guard personalView.kind == .map else {
                            throw ValidationError(.wrongValue(field: "personal", found: "not an object", expected: "an object"))
                        }
                        return try checker.check(personalView, fields: spec.fields, path: "", placement: .personal)
                    }
                }
                // A field every type takes (`onBehalfOf`) is not what `needsSomeField` asks for.
                let ownSeen = seen & ((1 << UInt64(spec.ownFieldCount)) - 1)
                try checker.checkPresence(ownSeen, fields: spec.fields, path: "", needsSome: spec.needsSomeField)
                if !spec.hasPersonalFields { return ValidatedData(data: data, personal: personal) }
                let split = checker.split(dataView, fields: spec.fields, whole: data)
                guard let personal else { return split }
                // A line that gives personal fields apart (an export) may still hold, in its
                // data, a field that the catalogue has marked personal since an older caselog
                // wrote it (DOMAIN.md §8): it joins the others in the personal section.
                guard let moved = split.personal else { return ValidatedData(data: data, personal: personal) }
                return ValidatedData(data: split.data, personal: try PersonalFieldMerge.merge(moved, personal))
            }
        } catch var error as ValidationError {
            error.type = spec.name
            throw error
        }
    }
}

/// Where a map's fields were given.
enum FieldPlacement {
    /// In `data`, personal or not (to be split: personal fields go to the personal section).
    case either
    /// In `personal`: only personal fields allowed.
    case personal
}

/// A field's name as errors show it (`goals[2].goalId`), built only when an error needs it.
struct FieldPath {
    let prefix: String
    let name: String
    var text: String { prefix + name }
}

/// The checks of one event's fields.
///
/// On valid data nothing is allocated but the output of a split: names and values are compared
/// as bytes, and strings are built only for errors.
struct FieldChecker {
    /// The type a correction's `changes` are fields of.
    let changesSpec: EventTypeSpec?
    /// Whether a date before 1900 passes (`EventDataValidator.validate(allowingEarlyDates:)`).
    var allowsEarlyDates = false

    /// Checks each entry of `map` against `fields`; returns a bit per field present.
    func check(_ map: CBORView, fields: [FieldSpec], path: String, placement: FieldPlacement) throws -> UInt64 {
        var seen: UInt64 = 0
        var entries = 0
        try map.forEachEntry { keyBytes, value in
            entries += 1
            guard let index = fields.index(named: keyBytes) else {
                let key = String(decoding: keyBytes, as: UTF8.self)
                throw ValidationError(.unknownField(path + key, suggestion: NameSuggestion.nearest(to: key, in: fields.map(\.name))))
            }
            let field = fields[index]
            let fieldPath = FieldPath(prefix: path, name: field.name)
            if placement == .personal && !field.isPersonal && !hasPersonalParts(field) {
                throw ValidationError(.misplacedField(fieldPath.text, isPersonal: false))
            }
            try checkValue(value, of: field, path: fieldPath, placement: placement)
            seen |= 1 << UInt64(index)
        }
        // The walk stops at a malformed entry: data from EventLineParser never has one, but the
        // bytes may come from anywhere.
        if entries != map.count ?? -1 {
            throw ValidationError(.wrongValue(field: path.isEmpty ? "data" : String(path.dropLast()), found: "malformed CBOR",
                                              expected: "an object"))
        }
        return seen
    }

    /// Throws for the first required field missing from `seen`, or when `needsSome` and nothing was given.
    func checkPresence(_ seen: UInt64, fields: [FieldSpec], path: String, needsSome: Bool) throws {
        for (index, field) in fields.enumerated() where field.isRequired && seen & (1 << UInt64(index)) == 0 {
            throw ValidationError(.missingField(path + field.name))
        }
        if needsSome && seen == 0 { throw ValidationError(.noFields) }
    }

    /// True when `field` holds personal fields inside it (a plan's goals, a correction's changes).
    func hasPersonalParts(_ field: FieldSpec) -> Bool { innerFieldsWithPersonalParts(of: field) != nil }

    /// The fields inside `field` when some of them are personal; nil otherwise.
    func innerFieldsWithPersonalParts(of field: FieldSpec) -> [FieldSpec]? {
        switch field.kind {
        case .records(let inner, _) where inner.contains(where: \.isPersonal): inner
        case .changes where changesSpec?.hasPersonalFields == true: changesSpec?.fields
        default: nil
        }
    }

    private func checkValue(_ value: CBORView, of field: FieldSpec, path: FieldPath, placement: FieldPlacement) throws {
        // Values that may hold personal data are named by their kind in errors, never quoted:
        // † fields, and the structures and references where a name is the likely mistake.
        let isSensitive = field.isPersonal || {
            switch field.kind {
            case .records, .changes, .subject, .subjects: true
            default: false
            }
        }()
        func wrong(_ expected: String) -> ValidationError {
            ValidationError(.wrongValue(field: path.text, found: Self.describe(value, isPersonal: isSensitive), expected: expected))
        }
        switch field.kind {
        case .text, .staffMember, .label:
            guard let text = value.textBytes, text.contains(where: { $0 > 0x20 }) else { throw wrong("non-empty text") }
        case .identifier:
            guard let text = value.textBytes, Self.isIdentifier(text) else { throw wrong(field.kind.summary) }
        case .boolean:
            guard value.bool != nil else { throw wrong(field.kind.summary) }
        case .integer(let minimum):
            guard value.kind == .integer, let number = value.integer, number >= minimum ?? .min else { throw wrong(field.kind.summary) }
        case .decimal:
            guard value.kind == .integer || value.kind == .float, let number = value.double, number.isFinite else { throw wrong(field.kind.summary) }
        case .number(let values):
            guard value.kind == .integer, let number = value.integer, values.contains(number) else { throw wrong(field.kind.summary) }
        case .choice(let values):
            try checkChoice(value, values, path: path)
        case .choices(let values, let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: isSensitive) { try checkChoice($0, values, path: path) }
        case .date:
            // As for an event's time (`EventValidator.earliestOccurredAt`): a date of birth, a due
            // date or a target date before 1900 is a typing mistake.
            guard let text = value.textBytes, let date = CalendarDate(iso8601: text) else { throw wrong(field.kind.summary) }
            guard allowsEarlyDates || date >= EventDataValidator.earliestDate else { throw wrong(field.kind.summary + " from 1900-01-01") }
        case .subject:
            guard Self.isReference(value, subject: true) else { throw wrong(field.kind.summary) }
        case .subjects(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: true) { element in
                guard Self.isReference(element, subject: true) else { throw wrong(FieldKind.subject.summary) }
            }
        case .caseReference:
            guard Self.isReference(value, subject: false) else { throw wrong(field.kind.summary) }
        case .caseReferences(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: false) { element in
                guard Self.isReference(element, subject: false) else {
                    throw ValidationError(.wrongValue(field: path.text, found: Self.describe(element, isPersonal: false),
                                                      expected: FieldKind.caseReference.summary))
                }
            }
        case .identifiers(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: false) { element in
                guard let text = element.textBytes, Self.isIdentifier(text) else {
                    throw ValidationError(.wrongValue(field: path.text, found: Self.describe(element, isPersonal: false),
                                                      expected: FieldKind.identifier.summary))
                }
            }
        case .integers(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: false) { element in
                guard element.kind == .integer else {
                    throw ValidationError(.wrongValue(field: path.text, found: Self.describe(element, isPersonal: false), expected: "a whole number"))
                }
            }
        case .dates(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: false) { element in
                guard let text = element.textBytes, CalendarDate(iso8601: text) != nil else {
                    throw ValidationError(.wrongValue(field: path.text, found: Self.describe(element, isPersonal: false),
                                                      expected: FieldKind.date.summary))
                }
            }
        case .texts(let minimum):
            try checkList(value, minimum: minimum, path: path, isSensitive: isSensitive) { element in
                guard let text = element.textBytes, text.contains(where: { $0 > 0x20 }) else {
                    throw ValidationError(.wrongValue(field: path.text, found: Self.describe(element, isPersonal: isSensitive),
                                                      expected: "non-empty text"))
                }
            }
        case .eventID:
            guard let text = value.textBytes, EventID(text: text) != nil else { throw wrong(field.kind.summary) }
        case .changes:
            guard value.kind == .map, value.count ?? 0 > 0 else { throw wrong(field.kind.summary) }
            guard let changesSpec else { return }
            // Who an event was recorded for is not the event's content: it is not corrected, as the actor is not.
            _ = try check(value, fields: changesSpec.ownFields.filter { $0.kind != .changes }, path: path.text + ".", placement: placement)
        case .object(let inner):
            guard value.kind == .map else { throw wrong(field.kind.summary) }
            let seen = try check(value, fields: inner, path: path.text + ".", placement: placement)
            if placement != .personal { try checkPresence(seen, fields: inner, path: path.text + ".", needsSome: false) }
        case .timestamp:
            guard let text = value.textBytes, Timestamp(iso8601: text) != nil else { throw wrong(field.kind.summary) }
        case .records(let inner, let minimum):
            var index = 0
            try checkList(value, minimum: minimum, path: path, isSensitive: true, allowRepeats: true) { element in
                index += 1
                let elementPath = "\(path.text)[\(index)]"
                guard element.kind == .map else {
                    throw ValidationError(.wrongValue(field: elementPath, found: Self.describe(element, isPersonal: true), expected: "an object"))
                }
                let seen = try check(element, fields: inner, path: elementPath + ".", placement: placement)
                if placement != .personal { try checkPresence(seen, fields: inner, path: elementPath + ".", needsSome: false) }
            }
        }
    }

    /// 1–64 bytes without spaces or control characters.
    private static func isIdentifier(_ text: UnsafeRawBufferPointer) -> Bool {
        (1...64).contains(text.count) && !text.contains(where: { $0 <= 0x20 })
    }

    /// A text that is a subject reference (`subject`) or a case reference.
    private static func isReference(_ value: CBORView, subject: Bool) -> Bool {
        guard let text = value.textBytes, let reference = CaseReference.parse(text) else { return false }
        return reference.caseType.isCase != subject
    }

    private func checkChoice(_ value: CBORView, _ values: [String], path: FieldPath) throws {
        if let text = value.textBytes, values.contains(where: { $0.utf8.elementsEqual(text) }) { return }
        var expected = "one of " + values.joined(separator: ", ")
        if let text = value.string, let nearest = NameSuggestion.nearest(to: text, in: values) {
            expected += " (did you mean \"\(nearest)\"?)"
        }
        throw ValidationError(.wrongValue(field: path.text, found: Self.describe(value, isPersonal: false), expected: expected))
    }

    private func checkList(
        _ value: CBORView, minimum: Int, path: FieldPath, isSensitive: Bool, allowRepeats: Bool = false,
        element check: (CBORView) throws -> Void
    ) throws {
        guard value.kind == .array, let count = value.count else {
            throw ValidationError(.wrongValue(field: path.text, found: Self.describe(value, isPersonal: isSensitive), expected: "a list"))
        }
        if count < minimum {
            throw ValidationError(.wrongValue(field: path.text, found: count == 0 ? "an empty list" : "a list of \(count)",
                                              expected: "a list of \(minimum) or more"))
        }
        var index = 0
        try value.forEachElement { element in
            try check(element)
            index += 1
            guard !allowRepeats else { return }
            // Lists are short: compare with the elements before, without collecting them.
            var earlier = 0
            try value.forEachElement { other in
                earlier += 1
                if earlier < index && other.bytes.elementsEqual(element.bytes) {
                    throw ValidationError(.repeatedValue(field: path.text, value: Self.describe(element, isPersonal: isSensitive)))
                }
            }
        }
    }

    /// How a value appears in an error: what the user typed, except where it may be personal
    /// data, which is named by its kind only.
    static func describe(_ value: CBORView, isPersonal: Bool) -> String {
        switch value.kind {
        case .text: isPersonal ? "a text" : (value.string.map(quoted) ?? "a text")
        case .integer: isPersonal ? "a number" : (value.integer.map { String($0) } ?? "a number")
        case .float: "a number with a fraction"
        case .bool: isPersonal ? "a boolean" : String(value.bool ?? false)
        case .null: "null"
        case .array: "a list"
        case .map: "an object"
        case nil: "a malformed value"
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
    }
}

extension Array where Element == FieldSpec {
    /// The index of the field whose name is `name`'s UTF-8 bytes, without making a string.
    func index(named name: UnsafeRawBufferPointer) -> Int? {
        let key = NameKey(name)
        return firstIndex { $0.nameKey == key && key.names($0.name, name) }
    }
}
