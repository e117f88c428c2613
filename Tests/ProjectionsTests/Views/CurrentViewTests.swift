import Casework
import EventLog
import Projections
import Testing

/// One small organisation, worked by hand as of Friday 14 March 2025 (no bank holidays near).
///
/// - TS-2025-000001 (a.khan): visit V1 due Fri 7 March, never done (overdue); V2 due Thu 20 March (open).
/// - SG-2025-000001 (b.jones): raised Mon 10 March, not an immediate risk, so triage is due the next
///   working day, Tue 11; triaged then (met), risk high. Action A1 (c.lee) due Wed 12 (overdue by
///   2 working days: Thu 13, Fri 14); A2 (b.jones) due Fri 21 (open).
/// - SG-2025-000002 (unassigned): raised Thu 13 March 10:00 UTC, an immediate risk, so triage was due
///   the same day; untriaged (overdue), waiting 38 hours to the end of Fri 14 (London is on GMT).
/// - CMP-2025-000001 (a.khan): received Mon 3 March; acknowledgement due Mon 10 (5 working days), done
///   Wed 5 (met); response due 10 working days after Wed 5, Wed 19; 3 working days left (17, 18, 19).
/// - CMP-2025-000002 (unassigned): received Tue 4 March; acknowledgement due Tue 11, not done: overdue,
///   −3 working days left (from Fri 14 back to Tue 11).
/// - PR-2025-0001 (closed Wed 12 March): recommendation R1 (d.ward) due Thu 13, not implemented: still
///   due (a closed review's recommendations are chased), overdue by 1 working day.
struct CurrentViewScenario {
    let fixture: ProjectionFixture
    static let asOf = CalendarDate(year: 2025, month: 3, day: 14)!

