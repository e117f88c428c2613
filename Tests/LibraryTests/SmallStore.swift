import CaseStore
import Casework
import Codec
import EventLog

/// A store of five events, built through the public API only: a person (P-000001), a complaint
/// about them assigned to a.khan and acknowledged (CMP-2025-000001), and a second complaint
/// from them that nobody has picked up (CMP-2025-000002). March 2025; the 3rd is a Monday.
struct SmallStore {
    let scratch = ScratchDirectory()
    let store: CaseStore

    static func at(day: Int, hour: Int = 9) -> Timestamp { Timestamp(year: 2025, month: 3, day: day, hour: hour) }
    static let monday = CalendarDate(year: 2025, month: 3, day: 3)!
    static let friday = CalendarDate(year: 2025, month: 3, day: 7)!

    init() throws {
        var options = CaseStore.Options()
        options.isDurable = false
        store = try CaseStore.create(at: scratch.path + "/store", options: options).store
        _ = try store.record([
            NewEvent(type: "subject.registered", occurredAt: Self.at(day: 3), fields: ["kind": "person", "name": "Kerry Asante"]),
            NewEvent(type: "complaint.received", occurredAt: Self.at(day: 3, hour: 10),
                     fields: ["complainant": "P-000001", "channel": "email", "categories": ["damp-mould"], "summary": "Mould in the bedroom"]),
            NewEvent(type: "case.assigned", caseReference: "CMP-2025-000001", occurredAt: Self.at(day: 3, hour: 11), fields: ["worker": "a.khan"]),
            NewEvent(type: "complaint.acknowledged", caseReference: "CMP-2025-000001", occurredAt: Self.at(day: 4), fields: ["stage": 1]),
            NewEvent(type: "complaint.received", occurredAt: Self.at(day: 5),
                     fields: ["complainant": "P-000001", "categories": ["repairs"], "summary": "The repair was not finished"]),
        ], actor: "a.khan")
    }

    /// The text of `bytes` (a JSON answer), for `contains` checks.
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
