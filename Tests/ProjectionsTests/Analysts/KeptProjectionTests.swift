import Casework
import Foundation
import EventLog
@testable import Projections
import Testing

/// A kept projection is caught up from its checkpoint and gives what a fresh run gives.
@Suite("Kept projections")
struct KeptProjectionTests {
    typealias T = AnalystTest

    static let triage = """
        name: triage
        events:
          types: [safeguarding.concern-raised]
        per-case:
          days: { working-days: { from: safeguarding.concern-raised, to: safeguarding.triaged } }
          risk: { last: safeguarding.triaged, field: riskLevel }
          triaged-in-time: { deadline: triage }
        group-by: [month, risk]
        measures:
          concerns: count
          median-days: { median: days }
          in-time: { share: triaged-in-time }
        """

    func raised(_ reference: String, at: String) -> String {
        T.line("safeguarding.concern-raised", reference,
               #"{"subject":"P-000001","categories":["financial-material"],"immediateRisk":false,"description":"D"}"#, at: at)
    }

    func triaged(_ reference: String, _ risk: String, at: String) -> String {
        T.line("safeguarding.triaged", reference, #"{"riskLevel":"\#(risk)","decision":"internal-support","rationale":"R"}"#, at: at)
    }

    @Test("a kept projection equals a fresh run after more events arrive, and keeps its checkpoint")
    func keptEqualsFresh() throws {
        let fixture = try ProjectionFixture()
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
        ])
        let (outcome, first) = try KeptProjections.add(text: Self.triage, path: "triage.yaml", in: fixture.store)
        #expect(outcome == .added)
        #expect(first.rows.count == 1)
        try fixture.record([
            triaged("SG-2025-000001", "high", at: "2025-03-05T09:00:00Z"),
            raised("SG-2025-000002", at: "2025-03-07T09:00:00Z"),
            triaged("SG-2025-000002", "low", at: "2025-03-07T15:00:00Z"),
            raised("SG-2025-000003", at: "2025-04-01T09:00:00Z"),
        ])
        let kept = try KeptProjections.table(named: "triage", in: fixture.store)
        let fresh = try ProjectionSpecReader.read(Self.triage).run(in: fixture.store)
        #expect(kept == fresh)
        #expect(T.cells(kept) == [["2025-03", "high", "1", "2", "0"], ["2025-03", "low", "1", "0", "100"], ["2025-04", "not-recorded", "1", "", "0"]])
        // The saved state stands at the head: the next read folds only what arrives after it.
        let saved = try fixture.store.read { try $0.viewRow(in: KeptProjections.stateView, key: "triage").map { Array($0) } }
        #expect(saved.flatMap { SavedState.decode($0, specText: Self.triage) }?.state.position == 6)
        // Read again with nothing new: the same table from the saved state.
        #expect(try KeptProjections.table(named: "triage", in: fixture.store) == fresh)
    }

    @Test("a saved state that is damaged, or from another layout, is folded again from position 1, not misread")
    func damagedState() throws {
        let fixture = try ProjectionFixture()
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
            triaged("SG-2025-000001", "high", at: "2025-03-05T09:00:00Z"),
        ])
        try KeptProjections.add(text: Self.triage, path: "triage.yaml", in: fixture.store)
        let fresh = try ProjectionSpecReader.read(Self.triage).run(in: fixture.store)
        for damaged in [Array("{\"position\":3}".utf8), [0xFF, 0x00], Array(#"{"layout":1,"specText":"x","state":{}}"#.utf8)] {
            try fixture.store.write(actor: "test") { writer in
                try writer.putViewRow(damaged, in: KeptProjections.stateView, key: "triage")
            }
            #expect(try KeptProjections.table(named: "triage", in: fixture.store) == fresh)
        }
    }

    @Test("a changed file rebuilds the kept projection; drop forgets it")
    func changedFile() throws {
        let fixture = try ProjectionFixture()
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
            triaged("SG-2025-000001", "high", at: "2025-03-05T09:00:00Z"),
        ])
        try KeptProjections.add(text: Self.triage, path: "triage.yaml", in: fixture.store)
        let changed = Self.triage.replacingMonth(with: "year")
        let table = try KeptProjections.table(named: "triage", in: fixture.store) { _ in changed }
        #expect(table.columns.first == "year")
        #expect(T.cells(table) == [["2025", "high", "1", "2", "0"]])
        #expect(try KeptProjections.list(in: fixture.store).map(\.text) == [changed])
        #expect(try KeptProjections.add(text: changed, path: "triage.yaml", in: fixture.store).0 == .unchanged)
        #expect(try KeptProjections.drop(named: "triage", in: fixture.store))
        #expect(try KeptProjections.list(in: fixture.store).isEmpty)
        #expect(throws: KeptProjections.NotFound.self) { try KeptProjections.table(named: "triage", in: fixture.store) }
    }

    @Test("a projection kept before raisedBy was personal data is refused when read, and so are the kept tables")
    func keptBeforeTheRule() throws {
        let fixture = try ProjectionFixture()
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"),
        ])
        let text = """
            name: by-raiser
            events:
              types: [safeguarding.concern-raised]
            group-by: [raisedBy]
            measures:
              concerns: count
            """
        // Kept as a caselog that still read raisedBy as not personal would have kept it.
        let entry = KeptProjections.Entry(name: "by-raiser", title: "by-raiser", path: "by-raiser.yaml", text: text)
        try fixture.store.write(actor: "older.caselog") { writer in
            try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: KeptProjections.specView, key: "by-raiser")
        }
        let error = try #require(throws: ProjectionSpecError.self) { try KeptProjections.table(named: "by-raiser", in: fixture.store) }
        #expect(error.message.contains("raisedBy is personal data"), "\(error)")
        #expect(throws: ProjectionSpecError.self) { try KeptProjections.tables(in: fixture.store) }
    }
}

extension String {
    /// The spec with `group-by: [month, …]` grouped by `bucket` instead.
    func replacingMonth(with bucket: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("group-by: [month") ? "group-by: [\(bucket)" + $0.dropFirst("group-by: [month".count) : $0 }
            .joined(separator: "\n")
    }
}
