import Casework
import Codec

// The parts of a kept projection's state as CBOR (docs/FORMAT.md §2, "Analysts' kept
// projections"): a row is [position, occurredAt, [values…]], a case [stream number, reference,
// [folds…], anchor row or null, case file or null], a value the CBOR item of its kind. Readers
// throw `MalformedState` at the first item of another shape, and the state is folded again.

/// A saved state that does not have the shape its layout promises.
struct MalformedState: Error {}

extension ProjectionState {
    /// Appends `cases` as an array, each with the stream number `caseSlots` gives it.
    func encodeCases(into writer: inout CBORWriter) {
        var streams = [UInt64](repeating: 0, count: cases.count)
        for (stream, slot) in caseSlots { streams[slot] = stream }
        writer.writeArrayHeader(count: cases.count)
        for (slot, row) in cases.enumerated() {
            writer.writeArrayHeader(count: 5)
            writer.writeUnsigned(streams[slot])
            writer.writeText(row.reference)
            writer.writeArrayHeader(count: row.folds.count)
            for fold in row.folds { fold.encode(into: &writer) }
            if let anchor = row.anchor { anchor.encode(into: &writer) } else { writer.writeNull() }
            if let file = row.file { file.encoded().withUnsafeBytes { writer.writeByteString($0) } } else { writer.writeNull() }
        }
    }

    /// Reads `cases` and `caseSlots` from the array `view`.
    mutating func decodeCases(_ view: CBORView) throws {
        cases.reserveCapacity(view.count ?? 0)
        try view.eachElement { item in
            var stream: UInt64 = 0
            var row = CaseRow(reference: "", folds: [], anchor: nil, file: nil)
            try item.eachElement(count: 5) { index, field in
                switch index {
                case 0: stream = try field.unsigned()
                case 1: row.reference = try field.text()
                case 2: row.folds = try field.mapElements(FoldState.init(cbor:))
                case 3: row.anchor = field.isNull ? nil : try Row(cbor: field)
                default:
                    guard !field.isNull else { return }
                    guard let bytes = field.byteString,
                          let file = CaseFile(reference: row.reference, encoded: bytes) else { throw MalformedState() }
                    row.file = file
                }
            }
            caseSlots[stream] = cases.count
            cases.append(row)
        }
    }

    /// Appends `workers` as [stream number, worker, occurredAt] arrays, by stream number.
    func encodeWorkers(into writer: inout CBORWriter) {
        writer.writeArrayHeader(count: workers.count)
        for stream in workers.keys.sorted() {
            let assignment = workers[stream]!
            writer.writeArrayHeader(count: 3)
            writer.writeUnsigned(stream)
            writer.writeText(assignment.worker)
            writer.writeInteger(assignment.at)
        }
    }

    /// Reads `workers` from the array `view`.
    mutating func decodeWorkers(_ view: CBORView) throws {
        try view.eachElement { item in
            var stream: UInt64 = 0, worker = ""
            try item.eachElement(count: 3) { index, field in
                switch index {
                case 0: stream = try field.unsigned()
                case 1: worker = try field.text()
                default: workers[stream] = Assignment(worker: worker, at: try field.int())
                }
            }
        }
    }

    /// Appends `subjectOfCase` as [stream number, subject] arrays, by stream number.
    func encodeSubjectOfCase(into writer: inout CBORWriter) {
        writer.writeArrayHeader(count: subjectOfCase.count)
        for stream in subjectOfCase.keys.sorted() {
            writer.writeArrayHeader(count: 2)
            writer.writeUnsigned(stream)
            writer.writeText(subjectOfCase[stream]!)
        }
    }

    /// Reads `subjectOfCase` from the array `view`.
    mutating func decodeSubjectOfCase(_ view: CBORView) throws {
        try view.eachElement { item in
            var stream: UInt64 = 0
            try item.eachElement(count: 2) { index, field in
                if index == 0 { stream = try field.unsigned() } else { subjectOfCase[stream] = try field.text() }
            }
        }
    }
}

extension ProjectionState.Row {
    /// Appends [position, occurredAt, [values…]].
    func encode(into writer: inout CBORWriter) {
        writer.writeArrayHeader(count: 3)
        writer.writeUnsigned(position)
        writer.writeInteger(occurredAt)
        writer.writeArrayHeader(count: values.count)
        for value in values { value.encode(into: &writer) }
    }

    /// The row in `view`.
    init(cbor view: CBORView) throws {
        self.init(position: 0, occurredAt: 0, values: [])
        try view.eachElement(count: 3) { index, field in
            switch index {
            case 0: position = try field.unsigned()
            case 1: occurredAt = try field.int()
            default: values = try field.mapElements(ProjectionValue.decoded(from:))
            }
        }
    }
}

