@testable import EventLog
import LMDB
import TestSupport
import Testing

/// The indexes are kept in runs, merged four of a size class into one (docs/FORMAT.md §2):
/// whatever runs a store has, every read and check must give the answers one index would.
@Suite("Index runs")
struct IndexRunsTests {
    static func runs(_ sizes: [UInt64]) -> IndexRuns {
        var runs = IndexRuns()
        for size in sizes { _ = runs.add(through: runs.indexedThrough + size) }
        return runs
    }

    @Test("the list of runs round-trips, and a damaged one is refused")
    func encoding() {
        let runs = Self.runs([5, 7, 1])
        #expect(runs.runs.map(\.slot) == [0, 1, 2])
        #expect(runs.runs.map(\.firstPosition) == [1, 6, 13])
        #expect(runs.indexedThrough == 13)
        let bytes = runs.encoded()
        #expect(bytes.withUnsafeBytes { IndexRuns(encoded: $0) } == runs)
        #expect([UInt8]().withUnsafeBytes { IndexRuns(encoded: $0) } == IndexRuns())
        // Not whole runs; a gap between runs; a slot used twice; a slot out of range; a run
        // that does not start at 1.
        #expect(bytes.dropLast().withUnsafeBytes { IndexRuns(encoded: $0) } == nil)
        var gap = bytes
        gap[32] = 7
        #expect(gap.withUnsafeBytes { IndexRuns(encoded: $0) } == nil)
        var twice = bytes
        twice[24] = 0
        #expect(twice.withUnsafeBytes { IndexRuns(encoded: $0) } == nil)
        var outOfRange = bytes
        outOfRange[24] = UInt8(IndexRuns.slotCount)
        #expect(outOfRange.withUnsafeBytes { IndexRuns(encoded: $0) } == nil)
        #expect(Array(bytes[24...]).withUnsafeBytes { IndexRuns(encoded: $0) } == nil)
    }

    @Test("the run covering a position is found at every boundary")
    func covering() {
        let runs = Self.runs([5, 7, 1, 20])
        for position in UInt64(1)...33 {
            let run = runs.run(covering: position)
            #expect(run.map { $0.firstPosition...$0.lastPosition ~= position } == true)
        }
        #expect(runs.run(covering: 0) == nil)
        #expect(runs.run(covering: 34) == nil)
    }

    @Test("four runs of one size class are merged; runs of different classes are not")
    func mergeRule() {
        let small: UInt64 = 16_384
        #expect(Self.runs([small, small, small]).runsToMerge(batchSize: 16_384) == nil)
        #expect(Self.runs([small, small, small, small]).runsToMerge(batchSize: 16_384) == 0..<4)
        #expect(Self.runs([9 * small, small, small, small, small]).runsToMerge(batchSize: 16_384) == 1..<5)
        #expect(Self.runs([4 * small, small, small, small]).runsToMerge(batchSize: 16_384) == nil)
        var runs = Self.runs([4 * small, 4 * small, 4 * small, small, small, small, small])
        let merged = runs.merge(runs.runsToMerge(batchSize: 16_384)!)
        // Into the first slot no run uses, the merged ones included (they are emptied after).
        #expect(merged.slot == 7 && merged.firstPosition == 12 * small + 1 && merged.count == 4 * small)
        // The merged run is of the next class, so the four of that class go next.
        #expect(runs.runsToMerge(batchSize: 16_384) == 0..<4)
        _ = runs.merge(0..<4)
        #expect(runs.runs.map(\.slot) == [3] && runs.runs[0].count == 16 * small && runs.runs[0].sizeClass(smallest: small) == 2)
    }

    @Test("runs of different classes are merged anyway rather than leave fewer than two slots free")
    func slotsNeverRunOut() {
        // Classes falling then rising, so that no four newest ever share one.
        var sizes: [UInt64] = []
        for index in 0..<40 { sizes.append(UInt64(16_384) << UInt64(2 * (index % 5))) }
        var runs = IndexRuns()
        for size in sizes {
            _ = runs.add(through: runs.indexedThrough + size)
            while let range = runs.runsToMerge(batchSize: 16_384) { _ = runs.merge(range) }
            #expect(runs.runs.count <= IndexRuns.slotCount - 2)
            #expect(Set(runs.runs.map(\.slot)).count == runs.runs.count)
        }
        #expect(runs.indexedThrough == sizes.reduce(0, +))
    }

