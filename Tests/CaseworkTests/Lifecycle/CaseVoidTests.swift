@testable import Casework
import EventLog
import Testing
import TestSupport

/// Entered in error (DOMAIN.md §10): `case.entry-voided` keeps the entry in the log and leaves
/// it out of every fold, refuses while a later entry depends on it, and voids the whole case
/// when it names the opening event.
@Suite("Voided entries")
struct CaseVoidTests {
    typealias F = LifecycleFixture

    static let acknowledgedID = "7d2a3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    static let respondedID = "8e3b4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
    static let openingID = "9f4c5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"

    static func void(_ id: String, on reference: String = "CMP-2025-000001") -> String {
        F.line(CaseVoids.type, reference, #"{"eventId":"\#(id)","reason":"Entered on the wrong case"}"#)
    }

    static let escalatedID = "1b6e7c8d-9eaf-4b01-8c3d-4e5f6a7b8c9d"

    /// A complaint received Monday 3 March 2025, acknowledged and responded to at stage 1.
    static func answered(escalated: Bool = false) throws -> F {
        let fixture = try F()
        _ = try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"),
                               F.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, id: acknowledgedID),
                               F.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld"}"#, id: respondedID))
        if escalated {
            _ = try fixture.record(F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Still leaking"}"#, id: escalatedID))
        }
        return fixture
    }

    func caseFile(_ fixture: F, _ reference: String = "CMP-2025-000001") throws -> CaseFile {
        var file = try #require(CaseFile(reference: reference))
        try fixture.store.read { reader in try reader.scanStream(reference) { file.apply($0) } }
        return file
    }

    @Test("a void that a later entry depends on is refused naming it; voided in turn, the right entry can be recorded and verify agrees")
    func dependency() throws {
        // An escalation needs a stage 1 response before it: the response cannot go first.
        let fixture = try Self.answered(escalated: true)
        let message = try fixture.expectRefused(Self.void(Self.respondedID), mentioning: "complaint.escalated at version 4",
                                                Self.escalatedID, "void that entry first")
        #expect(message != nil)
        _ = try fixture.record(Self.void(Self.escalatedID))
        _ = try fixture.record(Self.void(Self.respondedID))
        _ = try fixture.record(Self.void(Self.acknowledgedID))
        // As if none had been recorded: stage 1 is due again, and its steps may be recorded again.
        let file = try caseFile(fixture)
        #expect(file.stage == 1)
        let acknowledge = try #require(file.deadlines().first { $0.step == .acknowledgeStage1 })
        #expect(acknowledge.done == nil)
        #expect(file.deadlines().first { $0.step == .respondStage1 }?.done == nil)
        #expect(file.deadlines().allSatisfy { $0.step != .acknowledgeStage2 })
        _ = try fixture.record(F.acknowledged("CMP-2025-000001", stage: 1), F.responded("CMP-2025-000001", stage: 1))
        #expect(try caseFile(fixture).deadlines().first { $0.step == .respondStage1 }?.done != nil)
        #expect(try fixture.store.read { try LifecycleVerifier.check(in: $0) } == nil)
    }

    @Test("a void of another case's event, of a void, of a correction, or twice, is refused and writes nothing")
    func refusals() throws {
        let fixture = try Self.answered()
        _ = try fixture.record(F.complaint("CMP-2025-000002"))
        _ = try fixture.expectRefused(Self.void(Self.respondedID, on: "CMP-2025-000002"), mentioning: "no event \(Self.respondedID) on this case")
        _ = try fixture.record(Self.void(Self.respondedID))
        _ = try fixture.expectRefused(Self.void(Self.respondedID), mentioning: "voided already")
        let voidID = "0a5d6b7c-8d9e-4fa0-9b2c-3d4e5f6a7b8c"
        _ = try fixture.record(F.line("case.note-added", "CMP-2025-000001", #"{"text":"Spoke to the tenant"}"#, id: voidID))
        _ = try fixture.record(F.line("case.entry-corrected", "CMP-2025-000001",
                                      #"{"eventId":"\#(Self.acknowledgedID)","reason":"Stage","changes":{"stage":1}}"#, id: Self.openingID))
        _ = try fixture.expectRefused(Self.void(Self.openingID), mentioning: "cannot be voided")
        #expect(try fixture.store.read { try LifecycleVerifier.check(in: $0) } == nil)
    }

    @Test("voiding the opening event voids the whole case: state voided, no deadlines, nothing more but notes")
    func wholeCase() throws {
        let fixture = try F()
        _ = try fixture.record(F.person("P-000001"),
                               F.line("complaint.received", "CMP-2025-000001",
                                      #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"Leak"}"#, id: Self.openingID),
                               F.acknowledged("CMP-2025-000001", stage: 1))
        _ = try fixture.record(Self.void(Self.openingID))
        let file = try caseFile(fixture)
        #expect(file.state == .voided)
        #expect(file.deadlines().isEmpty)
        #expect(file.subject == nil)
        _ = try fixture.expectRefused(F.responded("CMP-2025-000001", stage: 1), mentioning: "entered in error and voided")
        _ = try fixture.expectRefused(Self.void(Self.openingID), mentioning: "voided already")
        _ = try fixture.record(F.line("case.note-added", "CMP-2025-000001", #"{"text":"Belonged to CMP-2025-000002"}"#))
        #expect(try fixture.store.read { try LifecycleVerifier.check(in: $0) } == nil)
        // The case file as a view keeps it: encoded and read back, still voided.
        let bytes = try caseFile(fixture).encoded()
        let decoded = bytes.withUnsafeBytes { CaseFile(reference: "CMP-2025-000001", encoded: $0) }
        #expect(decoded?.state == .voided)
    }
}
