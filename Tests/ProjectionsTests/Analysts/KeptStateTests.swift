import Casework
import Codec
import EventLog
@testable import Projections
import SampleHistory
import Testing
import TestSupport

/// A kept projection's state is saved as deterministic CBOR (docs/FORMAT.md §2) and read back
/// as it was; one saved in the old JSON form is folded again and saved anew.
@Suite("Kept projections' saved state")
struct KeptStateTests {
    static let examples = ["damp-mould-complaints", "safeguarding-triage-days", "tenancies-sustained", "food-parcels",
                           "contributing-factors", "no-access-visits"]

    /// A store holding `events` events of the sample history (seed 7).
    static func sampleStore(events: Int) throws -> (ProjectionFixture, [String]) {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        configuration.seed = 7
        let lines = SampleHistory(configuration).map(\.jsonLine)
        return (try ProjectionFixture(), lines)
    }

    static func exampleText(_ name: String) throws -> String {
        String(decoding: try #require(readFile(AnalystTest.examplePath(name))), as: UTF8.self)
    }

    /// The state `text` folds over the whole store, as `project run` folds it.
    static func freshState(_ text: String, _ fixture: ProjectionFixture) throws -> ProjectionRun {
        try fixture.store.read { reader in
            var run = ProjectionRun(plan: ProjectionPlan(try ProjectionSpecReader.read(text)))
            _ = try run.runCorrected(over: reader)
            return run
        }
    }

    /// A spec with the folds no example has.
    static let counting = """
        name: visits-per-case
        events:
          types: [tenancy.referral-received]
        per-case:
          visits: { count: [tenancy.visit-completed, tenancy.visit-missed] }
          closed: { exists: tenancy.case-closed }
          days-open: { days: { from: tenancy.referral-received, to: tenancy.case-closed } }
        group-by: [closed]
        measures:
          cases: count
          all-visits: { sum: visits }
          median-days-open: { median: days-open }
        """

    @Test("every example's state, saved and read back, gives the same table and the same bytes, and every part of a state is exercised")
    func roundTrip() throws {
        let (fixture, lines) = try Self.sampleStore(events: 20_000)
        try fixture.record(lines)
        var parts: Set<String> = []
        for text in try Self.examples.map(Self.exampleText) + [Self.counting] {
            let name = String(text.prefix(60))
            let run = try Self.freshState(text, fixture)
            let bytes = SavedState.encode(run.state, specText: text)
            let saved = try #require(SavedState.decode(bytes, specText: text), "\(name)")
            #expect(SavedState.encode(saved.state, specText: text) == bytes, "\(name)")
            let reread = ProjectionRun(plan: run.plan, calendar: .englandAndWales, triageTarget: .standard, state: saved.state)
            #expect(reread.result() == run.result(), "\(name)")
            #expect(SavedState.position(in: bytes, specText: text) == run.position)
            let state = saved.state
            for (part, isUsed) in [("rows", !state.rows.isEmpty), ("cases", !state.cases.isEmpty),
                                   ("anchors", state.cases.contains { $0.anchor != nil }),
                                   ("case files", state.cases.contains { $0.file != nil }), ("workers", !state.workers.isEmpty),
                                   ("subjects", !state.subjects.isEmpty), ("subjectOfCase", !state.subjectOfCase.isEmpty),
                                   ("findingFactors", !state.findingFactors.isEmpty), ("implementedAt", !state.implementedAt.isEmpty),
                                   ("reviewOpenedAt", !state.reviewOpenedAt.isEmpty),
                                   ("recommendationFindings", !state.recommendationFindings.isEmpty)] where isUsed {
                parts.insert(part)
            }
            for fold in state.cases.flatMap(\.folds) {
                switch fold {
                case .empty: parts.insert("empty fold")
                case .count: parts.insert("count fold")
                case .value: parts.insert("value fold")
                case .between: parts.insert("between fold")
                }
            }
        }
        #expect(parts.count == 15, "not exercised: \(parts)")
    }

    @Test("a state without case files is deterministic CBOR of the log's data model; one with them differs only by byte strings")
    func deterministic() throws {
        let (fixture, lines) = try Self.sampleStore(events: 2_000)
        try fixture.record(lines)
        for name in Self.examples {
            let text = try Self.exampleText(name)
            let run = try Self.freshState(text, fixture)
            let bytes = SavedState.encode(run.state, specText: text)
            if run.plan.needsCaseFile {
                #expect(bytes.withUnsafeBytes { buffer in
                    (try? DeterministicCBOR.validate(buffer)) == nil && CBORView(buffer).encodedByteCount == buffer.count
                })
            } else {
                #expect(throws: Never.self, "\(name)") { try bytes.withUnsafeBytes { try DeterministicCBOR.validate($0) } }
            }
        }
    }

    @Test("a kept state caught up write by write has the bytes of the state folded from position 1 in one go")
    func incrementalEqualsRebuilt() throws {
        let (fixture, lines) = try Self.sampleStore(events: 3_000)
        let names = ["damp-mould-complaints", "food-parcels", "no-access-visits"]
        var next = 0, size = 1
        while next < lines.count {
            let end = min(lines.count, next + size)
            try fixture.record(Array(lines[next..<end]))
            for name in names where next == 0 {
                try KeptProjections.add(text: try Self.exampleText(name), path: name + ".yaml", in: fixture.store)
            }
            for name in names { _ = try KeptProjections.table(named: name, in: fixture.store) }
            next = end
            size = size * 2 + 1
        }
        for name in names {
            let text = try Self.exampleText(name)
            let kept = try fixture.store.read { try $0.viewRow(in: KeptProjections.stateView, key: name).map { Array($0) } }
            #expect(kept == SavedState.encode(try Self.freshState(text, fixture).state, specText: text), "\(name)")
        }
    }

    @Test("a kept projection folded again from position 1 for a correction saves its state, so the next read folds only what follows")
    func savedAfterACorrection() throws {
        let fixture = try ProjectionFixture()
        let test = KeptProjectionTests()
        let triageID = "5a0c3c52-2f0e-4c1b-9a8d-0e6f1d2b3c4d"
        try fixture.record([
            AnalystTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            test.raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
            ProjectionFixture.line("safeguarding.triaged", "SG-2025-000001", #"{"riskLevel":"high","decision":"internal-support","rationale":"R"}"#,
                                   at: "2025-03-05T09:00:00Z", id: triageID),
        ])
        try KeptProjections.add(text: KeptProjectionTests.triage, path: "triage.yaml", in: fixture.store)
        try fixture.record([ProjectionFixture.line("case.entry-corrected", "SG-2025-000001",
            #"{"eventId":"\#(triageID)","reason":"misread","changes":{"riskLevel":"low"}}"#, at: "2025-03-06T09:00:00Z")])
        let table = try KeptProjections.table(named: "triage", in: fixture.store)
        #expect(AnalystTest.cells(table) == [["2025-03", "low", "1", "2", "0"]])
        let saved = try fixture.store.read { try $0.viewRow(in: KeptProjections.stateView, key: "triage").map { Array($0) } }
        #expect(saved.flatMap { SavedState.position(in: $0, specText: KeptProjectionTests.triage) } == 4)
    }

    /// A store with the three events `OldForm` was folded over, and its kept rows.
    static func oldFormStore() throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        let test = KeptProjectionTests()
        try fixture.record([
            AnalystTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            test.raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
            test.triaged("SG-2025-000001", "high", at: "2025-03-05T09:00:00Z"),
        ])
        try fixture.store.write(actor: "older.caselog") { writer in
            try writer.putViewRow(Array(OldForm.entry.utf8), in: KeptProjections.specView, key: "triage")
            try writer.putViewRow(Array(OldForm.state.utf8), in: KeptProjections.stateView, key: "triage")
        }
        return fixture
    }

    /// The kept rows of `triage`.
    static func rows(_ fixture: ProjectionFixture) throws -> (entry: [UInt8], state: [UInt8]) {
        try fixture.store.read { reader in
            (try #require(try reader.viewRow(in: KeptProjections.specView, key: "triage").map { Array($0) }),
             try #require(try reader.viewRow(in: KeptProjections.stateView, key: "triage").map { Array($0) }))
        }
    }

    @Test("a projection kept in the old JSON form is listed and read; its state is folded again from position 1 and both rows are saved in CBOR")
    func oldForm() throws {
        let fixture = try Self.oldFormStore()
        #expect(try KeptProjections.list(in: fixture.store)
            == [KeptProjections.Entry(name: "triage", title: "triage", path: "/home/analyst/triage.yaml", text: OldForm.text)])
        let table = try KeptProjections.table(named: "triage", in: fixture.store)
        #expect(table == (try ProjectionSpecReader.read(OldForm.text).run(in: fixture.store)))
        #expect(AnalystTest.cells(table) == [["2025-03", "high", "1", "2", "0"]])
        let (entry, state) = try Self.rows(fixture)
        #expect(entry == KeptProjections.Entry(name: "triage", title: "triage", path: "/home/analyst/triage.yaml", text: OldForm.text).encoded())
        #expect(SavedState.decode(state, specText: OldForm.text)?.state.position == 3)
        // Read again: from the saved state, with nothing to write.
        #expect(try KeptProjections.table(named: "triage", in: fixture.store) == table)
        #expect(try Self.rows(fixture) == (entry, state))
    }

    @Test("adding the same spec again saves an entry and a state kept in the old JSON form in CBOR")
    func oldFormAddedAgain() throws {
        let fixture = try Self.oldFormStore()
        let (outcome, table) = try KeptProjections.add(text: OldForm.text, path: "/home/analyst/triage.yaml", in: fixture.store)
        #expect(outcome == .unchanged)
        #expect(AnalystTest.cells(table) == [["2025-03", "high", "1", "2", "0"]])
        let (entry, state) = try Self.rows(fixture)
        #expect(entry.first == 0xA4)
        #expect(SavedState.decode(state, specText: OldForm.text)?.state.position == 3)
    }

    @Test("a kept entry that is neither CBOR nor the old JSON is reported as a damaged store, naming the projection, and can be dropped")
    func damagedEntry() throws {
        let fixture = try ProjectionFixture()
        try fixture.store.write(actor: "test") { writer in
            try writer.putViewRow([0xA4, 0x00], in: KeptProjections.specView, key: "triage")
        }
        let error = try #require(throws: StoreError.self) { try KeptProjections.list(in: fixture.store) }
        #expect(error == .corruptedIndex(reason: "the kept projection triage cannot be read (caselog project drop triage, then add it again)"))
        #expect(throws: StoreError.self) { try KeptProjections.table(named: "triage", in: fixture.store) }
        // As the message says, it can be dropped.
        #expect(try KeptProjections.drop(named: "triage", in: fixture.store))
        #expect(try KeptProjections.list(in: fixture.store).isEmpty)
    }
}
