import CaseStore
import Casework
import Codec
import EventLog
import Testing
import TestSupport

/// A store opened for someone (`CaseStore.Options.onBehalfOf`, `caselog --on-behalf-of`):
/// every event it writes carries them beside its actor, and a case it opens is theirs.
@Suite("Writing on someone's behalf")
struct OnBehalfOfTests {
    let scratch = TemporaryDirectory()
    static let monday = Timestamp(year: 2025, month: 3, day: 3, hour: 9)
    static let person = NewEvent(type: "subject.registered", occurredAt: monday, fields: ["kind": "person", "name": "Kerry Asante"])
    static let complaint = NewEvent(type: "complaint.received", occurredAt: monday,
                                    fields: ["complainant": "P-000001", "categories": ["damp-mould"], "summary": "Mould"])

    func options(for name: String? = nil) -> CaseStore.Options {
        var options = CaseStore.Options()
        options.isDurable = false
        options.onBehalfOf = name
        return options
    }

    /// The store, created; then opened again for `name`.
    func store(for name: String?) throws -> CaseStore {
        _ = try CaseStore.create(at: scratch.appending("store"), options: options())
        return try CaseStore(openingAt: scratch.appending("store"), options: options(for: name), actor: "owner")
    }

    /// Each record's actor and `onBehalfOf`, by position.
    func written(_ store: CaseStore) throws -> [(actor: String, onBehalfOf: String?)] {
        try store.log.read { reader in
            var written: [(String, String?)] = []
            try reader.scan(from: 1) { record in written.append((record.actor, record.data["onBehalfOf"]?.string)) }
            return written
        }
    }

    @Test("every event written is by its actor, for the person the store was opened for: recorded, imported, access and settings events")
    func everyEvent() throws {
        let store = try store(for: "s.patel")
        _ = try store.record(Self.person, actor: "owner")
        let line = #"{"type":"subject.details-changed","case":"P-000001","occurredAt":"2025-03-03T10:00:00Z","data":{"phone":"0123"}}"#
        _ = try store.importLines(LineReader(bytes: Array(line.utf8)), actor: "owner")
        _ = try store.addUser("j.smith", role: .caseworker, team: "North", actor: "owner")
        _ = try OrganisationSettings.change(.writeWaitSeconds, to: 5, in: store.log, actor: "owner", onBehalfOf: store.onBehalfOf)
        let events = try written(store)
        #expect(events.count == 4)
        #expect(events.allSatisfy { $0.actor == "owner" && $0.onBehalfOf == "s.patel" }, "\(events)")
        // For oneself, nothing beside the actor.
        _ = try store.record(Self.person, actor: "s.patel")
        #expect(try written(store).last?.onBehalfOf == nil)
    }

    @Test("a store opened for a name that is empty, blank or over 255 bytes is a usage error")
    func badName() {
        for name in ["", "   ", String(repeating: "x", count: 256)] {
            #expect { try store(for: name) } throws: { CaselogError($0).kind == .usage }
        }
    }

    @Test("a case the owner opened for s.patel is s.patel's team's: their teammates read it, the owner's team does not")
    func teamFollowsOnBehalfOf() throws {
        let owner = try store(for: nil)
        _ = try owner.addUser("owner", role: .admin, team: "South", actor: "owner")
        _ = try owner.addUser("s.patel", role: .caseworker, team: "North", actor: "owner")
        _ = try owner.addUser("cw.north", role: .caseworker, team: "North", actor: "owner")
        _ = try owner.addUser("cw.south", role: .caseworker, team: "South", actor: "owner")
        let forPatel = try CaseStore(openingAt: owner.path, options: options(for: "s.patel"), actor: "owner")
        _ = try forPatel.record([Self.person, Self.complaint], actor: "owner")
        let north = AccessUser(name: "cw.north", roles: [.caseworker], team: "North")
        let south = AccessUser(name: "cw.south", roles: [.caseworker], team: "South")
        #expect(try owner.authorizeRead(of: "CMP-2025-000001", by: north)?.isBreakGlass == false)
        #expect { try owner.authorizeRead(of: "CMP-2025-000001", by: south) } throws: { CaselogError($0).kind == .notPermitted }
    }
}
