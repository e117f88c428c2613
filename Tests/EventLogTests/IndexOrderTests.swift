@testable import EventLog
import TestSupport
import Testing

/// The tail's ids are written to the event-id index in key order, sorted by a radix sort:
/// it must give exactly the order a comparison sort gives, whatever the ids look like.
@Suite("The tail's ids in key order")
struct IndexOrderTests {
    static func tail(_ ids: [EventID]) -> PendingIndex {
        var pending = PendingIndex(indexedThrough: 0)
        for (offset, id) in ids.enumerated() {
            pending.add(id: id, stream: "S-\(offset % 3)", number: UInt64(offset % 3 + 1), version: UInt64(offset / 3 + 1),
                        position: UInt64(offset + 1))
        }
        return pending
    }

    @Test("random, time-ordered, equal-high, one-high and tiny sets sort as a comparison sort does",
          arguments: ["random", "ordered", "equal high", "one high", "one", "two"])
    func sameOrder(kind: String) {
        var generator = SeededGenerator(seed: 20_261_202)
        let random = { EventID(high: generator.next(), low: generator.next()) }
        let ids: [EventID] = switch kind {
        case "random": (0..<5_000).map { _ in random() }
        // Version 7 style: a clock in the high bytes, most bytes shared by the whole batch.
        case "ordered": (0..<5_000).map { EventID(high: 0x0192_0000_0000_7000 | UInt64($0) << 16, low: generator.next()) }
        // Only the low halves differ, and some high halves repeat.
        case "equal high": (0..<2_000).map { EventID(high: UInt64($0 % 7), low: generator.next()) }
        // Every id with the same high half (sequential ids from another system): the runs
        // must not be sorted in quadratic time (40,000 took seconds when they were).
        case "one high": (0..<40_000).map { EventID(high: 0x1234, low: UInt64(($0 * 7_919) % 40_000)) }
        case "one": [random()]
        default: [random(), random()]
        }
        let pending = Self.tail(ids)
        let sorted = pending.idsInKeyOrder()
        let expected = pending.ids.sorted().map { (id: $0, position: pending.position(of: $0)) }
        #expect(sorted.map(\.id) == expected.map(\.id))
        #expect(sorted.map(\.position) == expected.map(\.position))
    }
}
