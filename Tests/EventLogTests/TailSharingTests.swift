@testable import EventLog
import TestSupport
import Testing

/// The unindexed tail is shared between the writer and readers, each catching its own copy up:
/// whatever the copies add and wherever the frozen part is folded, each copy must answer as a
/// tail built alone from the same records would, and adding to one must not change another.
@Suite("A tail shared between copies")
struct TailSharingTests {
    /// A record of the model: its stream, stream number, version and id.
    struct Noted: Equatable {
        let stream: String
        let number: UInt64
        let version: UInt64
        let id: EventID
    }

    /// Everything a tail answers about `records` (positions from `indexedThrough + 1`).
    static func answers(_ tail: PendingIndex, _ records: [Noted]) -> [String] {
        var lines = ["count \(tail.count) through \(tail.through) ids \(tail.idCount) highest \(tail.highestStreamNumber)"]
        for name in tail.streamNames.sorted() {
            let stream = tail.stream(named: name)!
            lines.append("\(name) #\(stream.number) v\(stream.lastVersion) n\(stream.count) \(tail.positions(of: stream))")
        }
        for (offset, record) in records.enumerated() {
            lines.append("\(record.id) at \(tail.position(of: record.id).map(String.init) ?? "-") (\(offset))")
        }
        lines.append("sorted \(tail.idsInKeyOrder().map(\.position))")
        return lines
    }

    /// What a tail of exactly `records`, built by itself, answers.
    static func expected(_ records: [Noted], all: [Noted]) -> [String] {
        var alone = PendingIndex(indexedThrough: 100)
        for (offset, record) in records.enumerated() {
            alone.add(id: record.id, stream: record.stream, number: record.number, version: record.version,
                      position: 101 + UInt64(offset))
        }
        return answers(alone, all)
    }

    @Test("copies taken at every size, some across the fold, answer each for its own records")
    func copiesAnswerForThemselves() {
        var generator = SeededGenerator(seed: 20_261_207)
        var records: [Noted] = []
        var versions: [String: UInt64] = [:]
        var numbers: [String: UInt64] = [:]
        let total = PendingIndex.recentLimit * 3 + 17
        for _ in 0..<total {
            // Some streams recur across the fold, most are new (random client ids).
            let name = generator.next() % 3 == 0 ? "S-\(generator.next() % 5)" : "S-\(generator.next())"
            let number = numbers[name] ?? UInt64(numbers.count + 1)
            numbers[name] = number
            versions[name, default: 0] += 1
            records.append(Noted(stream: name, number: number, version: versions[name]!,
                                 id: EventID(high: generator.next(), low: generator.next())))
        }
        var writer = PendingIndex(indexedThrough: 100)
        var copies: [(tail: PendingIndex, count: Int)] = []
        for (offset, record) in records.enumerated() {
            writer.add(id: record.id, stream: record.stream, number: record.number, version: record.version,
                       position: 101 + UInt64(offset))
            if offset % 37 == 0 || offset == PendingIndex.recentLimit - 1 || offset == PendingIndex.recentLimit {
                copies.append((writer, offset + 1))
            }
        }
        // A reader catches an old copy up past the fold; the writer's tail is not changed by it.
        var reader = copies[2].tail
        for offset in copies[2].count..<(PendingIndex.recentLimit + 40) {
            let record = records[offset]
            reader.add(id: record.id, stream: record.stream, number: record.number, version: record.version,
                       position: 101 + UInt64(offset))
        }
        #expect(Self.answers(reader, records) == Self.expected(Array(records.prefix(PendingIndex.recentLimit + 40)), all: records))
        #expect(Self.answers(writer, records) == Self.expected(records, all: records))
        for (tail, count) in copies {
            #expect(Self.answers(tail, records) == Self.expected(Array(records.prefix(count)), all: records))
        }
    }

    @Test("an id reserved and forgotten, or already in the frozen part, is answered as the tail holds it")
    func reserveAndForget() {
        var tail = PendingIndex(indexedThrough: 0)
        // Copies held elsewhere, as readers hold the writer's tail: the tail folds rather than copies.
        var shared: [PendingIndex] = []
        var generator = SeededGenerator(seed: 7)
        var first: EventID?
        for position in 1...UInt64(PendingIndex.recentLimit + 3) {
            let id = EventID(high: generator.next(), low: generator.next())
            if first == nil { first = id }
            #expect(tail.reserve(id, at: position) == nil)
            tail.addReserved(stream: "S", number: 1, lastVersion: position, firstPosition: position, count: 1)
            if position == UInt64(PendingIndex.recentLimit) { shared.append(tail) }
        }
        #expect(shared.count == 1 && shared[0].count == PendingIndex.recentLimit)
        // The first id is frozen by now: reserving it again gives its position, changes nothing.
        #expect(tail.reserve(first!, at: 999) == 1)
        #expect(tail.position(of: first!) == 1)
        let refused = EventID(high: 1, low: 2)
        #expect(tail.reserve(refused, at: 999) == nil)
        tail.forget(refused)
        #expect(tail.position(of: refused) == nil)
        #expect(tail.idCount == PendingIndex.recentLimit + 3)
        #expect(tail.stream(named: "S")?.count == PendingIndex.recentLimit + 3)
    }
}
