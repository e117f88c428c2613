import Casework
import EventLog
@testable import Projections
import Foundation
import Testing

/// Each example spec of `Projections/examples/` against a small history worked out by hand.
@Suite("Analysts' example projections")
struct ExampleSpecTests {
    typealias T = AnalystTest

    @Test("damp and mould complaints per month, and the share answered within the Code at stage 1")
    func dampAndMould() throws {
        let fixture = try ProjectionFixture()
        func received(_ reference: String, _ categories: String, at: String) -> String {
            T.line("complaint.received", reference,
                   #"{"complainant":"P-000001","channel":"email","categories":\#(categories),"summary":"Mould"}"#, at: at)
        }
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            // Acknowledged Tue 4 Mar: response due 18 Mar; responded 10 Mar: met.
            received("CMP-2025-000001", #"["damp-mould"]"#, at: "2025-03-03T09:00:00Z"),
            T.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, at: "2025-03-04T09:00:00Z"),
            T.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"upheld"}"#, at: "2025-03-10T09:00:00Z"),
            // Not about damp: left out.
            received("CMP-2025-000002", #"["repairs"]"#, at: "2025-03-05T09:00:00Z"),
            // Acknowledged Fri 21 Mar: due Fri 4 Apr; responded 30 Apr: late.
            received("CMP-2025-000003", #"["repairs","damp-mould"]"#, at: "2025-03-20T09:00:00Z"),
            T.line("complaint.acknowledged", "CMP-2025-000003", #"{"stage":1}"#, at: "2025-03-21T09:00:00Z"),
            T.line("complaint.responded", "CMP-2025-000003", #"{"stage":1,"decision":"not-upheld"}"#, at: "2025-04-30T09:00:00Z"),
            // April: acknowledged 2 Apr, due 16 Apr, responded 10 Apr: met.
            received("CMP-2025-000004", #"["damp-mould"]"#, at: "2025-04-01T09:00:00Z"),
            T.line("complaint.acknowledged", "CMP-2025-000004", #"{"stage":1}"#, at: "2025-04-02T09:00:00Z"),
            T.line("complaint.responded", "CMP-2025-000004", #"{"stage":1,"decision":"upheld"}"#, at: "2025-04-10T09:00:00Z"),
        ])
        let table = try T.run(T.example("damp-mould-complaints"), fixture)
        #expect(table.columns == ["month", "complaints", "stage1-within-code-percent"])
        #expect(T.cells(table) == [["2025-03", "2", "50"], ["2025-04", "1", "100"]])
    }

    @Test("median working days from concern to triage, by risk level, per quarter (bank holidays skipped)")
    func triageDays() throws {
        let fixture = try ProjectionFixture()
        func raised(_ reference: String, at: String) -> String {
            T.line("safeguarding.concern-raised", reference,
                   #"{"subject":"P-000001","categories":["neglect-omission"],"immediateRisk":false,"description":"D"}"#, at: at)
        }
        func triaged(_ reference: String, _ risk: String, at: String) -> String {
            T.line("safeguarding.triaged", reference, #"{"riskLevel":"\#(risk)","decision":"internal-support","rationale":"R"}"#, at: at)
        }
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            raised("SG-2025-000001", at: "2025-03-03T09:00:00Z"), triaged("SG-2025-000001", "high", at: "2025-03-05T09:00:00Z"), // 2
            raised("SG-2025-000002", at: "2025-03-07T09:00:00Z"), triaged("SG-2025-000002", "high", at: "2025-03-10T09:00:00Z"), // 1
            raised("SG-2025-000003", at: "2025-03-10T09:00:00Z"), triaged("SG-2025-000003", "low", at: "2025-03-10T15:00:00Z"),  // 0
            // Thu 17 Apr to Tue 22 Apr over Good Friday and Easter Monday: 1.
            raised("SG-2025-000004", at: "2025-04-17T09:00:00Z"), triaged("SG-2025-000004", "high", at: "2025-04-22T09:00:00Z"),
            raised("SG-2025-000005", at: "2025-04-22T09:00:00Z"),                                                                 // untriaged
        ])
        let table = try T.run(T.example("safeguarding-triage-days"), fixture)
        #expect(T.cells(table) == [
            ["2025-Q1", "high", "2", "1.5"], ["2025-Q1", "low", "1", "0"],
            ["2025-Q2", "high", "1", "1"], ["2025-Q2", "not-recorded", "1", ""],
        ])
    }

    @Test("tenancies closed as sustained, under each referral reason, per financial year")
    func sustained() throws {
        let fixture = try ProjectionFixture()
        func referral(_ reference: String, _ reasons: String, at: String) -> String {
            T.line("tenancy.referral-received", reference, #"{"household":"P-000001","tenancyRef":"T-1","reasons":\#(reasons)}"#, at: at)
        }
        func closed(_ reference: String, _ outcome: String, at: String) -> String {
            T.line("tenancy.case-closed", reference, #"{"outcome":"\#(outcome)"}"#, at: at)
        }
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"household","name":"A"}"#, at: "2025-01-02T09:00:00Z"),
            referral("TS-2025-000001", #"["rent-arrears","isolation"]"#, at: "2025-01-06T09:00:00Z"),
            closed("TS-2025-000001", "tenancy-sustained", at: "2025-03-14T09:00:00Z"),       // 2024-25
            referral("TS-2025-000002", #"["rent-arrears"]"#, at: "2025-02-03T09:00:00Z"),
            closed("TS-2025-000002", "tenancy-sustained", at: "2025-04-10T09:00:00Z"),       // 2025-26
            referral("TS-2025-000003", #"["hoarding"]"#, at: "2025-02-04T09:00:00Z"),
            closed("TS-2025-000003", "evicted", at: "2025-04-11T09:00:00Z"),                 // not sustained
        ])
        let table = try T.run(T.example("tenancies-sustained"), fixture)
        #expect(T.cells(table) == [["2024-25", "isolation", "1"], ["2024-25", "rent-arrears", "1"], ["2025-26", "rent-arrears", "1"]])
    }

    @Test("food parcels per worker per month and their value, under the worker assigned at the time")
    func foodParcels() throws {
        let fixture = try ProjectionFixture()
        func support(_ kind: String, _ value: String, at: String) -> String {
            T.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"\#(kind)"\#(value)}"#, at: at)
        }
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"household","name":"A"}"#, at: "2025-01-02T09:00:00Z"),
            T.line("tenancy.referral-received", "TS-2025-000001", #"{"household":"P-000001","tenancyRef":"T-1","reasons":["isolation"]}"#,
                   at: "2025-03-03T09:00:00Z"),
            T.line("case.assigned", "TS-2025-000001", #"{"worker":"a.khan"}"#, at: "2025-03-03T10:00:00Z"),
            support("food-parcel", #","valuePence":2500"#, at: "2025-03-05T09:00:00Z"),
            support("food-parcel", "", at: "2025-03-06T09:00:00Z"),
            support("budgeting", "", at: "2025-03-06T10:00:00Z"),
            T.line("case.assigned", "TS-2025-000001", #"{"worker":"b.lee"}"#, at: "2025-03-20T10:00:00Z"),
            support("food-parcel", #","valuePence":1000"#, at: "2025-03-21T09:00:00Z"),
            support("food-parcel", #","valuePence":700"#, at: "2025-04-02T09:00:00Z"),
        ])
        let table = try T.run(T.example("food-parcels"), fixture)
        #expect(T.cells(table) == [["2025-03", "a.khan", "2", "2500"], ["2025-03", "b.lee", "1", "1000"], ["2025-04", "b.lee", "1", "700"]])
    }

    @Test("contributing factors by year, and those found again after a recommendation addressing them was implemented")
    func contributingFactors() throws {
        let fixture = try ProjectionFixture()
        func finding(_ review: String, _ factors: String, at: String) -> String {
            T.line("review.finding-recorded", review, #"{"findingId":"F1","summary":"S","contributingFactors":\#(factors)}"#, at: at)
        }
        func opened(_ review: String, at: String) -> String {
            T.line("review.opened", review, #"{"incidents":["SG-2025-000001"],"trigger":"near-miss"}"#, at: at)
        }
        try fixture.record([
            T.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-01-02T09:00:00Z"),
            T.line("safeguarding.concern-raised", "SG-2025-000001",
                   #"{"subject":"P-000001","categories":["neglect-omission"],"immediateRisk":false,"description":"D"}"#,
                   at: "2025-01-06T09:00:00Z"),
            opened("PR-2025-0001", at: "2025-02-03T09:00:00Z"),
            finding("PR-2025-0001", #"["recording","risk-assessment"]"#, at: "2025-02-10T09:00:00Z"),
            T.line("review.recommendation-made", "PR-2025-0001",
                   #"{"recommendationId":"R1","findingIds":["F1"],"action":"A","owner":"o","dueDate":"2025-03-31"}"#,
                   at: "2025-02-11T09:00:00Z"),
            T.line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R1","evidence":"E"}"#,
                   at: "2025-03-01T09:00:00Z"),
            opened("PR-2025-0002", at: "2025-04-01T09:00:00Z"),
            finding("PR-2025-0002", #"["recording","training"]"#, at: "2025-04-05T09:00:00Z"),       // recording recurs
            opened("PR-2026-0001", at: "2026-01-05T09:00:00Z"),
            finding("PR-2026-0001", #"["risk-assessment"]"#, at: "2026-01-10T09:00:00Z"),            // recurs too
            // Opened in February 2025, before R1 was implemented: its later finding of
            // recording is found again, but not after an implemented recommendation.
            opened("PR-2025-0003", at: "2025-02-20T09:00:00Z"),
            finding("PR-2025-0003", #"["recording"]"#, at: "2025-04-10T09:00:00Z"),
        ])
        let table = try T.run(T.example("contributing-factors"), fixture)
        #expect(T.cells(table) == [
            ["2025", "recording", "3", "3", "1"], ["2025", "risk-assessment", "1", "1", "0"], ["2025", "training", "1", "1", "0"],
            ["2026", "risk-assessment", "1", "1", "1"],
        ])
    }

    @Test("visits missed with no access, under each of the household's support needs")
    func noAccess() throws {
        let fixture = try ProjectionFixture()
        var lines = [
            T.line("subject.registered", "P-000001", #"{"kind":"household","name":"A","supportNeeds":["mobility","sight"]}"#,
                   at: "2025-01-02T09:00:00Z"),
            T.line("subject.registered", "P-000002", #"{"kind":"household","name":"B","supportNeeds":[]}"#, at: "2025-01-02T09:00:00Z"),
            T.line("subject.registered", "P-000003", #"{"kind":"household","name":"C"}"#, at: "2025-01-02T09:00:00Z"),
        ]
        func visit(_ reference: String, _ id: String, _ reason: String) -> [String] {
            [T.line("tenancy.visit-scheduled", reference, #"{"visitId":"\#(id)","dueDate":"2025-03-10"}"#, at: "2025-03-04T09:00:00Z"),
             T.line("tenancy.visit-missed", reference, #"{"visitId":"\#(id)","reason":"\#(reason)"}"#, at: "2025-03-10T09:00:00Z")]
        }
        for (serial, household) in [(1, "P-000001"), (2, "P-000002"), (3, "P-000003")] {
            lines.append(T.line("tenancy.referral-received", "TS-2025-00000\(serial)",
                                #"{"household":"\#(household)","tenancyRef":"T","reasons":["isolation"]}"#, at: "2025-03-03T09:00:00Z"))
        }
        lines += visit("TS-2025-000001", "V1", "no-access") + visit("TS-2025-000001", "V2", "no-access")
            + visit("TS-2025-000001", "V3", "cancelled-by-tenant") + visit("TS-2025-000002", "V1", "no-access")
            + visit("TS-2025-000003", "V1", "no-access")
        try fixture.record(lines)
        let table = try T.run(T.example("no-access-visits"), fixture)
        #expect(T.cells(table) == [["mobility", "2", "1"], ["none", "1", "1"], ["not-recorded", "1", "1"], ["sight", "2", "1"]])
    }
}

@Suite("Analysts' projections: spans and conditions")
struct ProjectionSpanTests {
    @Test("working days run to the first TO event after the FROM event, not to an earlier one")
    func toAfterFrom() throws {
        let fixture = try ProjectionFixture()
        try fixture.record([
            AnalystTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            AnalystTest.line("complaint.received", "CMP-2025-000001",
                             #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}"#, at: "2025-03-03T09:00:00Z"),
            AnalystTest.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, at: "2025-03-04T09:00:00Z"),
            AnalystTest.line("complaint.responded", "CMP-2025-000001", #"{"stage":1,"decision":"not-upheld"}"#, at: "2025-03-10T09:00:00Z"),
            // Escalated Monday 17 March; the stage 2 acknowledgement on Wednesday 19 is 2 working
            // days later (the stage 1 acknowledgement, before the escalation, does not count).
            AnalystTest.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"r"}"#, at: "2025-03-17T09:00:00Z"),
            AnalystTest.line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":2}"#, at: "2025-03-19T09:00:00Z"),
        ])
        let spec = try ProjectionSpecReader.read("""
            name: escalation-acknowledged
            events:
              types: [complaint.escalated]
            per-case:
              days-to-acknowledge: { working-days: { from: complaint.escalated, to: complaint.acknowledged } }
            group-by: [days-to-acknowledge]
            measures:
              complaints: count
            """)
        let table = try AnalystTest.run(spec, fixture)
        #expect(AnalystTest.cells(table) == [["2", "1"]])
    }

    @Test("share and count-where with equals: read a list as holding the value, as where does")
    func shareOfAList() throws {
        let fixture = try ProjectionFixture()
        func received(_ reference: String, _ categories: String) -> String {
            AnalystTest.line("complaint.received", reference,
                             #"{"complainant":"P-000001","channel":"email","categories":\#(categories),"summary":"s"}"#, at: "2025-03-03T09:00:00Z")
        }
        try fixture.record([
            AnalystTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-03-01T09:00:00Z"),
            received("CMP-2025-000001", #"["damp-mould","repairs"]"#),
            received("CMP-2025-000002", #"["repairs"]"#),
            received("CMP-2025-000003", #"["damp-mould"]"#),
            received("CMP-2025-000004", #"["communication"]"#),
        ])
        let spec = try ProjectionSpecReader.read("""
            name: damp-share
            events:
              types: [complaint.received]
            measures:
              complaints: count
              damp: { count-where: categories, equals: damp-mould }
              damp-share: { share: categories, equals: damp-mould }
            """)
        // Two of the four complaints name damp and mould among their categories: 50%.
        #expect(AnalystTest.cells(try AnalystTest.run(spec, fixture)) == [["4", "2", "50"]])
    }
}

@Suite("Analysts' projections: corrections")
struct ProjectionCorrectionTests {
    static let closeID = "00000000-0000-4000-8000-0000000000c1"
    static let referralID = "00000000-0000-4000-8000-0000000000c2"

    /// Two cases closed in May 2025 (financial year 2025-26). TS-1's outcome was recorded as
    /// tenancy-ended and corrected to tenancy-sustained; TS-2's referral reasons were corrected
    /// from hoarding to rent-arrears.
    static func history(_ fixture: ProjectionFixture, correcting: Bool) throws {
        func referral(_ reference: String, _ reasons: String, id: String? = nil) -> String {
            ProjectionFixture.line("tenancy.referral-received", reference,
                                   #"{"household":"P-000001","tenancyRef":"T-1","source":"self","reasons":\#(reasons)}"#,
                                   at: "2025-04-07T09:00:00Z", id: id)
        }
        try fixture.record([
            AnalystTest.line("subject.registered", "P-000001", #"{"kind":"household","name":"A"}"#, at: "2025-04-01T09:00:00Z"),
            referral("TS-2025-000001", #"["isolation"]"#),
            referral("TS-2025-000002", #"["hoarding"]"#, id: referralID),
            ProjectionFixture.line("tenancy.case-closed", "TS-2025-000001", #"{"outcome":"tenancy-ended"}"#, at: "2025-05-06T09:00:00Z", id: closeID),
            ProjectionFixture.line("tenancy.case-closed", "TS-2025-000002", #"{"outcome":"tenancy-sustained"}"#, at: "2025-05-07T09:00:00Z"),
        ])
        guard correcting else { return }
        try fixture.record([
            ProjectionFixture.line("case.entry-corrected", "TS-2025-000001",
                                   #"{"eventId":"\#(closeID)","reason":"wrong outcome","changes":{"outcome":"tenancy-sustained"}}"#,
                                   at: "2025-05-08T09:00:00Z"),
            ProjectionFixture.line("case.entry-corrected", "TS-2025-000002",
                                   #"{"eventId":"\#(referralID)","reason":"wrong reason","changes":{"reasons":["rent-arrears"]}}"#,
                                   at: "2025-05-08T10:00:00Z"),
        ])
    }

    @Test("a corrected event counts as corrected: its where condition and its per-case value both")
    func corrected() throws {
        let fixture = try ProjectionFixture()
        try Self.history(fixture, correcting: true)
        let table = try AnalystTest.run(AnalystTest.example("tenancies-sustained"), fixture)
        // Both closed as sustained (TS-1 by its correction), TS-2 under rent-arrears (its corrected reasons).
        #expect(AnalystTest.cells(table) == [["2025-26", "isolation", "1"], ["2025-26", "rent-arrears", "1"]])
    }

    @Test("a kept projection meeting a correction among new events folds again and equals a fresh run")
    func keptMeetsACorrection() throws {
        let fixture = try ProjectionFixture()
        try Self.history(fixture, correcting: false)
        let text = try String(contentsOfFile: AnalystTest.examplePath("tenancies-sustained"), encoding: .utf8)
        let (_, before) = try KeptProjections.add(text: text, path: "tenancies-sustained.yaml", in: fixture.store)
        #expect(AnalystTest.cells(before) == [["2025-26", "hoarding", "1"]])
        try fixture.record([ProjectionFixture.line("case.entry-corrected", "TS-2025-000001",
            #"{"eventId":"\#(Self.closeID)","reason":"wrong outcome","changes":{"outcome":"tenancy-sustained"}}"#, at: "2025-05-08T09:00:00Z")])
        let kept = try KeptProjections.table(named: "tenancies-sustained", in: fixture.store)
        #expect(kept == (try AnalystTest.example("tenancies-sustained").run(in: fixture.store)))
        #expect(AnalystTest.cells(kept) == [["2025-26", "hoarding", "1"], ["2025-26", "isolation", "1"]])
    }
}
