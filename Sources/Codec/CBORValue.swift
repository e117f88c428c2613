/// An owned CBOR item of the log's data model, for building payloads in code and in tests.
///
/// Hot paths read payloads with `CBORView` instead: decoding into this enum allocates for every
/// string, array and map. Equality is structural and exact: `.double(1.0)` and `.integer(1)`
/// are different values, as they are different CBOR.
public indirect enum CBORValue: Hashable, Sendable {
    /// An integer (major type 0 or 1).
    case integer(Int64)
    /// A text string.
    case text(String)
    /// An array, in order.
    case array([CBORValue])
    /// A map with text keys (encoded in deterministic key order).
    case map([String: CBORValue])
    /// `false` or `true`.
    case bool(Bool)
    /// `null`.
    case null
    /// A float, encoded in the narrowest width that holds it exactly.
    case double(Double)

    /// Decodes `bytes`, which must be exactly one deterministic item of the data model (see
    /// `DeterministicCBOR`), so that `CBORValue(decoding: b).encoded() == b`.
    /// Fails with the validator's error; costs one validation pass plus the allocations of the
    /// values built.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(CBORError) {
        try DeterministicCBOR.validate(bytes, requireMap: false)
        self = CBORValue(validated: CBORView(bytes))
    }

    /// Decodes `bytes`; see `init(decoding:)` for an `UnsafeRawBufferPointer`.
    public init(decoding bytes: [UInt8]) throws(CBORError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CBORError) in try CBORValue(decoding: buffer) }
        }
        self = try result.get()
    }

    /// Builds the value of an item already known to be valid.
    init(validated view: CBORView) {
        switch view.kind {
        case .integer: self = .integer(view.integer ?? 0)
        case .text: self = .text(view.string ?? "")
        case .bool: self = .bool(view.bool ?? false)
        case .float: self = .double(view.double ?? 0)
        case .array:
            var elements: [CBORValue] = []
            elements.reserveCapacity(view.count ?? 0)
            view.forEachElement { elements.append(CBORValue(validated: $0)) }
            self = .array(elements)
        case .map:
            var entries: [String: CBORValue] = [:]
            entries.reserveCapacity(view.count ?? 0)
            view.forEachEntry { key, value in
                entries[String(decoding: key, as: UTF8.self)] = CBORValue(validated: value)
            }
            self = .map(entries)
        case .null, nil: self = .null
        }
    }

    /// The value as deterministic CBOR: shortest heads, floats in preferred form, map keys in
    /// encoded order (fewer UTF-8 bytes first, then bytewise). Costs a sort per map.
    public func encoded() -> [UInt8] {
        var writer = CBORWriter(capacity: 64)
        encode(into: &writer)
        return writer.bytes
    }

    /// Appends the value's deterministic CBOR to `writer`.
    public func encode(into writer: inout CBORWriter) {
        switch self {
        case .integer(let value): writer.writeInteger(value)
        case .text(let value): writer.writeText(value)
        case .bool(let value): writer.writeBool(value)
        case .null: writer.writeNull()
        case .double(let value): writer.writeDouble(value)
        case .array(let elements):
            writer.writeArrayHeader(count: elements.count)
            for element in elements { element.encode(into: &writer) }
        case .map(let entries):
            writer.writeMapHeader(count: entries.count)
            for (key, value) in entries.sorted(by: { Self.precedes($0.key, $1.key) }) {
                writer.writeText(key)
                value.encode(into: &writer)
            }
        }
    }

    /// Deterministic key order for text keys: fewer UTF-8 bytes first, then bytewise.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let aCount = a.utf8.count, bCount = b.utf8.count
        return aCount != bCount ? aCount < bCount : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

extension CBORValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `.integer(value)`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// `.double(value)`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `.text(value)`.
    public init(stringLiteral value: String) { self = .text(value) }
    /// `.bool(value)`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// `.array(elements)`.
    public init(arrayLiteral elements: CBORValue...) { self = .array(elements) }
    /// `.map` of the pairs; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, CBORValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
