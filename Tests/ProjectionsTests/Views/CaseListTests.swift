import Casework
import EventLog
import Projections
import Testing

/// `CaseList` (`caselog cases`) and the current views read one case summary, so they agree on a
/// case's worker, subject and state after late entries and corrections.
@Suite("Case list")
struct CaseListTests {
    private static let asOf = CalendarDate(year: 2025, month: 3, day: 14)!
    private static let assignmentID = "6d1f3c2a-8b4e-4f0a-9e7d-2c5b8a1f4e60"
    private static let complaintID = "0b7e4d2c-1a3f-4c5e-8d9b-7f6a5e4d3c21"

    private static func line(_ type: String, _ reference: String, _ data: String, _ at: String, id: String? = nil) -> String {
        ProjectionFixture.line(type, reference, data, at: at, id: id)
    }

    /// Two people; a tenancy case of the household assigned to a.old (`assignmentID`); a
    /// complaint by the person (`complaintID`), assigned to nobody.
    private static func fixture(keepingViews: Bool = true) throws -> ProjectionFixture {
        let fixture = try ProjectionFixture(keepingViews: keepingViews)
        try fixture.record([
            line("subject.registered", "P-000001", #"{"kind":"person","name":"A Person"}"#, "2025-03-01T09:00:00Z"),
            line("subject.registered", "P-000002", #"{"kind":"household","name":"A Household"}"#, "2025-03-01T09:00:00Z"),
            line("tenancy.referral-received", "TS-2025-000001",
                 #"{"household":"P-000002","tenancyRef":"T-1","reasons":["rent-arrears"]}"#, "2025-03-03T09:00:00Z"),
            line("case.assigned", "TS-2025-000001", #"{"worker":"a.old"}"#, "2025-03-03T09:10:00Z", id: assignmentID),
            line("complaint.received", "CMP-2025-000001",
                 #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}"#, "2025-03-04T09:00:00Z",
                 id: complaintID),
        ])
        return fixture
    }

    private static func listed(_ fixture: ProjectionFixture, _ filter: CaseList.Filter) throws -> [String] {
        try fixture.store.read { reader in try CaseList(in: reader, filter: filter) }.rows.map(\.reference)
    }

    /// The open cases the caseload counts for `worker`.
    private static func caseload(_ fixture: ProjectionFixture, of worker: String) throws -> Int {
        let table = try fixture.store.read { reader in
            try CurrentView.caseload.table(in: reader, query: CurrentViewQuery(asOf: asOf, worker: worker))
        }
        guard let row = table.column("worker").firstIndex(of: .text(worker)),
              case .integer(let count) = table.column("openCases")[row]
        else { return 0 }
        return count
    }

    @Test("after a correction of an assignment's worker, the case list and the caseload name the corrected worker")
    func correctedWorker() throws {
        let fixture = try Self.fixture()
        try fixture.record([Self.line("case.entry-corrected", "TS-2025-000001",
                                      #"{"eventId":"\#(Self.assignmentID)","reason":"Wrong officer","changes":{"worker":"b.new"}}"#,
                                      "2025-03-05T09:00:00Z")])
        #expect(try Self.listed(fixture, .init(worker: "b.new")) == ["TS-2025-000001"])
        #expect(try Self.caseload(fixture, of: "b.new") == 1)
        #expect(try Self.listed(fixture, .init(worker: "a.old")) == [])
        #expect(try Self.caseload(fixture, of: "a.old") == 0)
    }

    @Test("a back-dated assignment recorded after a later one leaves the later worker, in the case list and the caseload alike")
    func backDatedAssignment() throws {
        let fixture = try Self.fixture()
        try fixture.record([
            Self.line("case.assigned", "TS-2025-000001", #"{"worker":"b.new"}"#, "2025-03-06T09:00:00Z"),
            Self.line("case.assigned", "TS-2025-000001", #"{"worker":"c.late"}"#, "2025-03-05T09:00:00Z"),
        ])
        #expect(try Self.listed(fixture, .init(worker: "b.new")) == ["TS-2025-000001"])
        #expect(try Self.caseload(fixture, of: "b.new") == 1)
        #expect(try Self.listed(fixture, .init(worker: "c.late")) == [])
        #expect(try Self.caseload(fixture, of: "c.late") == 0)
    }

    @Test("after a correction of a complaint's complainant, the case list finds it under the corrected subject")
    func correctedSubject() throws {
        let fixture = try Self.fixture()
        try fixture.record([Self.line("case.entry-corrected", "CMP-2025-000001",
                                      #"{"eventId":"\#(Self.complaintID)","reason":"The household complained","changes":{"complainant":"P-000002"}}"#,
                                      "2025-03-05T09:00:00Z")])
        #expect(try Self.listed(fixture, .init(subject: "P-000002")) == ["TS-2025-000001", "CMP-2025-000001"])
        #expect(try Self.listed(fixture, .init(subject: "P-000001")) == [])
    }

    @Test("cases are filtered by type (subjects only when asked), state, worker and subject, and sorted by type then reference")
    func filters() throws {
        let fixture = try Self.fixture()
        try fixture.record([Self.line("complaint.withdrawn", "CMP-2025-000001", "{}", "2025-03-05T09:00:00Z")])
        #expect(try Self.listed(fixture, .init()) == ["TS-2025-000001", "CMP-2025-000001"])
        #expect(try Self.listed(fixture, .init(type: .subject)) == ["P-000001", "P-000002"])
        #expect(try Self.listed(fixture, .init(type: .complaint)) == ["CMP-2025-000001"])
        #expect(try Self.listed(fixture, .init(state: .closed)) == ["CMP-2025-000001"])
        #expect(try Self.listed(fixture, .init(state: .open)) == ["TS-2025-000001"])
        #expect(try Self.listed(fixture, .init(type: .tenancy, worker: "a.old", state: .open, subject: "P-000002")) == ["TS-2025-000001"])
    }

    @Test("as JSON, every field of each case; lastEventAt is the last recorded event's time, stage only for a complaint")
    func json() throws {
        let fixture = try Self.fixture()
        // Recorded last, but happened before the assignment.
        try fixture.record([Self.line("case.note-added", "TS-2025-000001", #"{"text":"A late note"}"#, "2025-03-03T09:05:00Z")])
        let list = try fixture.store.read { reader in try CaseList(in: reader, filter: .init()) }
        #expect(String(decoding: list.json(), as: UTF8.self) == """
            [{"case":"TS-2025-000001","caseType":"tenancy","state":"open","version":3,"stage":null,"assignedTo":"a.old",\
            "subject":"P-000002","openedAt":"2025-03-03T09:00:00Z","lastEventAt":"2025-03-03T09:05:00Z"},\
            {"case":"CMP-2025-000001","caseType":"complaint","state":"open","version":1,"stage":1,"assignedTo":null,\
            "subject":"P-000001","openedAt":"2025-03-04T09:00:00Z","lastEventAt":"2025-03-04T09:00:00Z"}]

            """)
    }

    @Test("a store written without the views gives the same list, the summaries folded from the log")
    func withoutViews() throws {
        let kept = try Self.fixture()
        let unkept = try Self.fixture(keepingViews: false)
        for fixture in [kept, unkept] {
            try fixture.record([Self.line("case.entry-corrected", "TS-2025-000001",
                                          #"{"eventId":"\#(Self.assignmentID)","reason":"Wrong officer","changes":{"worker":"b.new"}}"#,
                                          "2025-03-05T09:00:00Z")])
        }
        let lists = try [kept, unkept].map { fixture in
            try fixture.store.read { reader in try CaseList(in: reader, filter: .init(worker: "b.new")) }
        }
        #expect(lists[0].rows == lists[1].rows)
        #expect(lists[1].rows.map(\.reference) == ["TS-2025-000001"])
        #expect(lists[0].json() == lists[1].json())
    }
}
