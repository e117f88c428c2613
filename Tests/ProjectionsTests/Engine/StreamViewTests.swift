import SampleHistory
import Casework
import EventLog
import Projections
import Testing
import TestSupport

@Suite("Stream views: kept current, caught up, rebuilt")
struct StreamViewTests {
    /// A store that keeps the built-in views, as the command line opens it.
    static func keepingStore(_ scratch: TemporaryDirectory) throws -> EventStore {
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = 64 << 20
        options.followers = BuiltInViews.followers
        return try EventStore.create(at: scratch.appending("store"), options: options).store
    }

    /// Records `lines` in one write.
    static func record(_ lines: some Sequence<String>, in store: EventStore) throws {
        let text = lines.joined(separator: "\n") + "\n"
        _ = try Importer(store: store, actor: "test.worker", lineIDs: .random).run(LineReader(bytes: Array(text.utf8)))
    }

    /// Every row of the case summary view, and its checkpoint.
    static func snapshot(_ store: EventStore) throws -> (rows: [String: [UInt8]], checkpoint: UInt64) {
        try store.read { reader in
            var rows: [String: [UInt8]] = [:]
            try reader.forEachViewRow(in: CaseSummaryView.name) { key, row in
                // The row with the empty key is the view's layout, not a stream's.
                guard !key.isEmpty else { return }
                rows[String(decoding: key, as: UTF8.self)] = Array(row)
            }
            return (rows, try reader.checkpoint(ofView: CaseSummaryView.name))
        }
    }

    static func history(events: Int) -> [String] {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        configuration.seed = 7
        return SampleHistory(configuration).map(\.jsonLine)
    }

    @Test("rebuilding from position 1 gives exactly the rows that 100,000 events recorded in writes of every size gave")
    func rebuildEqualsIncremental() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        let lines = Self.history(events: 100_000)
        // Writes of 1, 2, 3, … 40 events, then in thousands, so that rows are read back, folded
        // and written again across many commits.
        var next = 0
        var size = 1
        while next < lines.count {
            let end = min(lines.count, next + size)
            try Self.record(lines[next..<end], in: store)
            next = end
            size = size < 40 ? size + 1 : 1_000 + size % 7
        }
        let incremental = try Self.snapshot(store)
        #expect(incremental.checkpoint == 100_000)
        #expect(incremental.rows.count > 1_000, "the history should hold many cases and subjects")

        let head = try CaseSummaryView.view.rebuild(in: store)
        #expect(head == 100_000)
        let rebuilt = try Self.snapshot(store)
        #expect(rebuilt.checkpoint == 100_000)
        #expect(rebuilt.rows.count == incremental.rows.count)
        let different = rebuilt.rows.keys.filter { rebuilt.rows[$0] != incremental.rows[$0] }.sorted()
        #expect(different.isEmpty, "rows that differ: \(different.prefix(5))")