    /// Appends `count` events to eight streams, `perWrite` to a write.
    static func append(_ count: Int, perWrite: Int, to store: EventStore) throws -> [EventID] {
        var ids: [EventID] = []
        var n = 0
        while n < count {
            try store.write(actor: "w") { writer in
                for _ in 0..<min(perWrite, count - n) {
                    var event = StoreFixture.event(n % 60_000)
                    // The largest and smallest ids there can be, which a merge must treat as
                    // any other.
                    if n == 5 { event.id = EventID(high: .max, low: .max) }
                    if n == 4_000 { event.id = EventID(high: 0, low: 1) }
                    ids.append(event.id)
                    try writer.append(event, to: "S-\(n * 7 % 8)")
                    n += 1
                }
            }
        }
        return ids
    }

    @Test("merged runs, read a chunk at a time, answer as a single index does, through a new handle too")
    func mergedRunsRead() throws {
        // Batches of 300 leave runs of about 300; every fourth write merges, so the merged runs
        // grow past a chunk (512) and are read in several.
        let fixture = try StoreFixture(initialMapSize: 16 << 20, indexBatchSize: 300)
        let ids = try Self.append(6_000, perWrite: 310, to: fixture.store)
        let runs = try fixture.store.read { try fixture.store.queries.indexRuns(in: $0.transaction.pointee) }
        #expect(runs.runs.count < 2 * IndexRuns.fanOut)
        #expect(runs.runs.contains { $0.count > UInt64(IndexRunMerge.chunkSize) })
        #expect(try fixture.store.verify().isIntact)
        let expected: [String] = try {
            let single = try StoreFixture(initialMapSize: 16 << 20)
            var n = 0
            try single.store.write(actor: "w") { writer in
                for id in ids {
                    var event = StoreFixture.event(n % 60_000)
                    event.id = id
                    try writer.append(event, to: "S-\(n * 7 % 8)")
                    n += 1
                }
            }
            return try PendingIndexTests.snapshot(single.store, ids: ids)
        }()
        #expect(try PendingIndexTests.snapshot(fixture.store, ids: ids) == expected)
        #expect(try PendingIndexTests.snapshot(try fixture.reopened(indexBatchSize: 300), ids: ids) == expected)
        // Every id is found in the runs by a handle that has no filter, and a retry is a no-op.
        let other = try fixture.reopened(indexBatchSize: 300)
        let found: [UInt64?] = try other.read { reader in
            try ids.enumerated().filter { $0.offset % 97 == 0 }.map { try reader.position(of: $0.element) }
        }
        #expect(found == ids.indices.filter { $0 % 97 == 0 }.map { UInt64($0 + 1) })
        var first = StoreFixture.event(0)
        first.id = ids[0]
        #expect(try other.append([first], to: "S-0", actor: "w").wasAlreadyAppended)
    }

    @Test("verify names a record whose index entry is missing, and a list of runs that disagrees with the indexes")
    func verifyCatchesDamage() throws {
        let fixture = try StoreFixture(indexBatchSize: 4)
        let ids = try Self.append(40, perWrite: 5, to: fixture.store)
        #expect(try fixture.store.verify().isIntact)
        let runs = try fixture.store.read { try fixture.store.queries.indexRuns(in: $0.transaction.pointee) }
        let run = try #require(runs.run(covering: 17))
        let deleted = try fixture.store.environment.write { txn in
            try txn.delete(IndexKey(id: ids[16]), in: fixture.store.queries.databases.eventIDs[run.slot])
        }
        #expect(deleted)
        #expect(try fixture.store.verify().outcome == .broken(position: 17, reason: "the event-id index does not point at this record"))
        try fixture.store.environment.write { txn in
            try txn.put(Array(runs.encoded().dropLast(24)), for: MetaKey.indexRuns, in: fixture.store.queries.databases.meta)
        }
        guard case .broken(_, let reason) = try fixture.store.verify().outcome else {
            Issue.record("a list of runs short of the indexed records was not caught")
            return
        }
        #expect(reason.contains("index runs cover positions 1 through"))
    }

