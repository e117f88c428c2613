#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Values found by an event type's name given as bytes (a record's `typeBytes`), without making
/// a `String`: what a projection does for every record it scans, so that a record it does not
/// read costs a few integer comparisons.
///
/// The names are kept as UTF-8 side by side, grouped by length, so a look-up compares
/// (`memcmp`) only with the names exactly as long as the one asked for, and touches no nested
/// array. `CaseFileEventType` and `EventCatalogue` in Casework keep the same kind of table.
struct TypeNameTable<Value: Sendable>: Sendable {
    /// Every name's UTF-8, shortest first; names of one length are adjacent.
    private let names: [UInt8]
    /// The values, in the order of `names`.
    private let values: [Value]
    /// For each length n: the index in `values` of the first name of that length (the names of
    /// length n are `first[n]..<first[n + 1]`), and where they start in `names`.
    private let first: [Int]
    private let offset: [Int]

    /// A table of `entries`: each name with its value. A name given twice keeps both; the
    /// first found wins.
    init(_ entries: [(name: String, value: Value)]) {
        let sorted = entries.enumerated()
            .sorted { ($0.element.name.utf8.count, $0.offset) < ($1.element.name.utf8.count, $1.offset) }
            .map(\.element)
        let longest = sorted.last?.name.utf8.count ?? 0
        var count = Array(repeating: 0, count: longest + 1)
        for entry in sorted { count[entry.name.utf8.count] += 1 }
        var first = [0], offset = [0]
        for length in 0...longest {
            first.append(first[length] + count[length])
            offset.append(offset[length] + count[length] * length)
        }
        names = sorted.flatMap(\.name.utf8)
        values = sorted.map(\.value)
        self.first = first
        self.offset = offset
    }

    /// The value of the name whose UTF-8 is `bytes`; nil when there is none. Allocates nothing.
    @inline(__always)
    func value(named bytes: UnsafeRawBufferPointer) -> Value? {
        let length = bytes.count
        guard length > 0, length + 1 < first.count, let base = bytes.baseAddress else { return nil }
        let range = first[length]..<first[length + 1]
        guard !range.isEmpty else { return nil }
        return names.withUnsafeBytes { all in
            var at = all.baseAddress! + offset[length]
            for index in range {
                if memcmp(at, base, length) == 0 { return values[index] }
                at += length
            }
            return nil
        }
    }
}
