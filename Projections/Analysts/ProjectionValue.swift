import EventLog
import Codec

/// One value a projection reads, keeps or prints: a cell of its table.
///
/// Text, lists of text (a field such as `categories`), integers, decimals, Booleans, or null
/// when the event or case has no such value.
public enum ProjectionValue: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// No value.
    case null
    /// A Boolean.
    case bool(Bool)
    /// An integer.
    case integer(Int64)
    /// A decimal.
    case number(Double)
    /// Text.
    case text(String)
    /// A list of texts, e.g. `categories`.
    case list([String])

    /// The value of a CBOR data item: text, integer, float, Boolean, or a list of texts (other
    /// elements dropped); null for anything else. Allocates only for text longer than 15 bytes
    /// and for lists.
    init(_ item: CBORView) {
        switch item.kind {
        case .text?: self = item.string.map(ProjectionValue.text) ?? .null
        case .integer?: self = item.integer.map(ProjectionValue.integer) ?? .null
        case .float?: self = item.double.map(ProjectionValue.number) ?? .null
        case .bool?: self = item.bool.map(ProjectionValue.bool) ?? .null
        case .array?:
            var texts: [String] = []
            item.forEachElement { if let text = $0.string { texts.append(text) } }
            self = .list(texts)
        default: self = .null
        }
    }

    /// True when this value is `wanted`, or is a list holding it: the rule of a spec's `where`,
    /// used by `count-where` and `share` too, so that `equals: damp-mould` means the same in
    /// both. Integers and decimals compare by value.
    public func holds(_ wanted: ProjectionValue) -> Bool {
        switch (self, wanted) {
        case (.list(let items), .text(let text)): return items.contains(text)
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        default: return self == wanted
        }
    }

    /// The value as a number, for sums, means and medians; nil unless an integer or decimal.
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The values a grouping by this value puts a row under: each element of a list (`none`
    /// for an empty one), `not-recorded` for null, else the value itself.
    var groupKeys: [ProjectionValue] {
        switch self {
        case .null: [.text("not-recorded")]
        case .list(let texts): texts.isEmpty ? [.text("none")] : texts.map(ProjectionValue.text)
        default: [self]
        }
    }

    /// How the value is printed in a table or CSV: empty for null, lists joined by `;`,
    /// decimals to at most two places.
    public var description: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): Self.format(value)
        case .text(let text): text
        case .list(let texts): texts.joined(separator: ";")
        }
    }

    /// `value` with at most two decimal places and no trailing zeros (`2`, `2.5`, `2.33`).
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text = String(text[...text.index(dot, offsetBy: 2)])
        }
        return text
    }

    /// Nulls first, then Booleans, numbers (by value), texts and lists.
    public static func < (a: ProjectionValue, b: ProjectionValue) -> Bool {
        switch (a, b) {
        case let (.bool(x), .bool(y)): return !x && y
        case let (.text(x), .text(y)): return x < y
        case let (.list(x), .list(y)): return x.lexicographicallyPrecedes(y)
        default:
            if let x = a.double, let y = b.double { return x < y }
            return a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .integer, .number: 2
        case .text: 3
        case .list: 4
        }
    }
}