    init(keepingViews: Bool = true) throws {
        fixture = try ProjectionFixture(keepingViews: keepingViews)
        func line(_ type: String, _ reference: String, _ data: String, _ at: String) -> String {
            ProjectionFixture.line(type, reference, data, at: at)
        }
        try fixture.record([
            line("subject.registered", "P-000001", #"{"kind":"person","name":"A Person"}"#, "2025-03-01T09:00:00Z"),
            line("subject.registered", "P-000002", #"{"kind":"household","name":"A Household"}"#, "2025-03-01T09:00:00Z"),
            line("tenancy.referral-received", "TS-2025-000001",
                 #"{"household":"P-000002","tenancyRef":"T-1","source":"self","reasons":["rent-arrears"]}"#, "2025-03-03T09:00:00Z"),
            line("case.assigned", "TS-2025-000001", #"{"worker":"a.khan"}"#, "2025-03-03T09:10:00Z"),
            line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-03-07","kind":"home"}"#, "2025-03-03T09:20:00Z"),
            line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V2","dueDate":"2025-03-20","kind":"home"}"#, "2025-03-03T09:30:00Z"),
            line("safeguarding.concern-raised", "SG-2025-000001",
                 #"{"subject":"P-000001","categories":["neglect-omission"],"immediateRisk":false,"description":"d"}"#, "2025-03-10T09:00:00Z"),
            line("case.assigned", "SG-2025-000001", #"{"worker":"b.jones"}"#, "2025-03-10T09:30:00Z"),
            line("safeguarding.triaged", "SG-2025-000001",
                 #"{"riskLevel":"high","decision":"internal-support","rationale":"r"}"#, "2025-03-11T10:00:00Z"),
            line("safeguarding.action-assigned", "SG-2025-000001",
                 #"{"actionId":"A1","owner":"c.lee","dueDate":"2025-03-12","description":"d"}"#, "2025-03-11T11:00:00Z"),
            line("safeguarding.action-assigned", "SG-2025-000001",
                 #"{"actionId":"A2","owner":"b.jones","dueDate":"2025-03-21","description":"d"}"#, "2025-03-11T11:10:00Z"),
            line("safeguarding.concern-raised", "SG-2025-000002",
                 #"{"subject":"P-000002","categories":["domestic"],"immediateRisk":true,"description":"d"}"#, "2025-03-13T10:00:00Z"),
            line("complaint.received", "CMP-2025-000001",
                 #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}"#, "2025-03-03T09:00:00Z"),
            line("case.assigned", "CMP-2025-000001", #"{"worker":"a.khan"}"#, "2025-03-03T09:05:00Z"),
            line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, "2025-03-05T09:00:00Z"),
            line("complaint.received", "CMP-2025-000002",
                 #"{"complainant":"P-000002","channel":"phone","categories":["damp-mould"],"summary":"s"}"#, "2025-03-04T09:00:00Z"),
            line("review.opened", "PR-2025-0001", #"{"incidents":["SG-2025-000001"],"trigger":"near-miss"}"#, "2025-03-05T09:00:00Z"),
            line("review.finding-recorded", "PR-2025-0001",
                 #"{"findingId":"F1","summary":"s","contributingFactors":["recording"]}"#, "2025-03-06T09:00:00Z"),
            line("review.recommendation-made", "PR-2025-0001",
                 #"{"recommendationId":"R1","findingIds":["F1"],"action":"a","owner":"d.ward","dueDate":"2025-03-13"}"#, "2025-03-06T10:00:00Z"),
            line("review.closed", "PR-2025-0001", #"{"summary":"s"}"#, "2025-03-12T09:00:00Z"),
        ])
    }

    func table(_ view: CurrentView, worker: String? = nil) throws -> ViewTable {
        try fixture.store.read { reader in try view.table(in: reader, query: CurrentViewQuery(asOf: Self.asOf, worker: worker)) }
    }
}

@Suite("Current views, worked by hand")
struct CurrentViewTests {
    static func texts(_ cells: [ViewTable.Cell]) -> [String] { cells.map(\.description) }

    @Test("the caseload counts each worker's open cases, overdue visits and actions, and breached deadlines")
    func caseload() throws {
        let table = try CurrentViewScenario().table(.caseload)
        #expect(Self.texts(table.column("worker")) == ["(unassigned)", "a.khan", "b.jones"])
        #expect(Self.texts(table.column("tenancy")) == ["0", "1", "0"])
        #expect(Self.texts(table.column("safeguarding")) == ["1", "0", "1"])
        #expect(Self.texts(table.column("complaints")) == ["1", "1", "0"])
        #expect(Self.texts(table.column("reviews")) == ["0", "0", "0"], "the closed review is no one's open case")
        #expect(Self.texts(table.column("openCases")) == ["2", "2", "1"])
        #expect(Self.texts(table.column("overdueVisits")) == ["0", "1", "0"])
        #expect(Self.texts(table.column("overdueActions")) == ["0", "0", "1"])
        // Unassigned: CMP-2025-000002's acknowledgement is overdue; SG-2025-000002's immediate-risk triage,
        // due 24 clock hours after Thursday 10:00, falls due on the 14th itself and is not yet overdue that day.
        #expect(Self.texts(table.column("breachedDeadlines")) == ["1", "0", "0"])
        #expect(table.summary.map(\.value) == [3, 5])
    }

    @Test("the caseload of one worker")
    func caseloadOfOneWorker() throws {
        let table = try CurrentViewScenario().table(.caseload, worker: "a.khan")
        #expect(Self.texts(table.column("worker")) == ["a.khan"])
    }

    @Test("the complaints SLA view puts the complaint with the least time left first")
    func complaintsSLA() throws {
        let table = try CurrentViewScenario().table(.complaintsSLA)
        #expect(Self.texts(table.column("case")) == ["CMP-2025-000002", "CMP-2025-000001"])
        #expect(Self.texts(table.column("nextStep")) == ["acknowledge-stage-1", "respond-stage-1"])
        #expect(Self.texts(table.column("due")) == ["2025-03-11", "2025-03-19"])
        #expect(Self.texts(table.column("workingDaysLeft")) == ["-3", "3"])
        #expect(Self.texts(table.column("breached")) == ["yes", "no"])
        #expect(Self.texts(table.column("received")) == ["2025-03-04", "2025-03-03"])
        #expect(table.summary.map(\.key) == ["openComplaints", "breached", "overdueNow"])
        #expect(table.summary.map(\.value) == [2, 1, 1])
    }

    @Test("the safeguarding register lists untriaged concerns first, with how long they have waited")
    func safeguardingRegister() throws {
        let table = try CurrentViewScenario().table(.safeguardingRegister)
        #expect(Self.texts(table.column("case")) == ["SG-2025-000002", "SG-2025-000001"])
        #expect(Self.texts(table.column("riskLevel")) == ["untriaged", "high"])
        #expect(Self.texts(table.column("triage")) == ["open", "met"])
        #expect(table.column("untriagedHours") == [.integer(38), .none])
        #expect(Self.texts(table.column("openActions")) == ["0", "2"])
        #expect(Self.texts(table.column("overdueActions")) == ["0", "1"])
        #expect(table.summary.first { $0.key == "untriaged" }?.value == 1)
        #expect(table.summary.first { $0.key == "high" }?.value == 1)
        #expect(table.summary.first { $0.key == "openConcerns" }?.value == 2)
    }

    @Test("actions due: overdue first, a closed review's recommendation included, with owners")
    func actionsDue() throws {
        let table = try CurrentViewScenario().table(.actionsDue)
        #expect(Self.texts(table.column("item")) == ["action:A1", "recommendation:R1", "action:A2"])
        #expect(Self.texts(table.column("owner")) == ["c.lee", "d.ward", "b.jones"])
        #expect(Self.texts(table.column("status")) == ["overdue", "overdue", "open"])
        #expect(Self.texts(table.column("workingDaysOverdue")) == ["2", "1", "0"])
        #expect(Self.texts(table.column("caseState")) == ["open", "closed", "open"])
        let mine = try CurrentViewScenario().table(.actionsDue, worker: "b.jones")
        #expect(Self.texts(mine.column("item")) == ["action:A2"])
    }

    @Test("a view read right after a write sees it (read-your-writes): the write moved the kept rows with it")
    func readYourWrites() throws {
        let scenario = try CurrentViewScenario()
        let recorded = try scenario.fixture.record([ProjectionFixture.line("complaint.acknowledged", "CMP-2025-000002", #"{"stage":1}"#,
                                                                           at: "2025-03-14T09:00:00Z")])
        let checkpoint = try scenario.fixture.store.read { try $0.checkpoint(ofView: CaseSummaryView.name) }
        #expect(checkpoint == recorded.first?.position)
        let table = try scenario.table(.complaintsSLA)
        #expect(Self.texts(table.column("nextStep")) == ["respond-stage-1", "respond-stage-1"])
    }

    @Test("every view is the same whether its rows were kept by the writes or are caught up when read",
          arguments: CurrentView.allCases)
    func keptOrCaughtUp(view: CurrentView) throws {
        let kept = try CurrentViewScenario(keepingViews: true)
        let caughtUp = try CurrentViewScenario(keepingViews: false)
        #expect(try caughtUp.fixture.store.read { try $0.checkpoint(ofView: CaseSummaryView.name) } == 0)
        #expect(try kept.table(view) == caughtUp.table(view))
    }

    @Test("JSON has the view, the date, the summary and one object per row; CSV quotes and defuses formulas")
    func formats() throws {
        let table = try CurrentViewScenario().table(.actionsDue)
        let json = String(decoding: table.json(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"view":"actions-due","asOf":"2025-03-14","summary":{"open":3,"overdue":2},"rows":[{"case":"SG-2025-000001","item":"action:A1""#))
        let csv = table.csv()
        #expect(csv.hasPrefix("case,item,kind,owner,due,status,workingDaysOverdue,caseState\r\n"))
        #expect(csv.split(separator: "\r\n").count == 4)
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("\t=1+1") == "'\t=1+1")
        #expect(CSV.field("-3") == "-3", "a negative number is a number, not a formula")
        let markdown = table.markdown()
        #expect(markdown.contains("| case | item | kind | owner | due | status | days overdue | case |"))
        #expect(markdown.contains("| SG-2025-000001 | action:A1 | action | c.lee | 2025-03-12 | overdue | 2 | open |"))
    }
}

@Suite("Complaints SLA: the Code's steps only")
struct ComplaintsSLAStepsTests {
    @Test("a complaint's learning item is not its next step: the view is about the Code's timescales")
    func learningIsNotAStep() throws {
        let scenario = try CurrentViewScenario()
        try scenario.fixture.record([
            ProjectionFixture.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld","reasons":"r"}"#,
                                   at: "2025-03-07T09:00:00Z"),
            ProjectionFixture.line("complaint.learning-identified", "CMP-2025-000001",
                                   #"{"learningId":"L1","youSaid":"y","weDid":"w","serviceArea":"repairs","owner":"e.fox","dueDate":"2025-03-12"}"#,
                                   at: "2025-03-07T10:00:00Z"),
        ])
        let table = try scenario.table(.complaintsSLA)
        // CMP-2025-000001 has had both its stage 1 steps on time: nothing is next, nothing breached.
        #expect(CurrentViewTests.texts(table.column("case")) == ["CMP-2025-000002", "CMP-2025-000001"])
        #expect(table.column("nextStep") == [.text("acknowledge-stage-1"), .none])
        #expect(CurrentViewTests.texts(table.column("breached")) == ["yes", "no"])
        let due = try scenario.table(.actionsDue)
        #expect(CurrentViewTests.texts(due.column("item")).contains("learning:L1"))
    }
}
