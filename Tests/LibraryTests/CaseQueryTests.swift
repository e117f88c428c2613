import CaseStore
import Casework
import EventLog
import Projections
import Testing

/// `cases(matching:)`, `view(_:_:)`, `chronology(of:)` and `statistics()`, as a program outside
/// caselog calls them.
@Suite("Reading cases, views, chronologies and statistics through the public API")
struct CaseQueryTests {
    @Test("cases(matching:) lists every case, or those of a worker, a state or a subject")
    func casesMatching() throws {
        let small = try SmallStore()
        let all = try small.store.cases()
        #expect(all.rows.map(\.reference) == ["CMP-2025-000001", "CMP-2025-000002"])
        #expect(try small.store.cases(matching: CaseFilter(worker: "a.khan")).rows.map(\.reference) == ["CMP-2025-000001"])
        #expect(try small.store.cases(matching: CaseFilter(state: .closed)).rows.isEmpty)
        #expect(try small.store.cases(matching: CaseFilter(type: .subject)).rows.map(\.reference) == ["P-000001"])
        #expect(try small.store.cases(matching: CaseFilter(subject: "P-000002")).rows.isEmpty)
        let json = SmallStore.text(all.json())
        #expect(json.hasPrefix(#"[{"case":"CMP-2025-000001","caseType":"complaint","state":"open","version":3,"stage":1,"assignedTo":"a.khan""#))
        #expect(json.hasSuffix("}]\n"))
    }

    @Test("view(_:_:) works out the complaints SLA as of a date, for one worker or all")
    func complaintsSLA() throws {
        let small = try SmallStore()
        let table = try small.store.view(.complaintsSLA, ViewQuery(asOf: SmallStore.friday))
        #expect(table.asOf == SmallStore.friday)
        // Acknowledged, the first complaint's next step is its stage 1 response; the second is not acknowledged yet.
        let nextSteps = Dictionary(uniqueKeysWithValues: zip(table.column("case").map(\.description), table.column("nextStep").map(\.description)))
        #expect(nextSteps == ["CMP-2025-000001": "respond-stage-1", "CMP-2025-000002": "acknowledge-stage-1"])
        #expect(!table.settings.isEmpty, "the view names the calendar it was worked out with")
        let mine = try small.store.view(.complaintsSLA, ViewQuery(asOf: SmallStore.friday, worker: "a.khan"))
        #expect(mine.column("case") == [.text("CMP-2025-000001")])
        #expect(SmallStore.text(mine.json()).hasPrefix(#"{"view":"complaints-sla","asOf":"2025-03-07","#))
        let caseload = try small.store.view(.caseload, ViewQuery(asOf: SmallStore.friday))
        #expect(caseload.column("worker").contains(.text("a.khan")))
    }

    @Test("chronology(of:) gathers a subject's events across cases; nil for a subject the store lacks")
    func chronology() throws {
        let small = try SmallStore()
        let chronology = try #require(try small.store.chronology(of: "P-000001"))
        #expect(chronology.entries.map(\.type) == ["subject.registered", "complaint.received", "case.assigned",
                                                    "complaint.acknowledged", "complaint.received"])
        #expect(SmallStore.text(chronology.json()).contains(#""case":"CMP-2025-000002","caseType":"complaint""#))
        #expect(try small.store.chronology(of: "P-000099") == nil)
    }

    @Test("statistics() counts what was recorded and names the store")
    func statistics() throws {
        let small = try SmallStore()
        let reading = try small.store.statistics()
        #expect(reading.statistics.events == reading.statistics.head.position)
        #expect(reading.statistics.events >= 5)
        #expect(reading.storePath == small.store.path)
        let json = SmallStore.text(reading.json())
        #expect(json.hasPrefix(#"{"store":""# + small.store.path + #"","formatVersion":"#))
        #expect(json.contains(#""events":\#(reading.statistics.events),"#))
    }

    @Test("readCase answers nil for a case the store does not hold")
    func unknownCase() throws {
        let small = try SmallStore()
        #expect(try small.store.readCase("CMP-2025-000009", asOf: SmallStore.friday) == nil)
    }
}