    @Test("a format 1 store (one B-tree per index) is upgraded when opened: the same records, head and answers",
          arguments: ["as made", "without indexed-through"])
    func upgradeFromFormatOne(variant: String) throws {
        // Made by caselog before format 2: 300 generated events imported in four writes with
        // an index batch of 64, so that the indexes cover all 300 (docs/FORMAT.md §9). Stores
        // made before `indexed-through` was kept have full indexes and no such key: their
        // indexes are dropped and made again.
        let directory = TemporaryDirectory()
        let fixture = String(#filePath.dropLast("IndexRunsTests.swift".count)) + "Fixtures/format-1-store.mdb.gz"
        let store = directory.appending("store")
        let unzip = ChildProcess.run("/bin/sh", ["-c", "mkdir -p '\(store)' && gzip -dc '\(fixture)' > '\(store)/data.mdb'"],
                                     scratch: directory)
        try #require(unzip.status == 0, "\(unzip.standardError)")
        if variant == "without indexed-through" {
            var options = Environment.Options()
            options.maximumDatabases = 16
            let environment = try Environment(path: store, options: options)
            let meta = try environment.openDatabase(named: "meta", create: false)
            let deleted = try environment.write { txn in try txn.delete(MetaKey.indexedThrough, in: meta) }
            #expect(deleted)
        }
        let head = "300 a740db5cf8f095df65d86d0254c0a1bb105525c9b28083c1daf1c2a8a523d8ef"
        do {
            // One handle at a time on the store (LMDB's rule for a process).
            let upgraded = try EventStore(openingAt: store)
            #expect(try upgraded.statistics().formatVersion == 2)
            let report = try upgraded.verify()
            #expect(report.isIntact)
            #expect("\(report.head.position) \(report.head.hash)" == head)
            let runs = try upgraded.read { try upgraded.queries.indexRuns(in: $0.transaction.pointee) }
            // Format 1's two trees are slot 0's databases: one run, covering every record.
            #expect(runs.runs == (variant == "as made" ? [IndexRun(slot: 0, firstPosition: 1, lastPosition: 300)] : []))
            // Every record is found by its id and in its stream, through the runs or the tail.
            #expect(try upgraded.read { try expectEveryRecordFound(in: $0) } == 132)
        }
        // A second open finds it upgraded; appends go on from the head, and a batch indexes
        // whatever the runs do not cover yet.
        var options = EventStore.Options()
        options.indexBatchSize = 64
        let again = try EventStore(openingAt: store, options: options)
        try again.append([StoreFixture.event(1)], to: "TS-2024-000001", actor: "w")
        #expect(try again.verify().isIntact)
        #expect(try again.head().position == 301)
        let runs = try again.read { try again.queries.indexRuns(in: $0.transaction.pointee) }
        #expect(runs.indexedThrough == 301 || (variant == "as made" && runs.indexedThrough == 300))
    }

    @Test("a record missing from the unindexed tail is reported as damage, not a crash")
    func gapInTheTail() throws {
        let fixture = try StoreFixture()
        for n in 0..<10 { try fixture.store.append([StoreFixture.event(n)], to: "S-\(n % 3)", actor: "w") }
        let events = fixture.store.queries.databases.events
        let deleted = try fixture.store.environment.write { txn in try txn.delete(BigEndianKey(5), in: events) }
        #expect(deleted)
        let other = try fixture.reopened()
        #expect(throws: StoreError.corrupted(position: 5, reason: "position 5 is missing")) { try other.read { try $0.streamHead("S-1") } }
    }

    @Test("the walk over every run finds an id two runs hold, and nothing when none is shared")
    func sharedKeys() throws {
        let fixture = try StoreFixture()
        let slots = fixture.store.queries.databases.eventIDs
        var generator = SeededGenerator(seed: 7)
        var ids = (0..<3_000).map { _ in EventID(high: generator.next(), low: generator.next()) }
        func fill(_ ids: [EventID]) throws {
            try fixture.store.environment.write { txn in
                for slot in 1...3 { try txn.removeAll(in: slots[slot]) }
                for (index, id) in ids.enumerated() {
                    try txn.put(PositionValue(position: UInt64(index + 1)), for: IndexKey(id: id), in: slots[1 + index % 3])
                }
            }
        }
        let databases = [slots[1], slots[2], slots[3]]
        try fill(ids)
        #expect(try fixture.store.environment.read { try IndexRunMerge.firstSharedKey(in: databases, txn: $0) } == nil)
        ids[2_001] = ids[1_001]  // runs 1 and 3 (2,001 % 3 and 1,001 % 3)
        try fill(ids)
        let shared = try fixture.store.environment.read { try IndexRunMerge.firstSharedKey(in: databases, txn: $0) }
        #expect(shared.map { EventID(high: $0.high, low: $0.low) } == ids[1_001])
    }
}
