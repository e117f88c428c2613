import Testing
import TestSupport
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif
import Codec

@Suite("Case file")
struct CaseFileTests {
    @Test("a case file is made for a case or subject reference, of the reference's type", arguments: [
        ("TS-2025-000001", CaseType.tenancy), ("SG-2025-000001", .safeguarding), ("CMP-2025-000001", .complaint),
        ("PR-2025-0001", .review), ("P-000001", .subject),
    ])
    func references(reference: String, caseType: CaseType) {
        let file = CaseFile(reference: reference)
        #expect(file?.caseType == caseType)
        #expect(file?.reference == reference)
        #expect(file?.version == 0)
        #expect(file?.state == .open)
        #expect(file?.deadlines().isEmpty == true)
    }

    @Test("no case file is made for text that is not a reference", arguments: ["", "TS-25-000001", "cmp-2025-000001", "P-0001"])
    func notReferences(text: String) {
        #expect(CaseFile(reference: text) == nil)
    }

    @Test("a subject stream has the subject type, no subject of its own and no deadlines")
    func subjectStream() {
        var history = CaseHistory("P-000001")
        history.record("subject.registered", at: "2025-05-01T09:00:00Z", #"{"kind":"household","supportNeeds":["mobility"]}"#)
        history.record("subject.details-changed", at: "2025-06-01T09:00:00Z", #"{"supportNeeds":["mobility","sight"]}"#)
        #expect(history.file.caseType == .subject)
        #expect(history.file.subject == nil)
        #expect(history.file.stage == nil)
        #expect(history.file.state == .open)
        #expect(history.file.openedAt == at("2025-05-01T09:00:00Z"))
        #expect(history.file.lastActivity == at("2025-06-01T09:00:00Z"))
        #expect(history.file.deadlines().isEmpty)
    }

    @Test("the worker is the latest assignment by occurredAt, so a late entry does not hide a newer one")
    func latestAssignment() {
        var history = CaseHistory("TS-2025-000001")
        history.record("case.assigned", at: "2025-06-10T09:00:00Z", #"{"worker":"a.khan"}"#)
        history.record("case.assigned", at: "2025-06-02T09:00:00Z", #"{"worker":"j.smith"}"#)
        #expect(history.file.assignedTo == "a.khan")
        // On a tie the later recorded wins.
        history.record("case.assigned", at: "2025-06-10T09:00:00Z", #"{"worker":"b.osei"}"#)
        #expect(history.file.assignedTo == "b.osei")
        // The latest occurredAt is the last activity, not the last recorded.
        #expect(history.file.lastActivity == at("2025-06-10T09:00:00Z"))
    }

    @Test("an event at or below the current version is ignored, so an overlapping feed counts nothing twice")
    func overlappingFeed() {
        var file = CaseFile(reference: "SG-2025-000001")!
        let raised = CaseHistory.cbor(#"{"subject":"P-000002","categories":["neglect-omission"],"immediateRisk":true}"#)
        let action = CaseHistory.cbor(#"{"actionId":"A1","owner":"caseworker","dueDate":"2025-06-13"}"#)
        let laterAction = CaseHistory.cbor(#"{"actionId":"A2","owner":"caseworker","dueDate":"2025-06-20"}"#)
        raised.withUnsafeBytes { data in
            file.apply(type: "safeguarding.concern-raised", version: 1, occurredAt: at("2025-06-04T09:00:00Z"),
                       eventID: .random(), data: CBORView(data))
        }
        action.withUnsafeBytes { data in
            file.apply(type: "safeguarding.action-assigned", version: 2, occurredAt: at("2025-06-05T09:00:00Z"),
                       eventID: .random(), data: CBORView(data))
        }
        laterAction.withUnsafeBytes { data in
            file.apply(type: "safeguarding.action-assigned", version: 2, occurredAt: at("2025-06-06T09:00:00Z"),
                       eventID: .random(), data: CBORView(data))
        }
        #expect(file.version == 2)
        #expect(file.deadlines().map(\.step.name) == ["triage", "action:A1"])
        #expect(file.lastActivity == at("2025-06-05T09:00:00Z"))
    }

    @Test("records read from a store fold in, and another stream's records are ignored")
    func fromStore() throws {
        let directory = TemporaryDirectory()
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = 4 << 20
        let store = try EventStore.create(at: directory.appending("store"), options: options).store
        func event(_ type: String, _ utc: String, _ json: String) -> ProposedEvent {
            ProposedEvent(type: type, occurredAt: at(utc), data: CaseHistory.cbor(json))
        }
        // The other stream first, and longer, so that a fold ignoring stream names would be
        // caught by its versions as well as its data.
        try store.append([
            event("complaint.received", "2025-06-03T10:00:00Z", #"{"complainant":"P-000002","categories":["repairs"]}"#),
            event("case.assigned", "2025-06-03T11:00:00Z", #"{"worker":"b.osei"}"#),
            event("complaint.escalated", "2025-06-20T10:00:00Z", "{}"),
        ], to: "CMP-2025-000002", actor: "b.osei")
        try store.append([
            event("complaint.received", "2025-06-02T10:00:00Z", #"{"complainant":"P-000001","categories":["repairs"]}"#),
            event("case.assigned", "2025-06-02T11:00:00Z", #"{"worker":"a.khan"}"#),
            event("complaint.acknowledged", "2025-06-04T09:00:00Z", #"{"stage":1}"#),
        ], to: "CMP-2025-000001", actor: "a.khan")

        var file = CaseFile(reference: "CMP-2025-000001")!
        try store.read { reader in try reader.scan { file.apply($0) } }
        #expect(file.version == 3)
        #expect(file.subject == "P-000001")
        #expect(file.assignedTo == "a.khan")
        #expect(file.stage == 1)
        #expect(file.deadlines().map(\.step) == [.acknowledgeStage1, .respondStage1])
        #expect(file.deadlines().first?.done == date("2025-06-04"))

        var again = CaseFile(reference: "CMP-2025-000001")!
        try store.read { reader in try reader.scanStream(again.reference) { again.apply($0) } }
        #expect(again.deadlines() == file.deadlines())
        #expect(again.lastActivity == file.lastActivity)
    }
}
