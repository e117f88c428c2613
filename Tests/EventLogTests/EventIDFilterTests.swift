@testable import EventLog
import TestSupport
import Testing

/// A process that appends many events keeps a filter of the log's ids and looks an id up in
/// the index only when the filter cannot rule it out. The filter must never rule out an id
/// that is in the log: not one appended by another process, not after an abandoned write, not
/// after it fills and is rebuilt. Otherwise a retry would append an event twice.
@Suite("The id filter: no look-up for ids certainly not in the log, and never a wrong answer")
struct EventIDFilterTests {
    /// A store whose filter starts small, so that tests fill it.
    static func store(at directory: TemporaryDirectory, minimumCapacity: Int = 64) throws -> EventStore {
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = 8 << 20
        options.indexBatchSize = 40
        options.idFilterMinimumCapacity = minimumCapacity
        return try EventStore.create(at: directory.appending("store"), options: options).store
    }

    @Test("every id added is reported as maybe there; other ids rarely are")
    func noFalseNegatives() {
        // Seeded: the false positives counted below are then the same on every run.
        var generator = SeededGenerator(seed: 7)
        let random = { EventID(high: generator.next(), low: generator.next()) }
        let filter = EventIDFilter(capacity: 20_000, coveredThrough: 0)
        let added = (0..<20_000).map { _ in random() }
        for id in added { filter.insert(id) }
        #expect(added.allSatisfy { filter.mayContain($0) })
        // Time-ordered ids (version 7) differ only in a few bytes: they must spread as well.
        let ordered = (0..<20_000).map { EventID(high: UInt64($0) << 16 | 0x7000, low: 0x8000_0000_0000_0000) }
        let orderedFilter = EventIDFilter(capacity: 20_000, coveredThrough: 0)
        for id in ordered { orderedFilter.insert(id) }
        #expect(ordered.allSatisfy { orderedFilter.mayContain($0) })
        // Full, at 16 bits an id: well under 1% false positives (0.1–0.2% expected).
        for probe in [filter, orderedFilter] {
            let falsePositives = (0..<100_000).count(where: { _ in probe.mayContain(random()) })
            #expect(falsePositives < 1_000, "\(falsePositives) of 100,000 absent ids reported as maybe there")
        }
        #expect(filter.capacity >= 20_000 && filter.isFull == (filter.count >= filter.capacity))
    }

    @Test("ids another handle appended after this one's filter was made are found: a retry is a no-op, a change an error")
    func otherHandles() throws {
        let directory = TemporaryDirectory()
        let first = try Self.store(at: directory)
        var options = EventStore.Options()
        options.isDurable = false
        options.idFilterMinimumCapacity = 64
        let second = try EventStore(openingAt: directory.appending("store"), options: options)
        var appended: [(event: ProposedEvent, stream: String)] = []
        // Runs of appends through each handle in turn, past the filters' first capacity and
        // past several index batches, so both filters are built, caught up and rebuilt.
        for round in 0..<12 {
            let store = round.isMultiple(of: 2) ? first : second
            try store.write(actor: "w") { writer in
                for offset in 0..<(round * 3 + 1) {
                    let event = StoreFixture.event(appended.count % 200)
                    let stream = "S-\((round + offset) % 5)"
                    try writer.append(event, to: stream)
                    appended.append((event, stream))
                }
            }
        }
        for store in [first, second] {
            for (offset, (event, stream)) in appended.enumerated() {
                let retry = try store.append([event], to: stream, actor: "w")
                #expect(retry.wasAlreadyAppended && retry.firstPosition == UInt64(offset + 1))
                var changed = event
                changed.data = StoreFixture.data(999)
                #expect(throws: AppendError.self) { try store.append([changed], to: stream, actor: "w") }
            }
        }
        #expect(try first.head().position == UInt64(appended.count))
        #expect(try first.verify().isIntact)
    }

    @Test("after an abandoned write, its ids can be appended and others' ids are still found")
    func abandonedWrites() throws {
        struct Refused: Error {}
        let directory = TemporaryDirectory()
        let store = try Self.store(at: directory)
        try store.append([StoreFixture.event(1)], to: "S", actor: "w")
        let abandoned = (0..<100).map { StoreFixture.event($0) }
        #expect(throws: Refused.self) {
            try store.write(actor: "w") { writer in
                for event in abandoned { try writer.append(event, to: "T") }
                throw Refused()
            }
        }
        #expect(try store.head().position == 1)
        // Another process appends meanwhile: this handle's filter must catch up from position 2.
        let other = try EventStore(openingAt: directory.appending("store"), options: { var o = EventStore.Options(); o.isDurable = false; return o }())
        let theirs = StoreFixture.event(7)
        try other.append([theirs], to: "U", actor: "w")
        #expect(try store.append([theirs], to: "U", actor: "w").wasAlreadyAppended)
        // The abandoned ids were never written: appending them now writes them, once.
        let written = try store.append([abandoned[0], abandoned[1]], to: "T", actor: "w")
        #expect(!written.wasAlreadyAppended && written.firstPosition == 3)
        #expect(try store.append([abandoned[0], abandoned[1]], to: "T", actor: "w").wasAlreadyAppended)
        #expect(try store.verify().isIntact)
    }

    @Test("a write that fills the filter rebuilds it larger, and duplicates within it are still refused")
    func rebuildWithinAWrite() throws {
        let directory = TemporaryDirectory()
        let store = try Self.store(at: directory, minimumCapacity: 32)
        var events: [ProposedEvent] = []
        try store.write(actor: "w") { writer in
            for n in 0..<500 {
                let event = StoreFixture.event(n % 200)
                events.append(event)
                try writer.append(event, to: "S-\(n % 7)")
            }
            // An id this write appended, again with other content: refused within the write.
            var changed = events[3]
            changed.data = StoreFixture.data(999)
            #expect(throws: AppendError.self) { try writer.append(changed, to: "S-3") }
        }
        for (offset, event) in events.enumerated() {
            let retry = try store.append([event], to: "S-\(offset % 7)", actor: "w")
            #expect(retry.wasAlreadyAppended && retry.firstPosition == UInt64(offset + 1))
        }
        #expect(try store.head().position == 500)
    }
}