        // And each row is the case as a replay of its stream gives it.
        try store.read { reader in
            for (stream, row) in rebuilt.rows.sorted(by: { $0.key < $1.key }).prefix(200) {
                var replayed = CaseFile(reference: stream)!
                try reader.scanStream(stream) { replayed.apply($0) }
                #expect(replayed.encoded() == row, "\(stream)")
            }
        }
    }

    @Test("a rebuild under a small memory budget writes folds out and reads them back, with the same rows")
    func rebuildWithinBudget() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        try Self.record(Self.history(events: 20_000), in: store)
        let incremental = try Self.snapshot(store)
        try StreamView<CaseFile>(name: CaseSummaryView.name, memoryBudget: 500).rebuild(in: store)
        let rebuilt = try Self.snapshot(store)
        #expect(rebuilt.rows == incremental.rows)
        #expect(rebuilt.checkpoint == 20_000)
    }

    @Test("a store written without the views is caught up when read, and by the next write")
    func catchUp() throws {
        let scratch = TemporaryDirectory()
        let keeping = try Self.keepingStore(scratch)
        let lines = Self.history(events: 3_000)
        try Self.record(lines[0..<1_000], in: keeping)
        // Another process that does not keep the views writes the next 1,000.
        var options = EventStore.Options()
        options.isDurable = false
        let plain = try EventStore(openingAt: scratch.appending("store"), options: options)
        try Self.record(lines[1_000..<2_000], in: plain)
        #expect(try Self.snapshot(plain).checkpoint == 1_000)

        // Readers see every case as the log has it, without writing.
        var seen: [String: CaseFile] = [:]
        try plain.read { reader in
            try CaseSummaryView.view.forEachFold(in: reader) { stream, file in seen[stream] = file }
        }
        try plain.read { reader in
            try reader.forEachStream { head in
                guard let file = seen[head.name] else {
                    Issue.record("no fold for \(head.name)")
                    return
                }
                #expect(file.version == head.version, "\(head.name)")
            }
        }
        #expect(try Self.snapshot(plain).checkpoint == 1_000)

        // The next write that keeps the views folds in the other process's events too.
        try Self.record(lines[2_000..<3_000], in: keeping)
        let caughtUp = try Self.snapshot(keeping)
        #expect(caughtUp.checkpoint == 3_000)
        try CaseSummaryView.view.rebuild(in: keeping)
        #expect(try Self.snapshot(keeping).rows == caughtUp.rows)
    }

    @Test("a write that is refused leaves the view as it was")
    func refusedWrite() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        try Self.record(Self.history(events: 500), in: store)
        let before = try Self.snapshot(store)
        let bad = #"{"type":"complaint.acknowledged","case":"CMP-2099-000001","occurredAt":"2025-01-01T09:00:00Z","data":{"stage":1}}"#
        #expect(throws: Importer.Failure.self) { try Self.record([bad], in: store) }
        let after = try Self.snapshot(store)
        #expect(after.rows == before.rows)
        #expect(after.checkpoint == before.checkpoint)
    }

    @Test("the case summary of one case is read from its row, with later records folded in")
    func oneCase() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        try Self.record([
            #"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"A"}}"#,
            #"{"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}}"#,
        ], in: store)
        try Self.record([#"{"type":"case.assigned","case":"CMP-2025-000001","occurredAt":"2025-03-03T10:00:00Z","data":{"worker":"a.khan"}}"#], in: store)
        let file = try store.read { try CaseSummaryView.view.fold(of: "CMP-2025-000001", in: $0) }
        #expect(file?.version == 2)
        #expect(file?.assignedTo == "a.khan")
        #expect(file?.subject == "P-000001")
        #expect(file?.stage == 1)
        let none = try store.read { try CaseSummaryView.view.fold(of: "CMP-2025-000009", in: $0) }
        #expect(none?.version == 0)
    }

    @Test("a consumer cannot take a view's checkpoint name and move the view past what it folded")
    func reservedCheckpointNames() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        try Self.record(Self.history(events: 50), in: store)
        #expect(throws: AppendError.self) { try store.saveCheckpoint(1, named: "view:" + CaseSummaryView.name) }
        try store.saveCheckpoint(1, named: CaseSummaryView.name)
        #expect(try Self.snapshot(store).checkpoint == 50)
    }

    @Test("rows in another layout are never read: readers fold from the log, and the next write folds the view again")
    func otherLayout() throws {
        let scratch = TemporaryDirectory()
        let store = try Self.keepingStore(scratch)
        let lines = Self.history(events: 2_000)
        try Self.record(lines[0..<1_500], in: store)
        let current = try Self.snapshot(store)
        // As an older caselog would have left it: another layout, and rows it cannot read.
        try store.write(actor: "test") { writer in
            try writer.putViewRow([1, 0, 0, 0] as [UInt8], in: CaseSummaryView.name, key: [UInt8]())
            try writer.putViewRow([1, 2, 3] as [UInt8], in: CaseSummaryView.name, key: "TS-2024-000001")
        }
        // Readers do not read those rows: they fold every case from the log.
        var seen: [String: CaseFile] = [:]
        try store.read { reader in try CaseSummaryView.view.forEachFold(in: reader) { seen[$0] = $1 } }
        #expect(seen.mapValues { $0.encoded() } == current.rows)
        let one = try store.read { try CaseSummaryView.view.fold(of: "TS-2024-000001", in: $0) }
        #expect(one?.encoded() == current.rows["TS-2024-000001"])
        // The next write folds the whole view again, in the current layout.
        try Self.record(lines[1_500..<2_000], in: store)
        let after = try Self.snapshot(store)
        #expect(after.checkpoint == 2_000)
        try CaseSummaryView.view.rebuild(in: store)
        #expect(try Self.snapshot(store).rows == after.rows)
    }
}
