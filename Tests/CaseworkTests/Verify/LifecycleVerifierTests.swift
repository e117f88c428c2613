@testable import Casework
@testable import EventLog
import LMDB
import Testing

/// `verify` folds each case's lifecycle again from its records and compares it with the state
/// its head keeps, which every later check reads instead of replaying the case.
@Suite("Verifying the lifecycles kept with stream heads")
struct LifecycleVerifierTests {
    typealias F = LifecycleFixture

    /// A subject and a complaint answered at stage 1 and closed.
    private func closedComplaint() throws -> F {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"),
                           F.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#),
                           F.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld"}"#),
                           F.line("complaint.closed", "CMP-2025-000001", "{}"))
        return fixture
    }

    /// Replaces the state bytes of `name`'s head, as someone editing the file would.
    private func tamper(_ fixture: F, _ name: String, state: (inout CaseLifecycle) -> Void) throws {
        let store = fixture.store
        guard var head = try store.read({ try $0.streamHead(name) }), var lifecycle = CaseLifecycle(encoded: head.state) else {
            Issue.record("no head for \(name)")
            return
        }
        state(&lifecycle)
        head.state = lifecycle.encoded()
        try store.environment.write { txn in try txn.put(head.encoded(), for: name, in: store.queries.databases.streams) }
    }

    @Test("a store written through the rules verifies, lifecycles included")
    func intact() throws {
        let fixture = try closedComplaint()
        #expect(try fixture.store.verifyWithLifecycles().isIntact)
    }

    @Test("a closed complaint whose kept state was cleared is reported, naming the case and what differs")
    func clearedState() throws {
        let fixture = try closedComplaint()
        try tamper(fixture, "CMP-2025-000001") { $0.flags = [] }
        // The chain alone still holds: the head is derived, not history.
        #expect(try fixture.store.verify().isIntact)
        let report = try fixture.store.verifyWithLifecycles()
        guard case .broken(let position, let reason) = report.outcome else {
            Issue.record("a cleared lifecycle passed verify")
            return
        }
        #expect(position == 5)
        #expect(reason.contains("the lifecycle kept with the head of CMP-2025-000001 (open) does not match its events (closed, "
            + "stage 1 acknowledged, stage 1 responded)"), "\(reason)")
    }

    @Test("a lifecycle with an id it never set, or a different worker, is reported")
    func addedID() throws {
        let fixture = try closedComplaint()
        try tamper(fixture, "CMP-2025-000001") { $0.ids.append(.init(kind: .learning, id: "L9", isDone: false)) }
        #expect(try fixture.store.verifyWithLifecycles().isIntact == false)
        let other = try closedComplaint()
        try tamper(other, "P-000001") { $0.assignedTo = "m.allory" }
        #expect(try other.store.verifyWithLifecycles().isIntact == false)
    }
}