extension ProjectionState.FoldState {
    /// Appends the fold: null (nothing yet), an integer (count, exists), [value, occurredAt]
    /// (first, last) or [from or null, [to…]] (working-days, hours, days).
    func encode(into writer: inout CBORWriter) {
        switch self {
        case .empty:
            writer.writeNull()
        case .count(let count):
            writer.writeInteger(Int64(count))
        case .value(let value, let at):
            writer.writeArrayHeader(count: 2)
            value.encode(into: &writer)
            writer.writeInteger(at)
        case .between(let from, let to):
            writer.writeArrayHeader(count: 2)
            if let from { writer.writeInteger(from) } else { writer.writeNull() }
            writer.writeArrayHeader(count: to.count)
            for at in to { writer.writeInteger(at) }
        }
    }

    /// The fold in `view`, told apart by its shape (a between's second element is an array).
    init(cbor view: CBORView) throws {
        if view.isNull { self = .empty; return }
        if let count = view.integer { self = .count(Int(count)); return }
        var first: CBORView?
        var result: Self = .empty
        try view.eachElement(count: 2) { index, field in
            guard index == 1, let first else { first = field; return }
            if field.kind == .array {
                result = .between(from: first.isNull ? nil : try first.int(), to: try field.mapElements { try $0.int() })
            } else {
                result = .value(try ProjectionValue.decoded(from: first), at: try field.int())
            }
        }
        self = result
    }
}

extension ProjectionValue {
    /// Appends the value as the CBOR item of its kind: null, a Boolean, an integer, a float in
    /// its shortest exact width, a text, or an array of texts.
    func encode(into writer: inout CBORWriter) {
        switch self {
        case .null: writer.writeNull()
        case .bool(let flag): writer.writeBool(flag)
        case .integer(let number): writer.writeInteger(number)
        case .number(let number): writer.writeDouble(number)
        case .text(let text): writer.writeText(text)
        case .list(let texts): writer.writeTexts(texts)
        }
    }

    /// The value of `view`, which must be one of the kinds `encode` writes.
    static func decoded(from view: CBORView) throws -> ProjectionValue {
        guard let kind = view.kind, kind != .map else { throw MalformedState() }
        return ProjectionValue(view)
    }
}

extension CBORWriter {
    /// Appends `texts` as an array of text strings.
    mutating func writeTexts(_ texts: [String]) {
        writeArrayHeader(count: texts.count)
        for text in texts { writeText(text) }
    }

    /// Appends `map` with its keys in deterministic order (fewer UTF-8 bytes first, then
    /// bytewise), each value written by `value`. Costs a sort of the keys.
    mutating func writeSortedMap<Value>(_ map: [String: Value], _ value: (Value, inout CBORWriter) -> Void) {
        writeMapHeader(count: map.count)
        let keys = map.keys.sorted { a, b in
            let aCount = a.utf8.count, bCount = b.utf8.count
            return aCount != bCount ? aCount < bCount : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        for key in keys {
            writeText(key)
            value(map[key]!, &self)
        }
    }

}

extension CBORView {
    /// The integer; throws for anything else.
    func int() throws -> Int64 {
        guard let value = integer else { throw MalformedState() }
        return value
    }

    /// The integer, which must not be negative; throws otherwise.
    func unsigned() throws -> UInt64 {
        guard let value = integer, value >= 0 else { throw MalformedState() }
        return UInt64(value)
    }

    /// The text; throws for anything else.
    func text() throws -> String {
        guard let value = string else { throw MalformedState() }
        return value
    }

    /// The texts of an array of texts; throws for anything else.
    func textArray() throws -> [String] {
        try mapElements { try $0.text() }
    }

    /// Calls `body` with each element's index and view; throws unless this is an array of
    /// `count` elements (any count when nil), every one of them well formed.
    func eachElement(count expected: Int? = nil, _ body: (Int, CBORView) throws -> Void) throws {
        guard kind == .array, let count, expected.map({ $0 == count }) ?? true else { throw MalformedState() }
        var index = 0
        try forEachElement { element in
            try body(index, element)
            index += 1
        }
        guard index == count else { throw MalformedState() }
    }

    /// Calls `body` with each element; throws unless this is an array, every element well formed.
    func eachElement(_ body: (CBORView) throws -> Void) throws {
        try eachElement(count: nil) { _, element in try body(element) }
    }

    /// The array's elements, each made by `transform`.
    func mapElements<T>(_ transform: (CBORView) throws -> T) throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(count ?? 0)
        try eachElement { result.append(try transform($0)) }
        return result
    }

    /// Calls `body` with each key and value; throws unless this is a map of `count` entries
    /// (any count when nil) with text keys, every one of them well formed.
    func eachEntry(expecting expected: Int? = nil, _ body: (String, CBORView) throws -> Void) throws {
        guard kind == .map, let count, expected.map({ $0 == count }) ?? true else { throw MalformedState() }
        var seen = 0
        try forEachEntry { key, value in
            try body(String(decoding: key, as: UTF8.self), value)
            seen += 1
        }
        guard seen == count else { throw MalformedState() }
    }

    /// The map's values, each made by `transform`, by key.
    func mapEntries<T>(_ transform: (CBORView) throws -> T) throws -> [String: T] {
        var result: [String: T] = [:]
        result.reserveCapacity(count ?? 0)
        try eachEntry { key, value in result[key] = try transform(value) }
        return result
    }
}
