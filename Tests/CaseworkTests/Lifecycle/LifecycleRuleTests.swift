@testable import Casework
import EventLog
import Testing
import TestSupport
import Codec

/// The lifecycle rules of DOMAIN.md §1–5 as a caseworker meets them: through `Importer`, which
/// every write goes through. Each refusal is checked for a message that names the rule and for
/// a store left exactly as it was.
@Suite("Lifecycle rules and reference allocation")
struct LifecycleRuleTests {
    typealias F = LifecycleFixture

    /// The id given to the events that a correction in these tests names.
    static let correctedID = "5b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
    static let voidedID = "6c1f2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e"

    // MARK: Every type

    @Test("a refused step leaves the lifecycle exactly as it was (it is moved in place, not on a copy)")
    func refusalLeavesStateUnchanged() throws {
        func apply(_ type: String, _ data: [String: CBORValue], to lifecycle: inout CaseLifecycle, version: UInt64,
                   on caseType: CaseType) throws {
            let bytes = CBORValue.map(data).encoded()
            try bytes.withUnsafeBytes { bytes in
                try lifecycle.apply(EventCatalogue.type(named: type)!, on: caseType, version: version,
                                    occurredAt: Timestamp(microseconds: 1_750_000_000_000_000), data: CBORView(bytes))
            }
        }
        var review = CaseLifecycle()
        try apply("review.opened", [:], to: &review, version: 0, on: .review)
        try apply("review.finding-recorded", ["findingId": .text("F1")], to: &review, version: 1, on: .review)
        try apply("tenancy.visit-scheduled", ["visitId": .text("V1")], to: &review, version: 2, on: .review)
        let before = review
        // Each is refused after the rule has looked at the state, some after reading data it would add.
        let refused: [(String, [String: CBORValue])] = [
            ("review.finding-recorded", ["findingId": .text("F1")]),
            ("review.recommendation-made", ["findingIds": .array([.text("F1"), .text("F9")]), "recommendationId": .text("R1")]),
            ("review.recommendation-implemented", ["recommendationId": .text("R9")]),
            ("tenancy.visit-scheduled", ["visitId": .text("V1")]),
            ("tenancy.visit-missed", ["visitId": .text("V9")]),
            ("case.reopened", [:]),
            ("review.opened", [:]),
        ]
        for (type, data) in refused {
            #expect(throws: ValidationError.self, "\(type)") { try apply(type, data, to: &review, version: 3, on: .review) }
            #expect(review == before, "\(type) changed the lifecycle although it was refused")
        }
    }


    @Test("every lifecycle step names a type of the catalogue, and that type carries it")
    func stepsNameCatalogueTypes() {
        for step in CaseLifecycle.Step.allCases where step != .other {
            let spec = EventCatalogue.type(named: step.rawValue)
            #expect(spec?.lifecycleStep == step, "\(step.rawValue) is not a catalogue type with that step")
        }
        // Every other type is moved by the common rules only.
        let stepped = Set(CaseLifecycle.Step.allCases.map(\.rawValue))
        #expect(EventCatalogue.types.allSatisfy { stepped.contains($0.name) || $0.lifecycleStep == .other })
    }


    /// One valid event of each of the 49 types, in an order a housing organisation would record
    /// them: people first, then a tenancy case, a safeguarding concern, a complaint taken to
    /// stage 2 (and one withdrawn), a panel review of the concern, and a suggestion adopted.
    static let everyTypeInOrder: [String] = [
        F.person("P-000001"),
        F.line("subject.registered", "P-000002",
               #"{"kind":"household","name":"The Asante household","householdMembers":["P-000001"],"supportNeeds":["hearing"]}"#),
        F.line("subject.details-changed", "P-000001", #"{"phone":"07700 900394"}"#),
        F.person("P-000003"),
        F.line("subject.merged", "P-000003", #"{"into":"P-000001"}"#),

        F.tenancy("TS-2025-000001", household: "P-000002"),
        F.line("case.assigned", "TS-2025-000001", #"{"worker":"a.khan"}"#),
        F.line("tenancy.needs-assessed", "TS-2025-000001", #"{"needs":["rent-arrears","isolation"],"riskLevel":"medium"}"#),
        F.line("tenancy.plan-agreed", "TS-2025-000001",
               #"{"goals":[{"goalId":"G1","description":"Clear the arrears","targetDate":"2025-09-01"}]}"#),
        F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-03-10","kind":"home"}"#),
        F.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"V1","notes":"Tenant at home"}"#),
        F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V2","dueDate":"2025-03-24","kind":"phone"}"#),
        F.line("tenancy.visit-missed", "TS-2025-000001", #"{"visitId":"V2","reason":"no-access"}"#),
        F.line("tenancy.support-given", "TS-2025-000001", #"{"kind":"food-parcel","valuePence":2500}"#),
        F.line("tenancy.referred-on", "TS-2025-000001", #"{"agency":"Citizens Advice","reason":"Debt advice"}"#),
        F.line("tenancy.arrears-recorded", "TS-2025-000001", #"{"balancePence":84000}"#),
        F.line("tenancy.goal-reviewed", "TS-2025-000001", #"{"goalId":"G1","progress":"partly"}"#),
        F.line("case.note-added", "TS-2025-000001", #"{"text":"Phoned the tenant"}"#),
        F.line("tenancy.case-closed", "TS-2025-000001", #"{"outcome":"tenancy-sustained"}"#),
        F.line("tenancy.sustainment-checked", "TS-2025-000001", #"{"monthsAfterClose":6,"stillInTenancy":true}"#),
        F.line("case.reopened", "TS-2025-000001", #"{"reason":"Arrears rising again"}"#),

        F.concern("SG-2025-000001"),
        F.line("safeguarding.subject-views-recorded", "SG-2025-000001", #"{"wishes":"To stay at home"}"#),
        F.triage("SG-2025-000001", id: correctedID),
        F.line("safeguarding.referred", "SG-2025-000001", #"{"agency":"local-authority","agencyReference":"LA-123"}"#),
        F.line("safeguarding.strategy-meeting-held", "SG-2025-000001", #"{"attendees":["GP","social worker"],"decisions":"Weekly visits"}"#),
        F.line("safeguarding.action-assigned", "SG-2025-000001", #"{"actionId":"A1","owner":"a.khan","dueDate":"2025-03-14"}"#),
        F.line("safeguarding.action-completed", "SG-2025-000001", #"{"actionId":"A1","evidence":"Visit made"}"#),
        F.line("case.entry-corrected", "SG-2025-000001",
               #"{"eventId":"\#(correctedID)","reason":"Risk understated","changes":{"riskLevel":"high"}}"#),
        F.line("case.linked", "SG-2025-000001", #"{"otherCase":"TS-2025-000001","relation":"related"}"#),
        F.line("safeguarding.closed", "SG-2025-000001", #"{"outcome":"risk-reduced","msp":"partly-achieved"}"#),

        F.complaint("CMP-2025-000001"),
        F.acknowledged("CMP-2025-000001", stage: 1),
        F.extensionAgreed("CMP-2025-000001", stage: 1),
        F.responded("CMP-2025-000001", stage: 1),
        F.line("complaint.remedy-offered", "CMP-2025-000001", #"{"kind":"compensation","amountPence":15000}"#),
        F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Mould is back"}"#),
        F.acknowledged("CMP-2025-000001", stage: 2),
        F.responded("CMP-2025-000001", stage: 2),
        F.line("complaint.learning-identified", "CMP-2025-000001",
               #"{"learningId":"L1","youSaid":"Nobody came back","weDid":"Follow-up call after every repair","owner":"repairs.lead","dueDate":"2025-06-30"}"#),
        F.line("complaint.closed", "CMP-2025-000001"),
        F.line("complaint.referred-to-ombudsman", "CMP-2025-000001", #"{"reference":"HOS-202500123"}"#),
        F.line("complaint.learning-actioned", "CMP-2025-000001", #"{"learningId":"L1","evidence":"Call script in use"}"#),
        F.complaint("CMP-2025-000002", complainant: "P-000002"),
        F.line("complaint.withdrawn", "CMP-2025-000002", #"{"reason":"Resolved informally"}"#, id: voidedID),
        F.line("case.entry-voided", "CMP-2025-000002", #"{"eventId":"\#(voidedID)","reason":"Withdrawn on the wrong complaint"}"#),

        F.review("PR-2025-0001", incidents: ["SG-2025-000001", "TS-2025-000001"]),
        F.line("review.member-added", "PR-2025-0001", #"{"member":"p.okafor"}"#),
        F.line("review.finding-recorded", "PR-2025-0001", #"{"findingId":"F1","contributingFactors":["information-sharing"]}"#),
        F.line("review.recommendation-made", "PR-2025-0001",
               #"{"recommendationId":"R1","findingIds":["F1"],"owner":"safeguarding.lead","dueDate":"2025-07-31"}"#),
        F.line("review.closed", "PR-2025-0001", #"{"summary":"Share visit notes"}"#),
        F.line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R1","evidence":"Shared log live"}"#),

        F.line("feedback.received", "FB-2025-000001",
               #"{"kind":"suggestion","about":["repairs"],"channel":"web","text":"Text before a visit","from":"P-000001"}"#),
        F.line("feedback.acknowledged", "FB-2025-000001"),
        F.line("feedback.responded", "FB-2025-000001", #"{"text":"We will","adopted":true}"#),
        F.line("feedback.closed", "FB-2025-000001"),
    ]

    @Test("a valid event of every one of the 50 types callers record is accepted, in a realistic order")
    func everyTypeAccepted() throws {
        let fixture = try F()
        var versions: [String: UInt64] = [:]
        for line in Self.everyTypeInOrder {
            let result = try #require(try fixture.record(line).first, "\(line) wrote nothing")
            versions[result.caseReference, default: 0] += 1
            #expect(result.version == versions[result.caseReference], "\(line)")
        }
        let exercised = Set(Self.everyTypeInOrder.map { line in
            String(line.split(separator: "\"")[3])
        })
        // subject.erased is recorded by `caselog erase` only (EraseCommandTests, RecorderTests).
        #expect(exercised == Set(EventCatalogue.types.filter { $0.writtenBy == nil }.map(\.name)))
        #expect(EventCatalogue.types.count == 51)
        #expect(try fixture.store.head().position == UInt64(Self.everyTypeInOrder.count))
    }

    // MARK: Opening a stream

    @Test("the first event of a stream must be its opening type")
    func firstEventOpens() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        try fixture.expectRefused(F.line("case.assigned", "TS-2025-000009", #"{"worker":"a.khan"}"#),
                                  mentioning: "there is no such case", "tenancy.referral-received")
        try fixture.expectRefused(F.line("complaint.acknowledged", "CMP-2025-000009", #"{"stage":1}"#),
                                  mentioning: "there is no such case", "complaint.received")
        try fixture.expectRefused(F.line("subject.details-changed", "P-000009", #"{"phone":"0117 496 0000"}"#),
                                  mentioning: "there is no such subject", "subject.registered")
    }

    @Test("an opening event on a stream that exists is refused")
    func openingTwice() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        try fixture.expectRefused(F.tenancy("TS-2025-000001"), mentioning: "the case already exists")
        try fixture.expectRefused(F.person("P-000001", name: "Someone Else"), mentioning: "already registered", "subject.details-changed")
    }

    @Test("a reference must fit its type, and only an opening event may leave it out")
    func referencePatterns() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        try fixture.expectRefused(F.complaint("TS-2025-000001"), mentioning: "complaint (CMP-YYYY-NNNNNN) streams only")
        try fixture.expectRefused(F.complaint("CMP-2025-00001"), mentioning: "\"CMP-2025-00001\" is not a valid reference")
        try fixture.expectRefused(F.line("case.note-added", nil, #"{"text":"Which case?"}"#),
                                  mentioning: "only an opening event gets a new reference")
    }

    @Test("a correction names an earlier event of the same case")
    func correctionOfAnotherCase() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2025-000001"), F.concern("SG-2025-000002"),
                           F.triage("SG-2025-000001", id: Self.correctedID))
        try fixture.expectRefused(F.line("case.entry-corrected", "SG-2025-000002",
                                         #"{"eventId":"\#(Self.correctedID)","reason":"Risk understated","changes":{"riskLevel":"high"}}"#),
                                  mentioning: "is not an event of this case")
        try fixture.record(F.line("case.entry-corrected", "SG-2025-000001",
                                  #"{"eventId":"\#(Self.correctedID)","reason":"Risk understated","changes":{"riskLevel":"high"}}"#))
    }

    // MARK: Closed cases

    @Test("a closed case refuses work, takes notes, links, corrections and sustainment checks, and takes events again once reopened")
    func closedCase() throws {
        let fixture = try F()
        let closeID = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"), F.complaint("CMP-2025-000001"),
                           F.line("tenancy.case-closed", "TS-2025-000001", #"{"outcome":"tenancy-sustained"}"#, id: closeID))
        try fixture.expectRefused(F.line("case.assigned", "TS-2025-000001", #"{"worker":"a.khan"}"#),
                                  mentioning: "TS-2025-000001", "case.assigned", "the case is closed", "case.reopened")
        try fixture.expectRefused(F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-04-01"}"#),
                                  mentioning: "the case is closed")
        try fixture.expectRefused(F.line("tenancy.case-closed", "TS-2025-000001", #"{"outcome":"evicted"}"#),
                                  mentioning: "the case is closed")
        try fixture.record(
            F.line("case.note-added", "TS-2025-000001", #"{"text":"Letter sent"}"#),
            F.line("case.linked", "TS-2025-000001", #"{"otherCase":"CMP-2025-000001","relation":"related"}"#),
            F.line("case.entry-corrected", "TS-2025-000001",
                   #"{"eventId":"\#(closeID)","reason":"Wrong outcome","changes":{"outcome":"moved-on-planned"}}"#),
            F.line("tenancy.sustainment-checked", "TS-2025-000001", #"{"monthsAfterClose":6,"stillInTenancy":true}"#))

        let reopened = try fixture.record(F.line("case.reopened", "TS-2025-000001", #"{"reason":"Arrears again"}"#))
        #expect(reopened.first?.version == 7)
        try fixture.record(F.line("case.assigned", "TS-2025-000001", #"{"worker":"a.khan"}"#),
                           F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-04-01"}"#))
        try fixture.expectRefused(F.line("tenancy.sustainment-checked", "TS-2025-000001", #"{"monthsAfterClose":12,"stillInTenancy":true}"#),
                                  mentioning: "sustainment", "only after the case is closed")
        try fixture.expectRefused(F.line("case.reopened", "TS-2025-000001", #"{"reason":"Again"}"#),
                                  mentioning: "the case is open", "only a closed case can be reopened")
    }

    @Test("sustainment is refused on a tenancy case that was never closed")
    func sustainmentWhileOpen() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        try fixture.expectRefused(F.line("tenancy.sustainment-checked", "TS-2025-000001", #"{"monthsAfterClose":6,"stillInTenancy":false}"#),
                                  mentioning: "only after the case is closed")
        try fixture.expectRefused(F.line("case.reopened", "TS-2025-000001", #"{"reason":"x"}"#), mentioning: "only a closed case")
    }

    // MARK: Tenancy

    @Test("visits: an id is scheduled once, has one outcome, and a miss needs a schedule; an unplanned visit is completed once")
    func visits() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"),
                           F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-03-10"}"#))
        try fixture.expectRefused(F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"V1","dueDate":"2025-03-17"}"#),
                                  mentioning: "visit V1 already exists")
        try fixture.expectRefused(F.line("tenancy.visit-missed", "TS-2025-000001", #"{"visitId":"V9","reason":"no-access"}"#),
                                  mentioning: "visit V9 was never scheduled")
        try fixture.record(F.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"V1"}"#))
        try fixture.expectRefused(F.line("tenancy.visit-missed", "TS-2025-000001", #"{"visitId":"V1","reason":"no-access"}"#),
                                  mentioning: "visit V1 is already completed or missed")
        try fixture.expectRefused(F.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"V1"}"#),
                                  mentioning: "visit V1 is already completed or missed")

        try fixture.record(F.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"U1","notes":"Called in unannounced"}"#))
        try fixture.expectRefused(F.line("tenancy.visit-completed", "TS-2025-000001", #"{"visitId":"U1"}"#),
                                  mentioning: "visit U1 is already completed or missed")
        try fixture.expectRefused(F.line("tenancy.visit-scheduled", "TS-2025-000001", #"{"visitId":"U1","dueDate":"2025-03-17"}"#),
                                  mentioning: "visit U1 already exists")
    }

    @Test("a goal is reviewed only after a plan agreed it")
    func goals() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        try fixture.expectRefused(F.line("tenancy.goal-reviewed", "TS-2025-000001", #"{"goalId":"G1","progress":"achieved"}"#),
                                  mentioning: "goal G1 was never agreed")
        try fixture.record(F.line("tenancy.plan-agreed", "TS-2025-000001", #"{"goals":[{"goalId":"G1"}]}"#),
                           F.line("tenancy.goal-reviewed", "TS-2025-000001", #"{"goalId":"G1","progress":"achieved"}"#))
        try fixture.expectRefused(F.line("tenancy.goal-reviewed", "TS-2025-000001", #"{"goalId":"G2","progress":"partly"}"#),
                                  mentioning: "goal G2 was never agreed")
    }

    // MARK: Safeguarding

    @Test("a second triage is refused and points to a correction")
    func secondTriage() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2025-000001"), F.triage("SG-2025-000001"))
        try fixture.expectRefused(F.triage("SG-2025-000001"), mentioning: "already triaged", "correction", "case.entry-corrected")
    }

    @Test("referral, strategy meeting and close come only after triage")
    func beforeTriage() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2025-000001"))
        for line in [
            F.line("safeguarding.referred", "SG-2025-000001", #"{"agency":"police"}"#),
            F.line("safeguarding.strategy-meeting-held", "SG-2025-000001", #"{"attendees":["police"]}"#),
            F.line("safeguarding.closed", "SG-2025-000001", #"{"outcome":"risk-removed","msp":"not-asked"}"#),
        ] {
            try fixture.expectRefused(line, mentioning: "must be triaged", "safeguarding.triaged")
        }
        // Views and actions may come before triage.
        try fixture.record(F.line("safeguarding.subject-views-recorded", "SG-2025-000001", #"{"wishes":"Left alone"}"#),
                           F.line("safeguarding.action-assigned", "SG-2025-000001", #"{"actionId":"A1","owner":"a.khan","dueDate":"2025-03-04"}"#))
    }

    @Test("an action is completed once, and only after it was assigned")
    func actions() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2025-000001"), F.triage("SG-2025-000001"))
        try fixture.expectRefused(F.line("safeguarding.action-completed", "SG-2025-000001", #"{"actionId":"A9"}"#),
                                  mentioning: "action A9 was never assigned")
        try fixture.record(F.line("safeguarding.action-assigned", "SG-2025-000001", #"{"actionId":"A1","owner":"a.khan","dueDate":"2025-03-04"}"#),
                           F.line("safeguarding.action-completed", "SG-2025-000001", #"{"actionId":"A1"}"#))
        try fixture.expectRefused(F.line("safeguarding.action-completed", "SG-2025-000001", #"{"actionId":"A1"}"#),
                                  mentioning: "action A1 is already completed")
        try fixture.expectRefused(F.line("safeguarding.action-assigned", "SG-2025-000001", #"{"actionId":"A1","owner":"b","dueDate":"2025-03-05"}"#),
                                  mentioning: "action A1 already exists")
    }

    // MARK: Complaints

    @Test("stage 2 steps and escalation wait for their turn")
    func complaintStages() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"))
        for line in [F.acknowledged("CMP-2025-000001", stage: 2), F.responded("CMP-2025-000001", stage: 2),
                     F.extensionAgreed("CMP-2025-000001", stage: 2)] {
            try fixture.expectRefused(line, mentioning: "at stage 1", "only after complaint.escalated")
        }
        try fixture.expectRefused(F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Unhappy"}"#),
                                  mentioning: "escalated only after its stage 1 response")
        try fixture.record(F.acknowledged("CMP-2025-000001", stage: 1))
        try fixture.expectRefused(F.acknowledged("CMP-2025-000001", stage: 1), mentioning: "stage 1 is already acknowledged")
        try fixture.record(F.responded("CMP-2025-000001", stage: 1))
        try fixture.expectRefused(F.responded("CMP-2025-000001", stage: 1), mentioning: "stage 1 is already responded to")
        try fixture.expectRefused(F.extensionAgreed("CMP-2025-000001", stage: 1), mentioning: "stage 1 is already responded to")

        try fixture.record(F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Unhappy"}"#))
        try fixture.expectRefused(F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Again"}"#),
                                  mentioning: "already at stage 2")
        for line in [F.acknowledged("CMP-2025-000001", stage: 1), F.responded("CMP-2025-000001", stage: 1),
                     F.extensionAgreed("CMP-2025-000001", stage: 1)] {
            try fixture.expectRefused(line, mentioning: "stage 1 steps are over")
        }
        try fixture.record(F.acknowledged("CMP-2025-000001", stage: 2), F.extensionAgreed("CMP-2025-000001", stage: 2))
        try fixture.expectRefused(F.acknowledged("CMP-2025-000001", stage: 2), mentioning: "stage 2 is already acknowledged")
        try fixture.record(F.responded("CMP-2025-000001", stage: 2))
        try fixture.expectRefused(F.responded("CMP-2025-000001", stage: 2), mentioning: "stage 2 is already responded to")
        try fixture.expectRefused(F.extensionAgreed("CMP-2025-000001", stage: 2), mentioning: "stage 2 is already responded to")
    }

    @Test("a complaint is closed only after the response of its current stage")
    func complaintClose() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"), F.acknowledged("CMP-2025-000001", stage: 1))
        try fixture.expectRefused(F.line("complaint.closed", "CMP-2025-000001"),
                                  mentioning: "closed only after its last response", "stage 1", "complaint.withdrawn")
        try fixture.record(F.responded("CMP-2025-000001", stage: 1),
                           F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Unhappy"}"#))
        try fixture.expectRefused(F.line("complaint.closed", "CMP-2025-000001"), mentioning: "closed only after its last response", "stage 2")
        try fixture.record(F.responded("CMP-2025-000001", stage: 2), F.line("complaint.closed", "CMP-2025-000001"))
        try fixture.expectRefused(F.line("complaint.closed", "CMP-2025-000001"), mentioning: "the case is closed")
    }

    @Test("a complaint closed after its stage 1 response may be escalated, which opens it at stage 2; learning and remedies may follow a close")
    func escalationAfterClose() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"), F.acknowledged("CMP-2025-000001", stage: 1),
                           F.responded("CMP-2025-000001", stage: 1), F.line("complaint.closed", "CMP-2025-000001"),
                           F.line("complaint.remedy-offered", "CMP-2025-000001", #"{"kind":"apology"}"#),
                           F.line("complaint.escalated", "CMP-2025-000001", #"{"reason":"Unhappy"}"#),
                           F.acknowledged("CMP-2025-000001", stage: 2))
        try fixture.record(F.person("P-000002"), F.complaint("CMP-2025-000002", complainant: "P-000002"),
                           F.line("complaint.withdrawn", "CMP-2025-000002"))
        try fixture.expectRefused(F.line("complaint.escalated", "CMP-2025-000002"), mentioning: "withdrawn")
    }

    @Test("a case's worker is the assignment that happened last, not the one recorded last")
    func lateAssignment() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"),
                           F.line("case.assigned", "TS-2025-000001", #"{"worker":"b.new"}"#, at: "2025-03-10T09:00:00Z"),
                           F.line("case.assigned", "TS-2025-000001", #"{"worker":"a.old"}"#, at: "2025-03-04T09:00:00Z"))
        let head = try fixture.store.read { try $0.streamHead("TS-2025-000001") }
        #expect(head.flatMap { CaseLifecycle(encoded: $0.state) }?.assignedTo == "b.new")
    }

    @Test("a correction cannot change a reference to a subject or case that does not exist")
    func correctionReferences() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.line("complaint.received", "CMP-2025-000001",
            #"{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"x"}"#, id: Self.correctedID))
        try fixture.expectRefused(F.line("case.entry-corrected", "CMP-2025-000001",
                                         #"{"eventId":"\#(Self.correctedID)","reason":"Wrong person","changes":{"complainant":"P-000009"}}"#),
                                  mentioning: "P-000009 is not registered")
    }

    @Test("a withdrawn complaint is closed: its steps are refused until it is reopened")
    func withdrawn() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"),
                           F.line("complaint.withdrawn", "CMP-2025-000001", #"{"reason":"Sorted"}"#))
        try fixture.expectRefused(F.acknowledged("CMP-2025-000001", stage: 1), mentioning: "the case is closed")
        try fixture.expectRefused(F.line("complaint.withdrawn", "CMP-2025-000001"), mentioning: "the case is closed")
        try fixture.record(F.line("case.note-added", "CMP-2025-000001", #"{"text":"Complainant phoned to withdraw"}"#),
                           F.line("case.reopened", "CMP-2025-000001", #"{"reason":"Changed their mind"}"#),
                           F.acknowledged("CMP-2025-000001", stage: 1))
    }

    @Test("learning is actioned once, and only after it was identified")
    func learning() throws {
        let fixture = try F()
        let identified = #"{"learningId":"L1","weDid":"Call back after repairs","owner":"repairs.lead","dueDate":"2025-06-30"}"#
        try fixture.record(F.person("P-000001"), F.complaint("CMP-2025-000001"))
        try fixture.expectRefused(F.line("complaint.learning-actioned", "CMP-2025-000001", #"{"learningId":"L1"}"#),
                                  mentioning: "learning L1 was never identified")
        try fixture.record(F.line("complaint.learning-identified", "CMP-2025-000001", identified),
                           F.line("complaint.learning-actioned", "CMP-2025-000001", #"{"learningId":"L1"}"#))
        try fixture.expectRefused(F.line("complaint.learning-actioned", "CMP-2025-000001", #"{"learningId":"L1"}"#),
                                  mentioning: "learning L1 is already actioned")
        try fixture.expectRefused(F.line("complaint.learning-identified", "CMP-2025-000001", identified), mentioning: "learning L1 already exists")
    }

    // MARK: Panel reviews

    @Test("recommendations name recorded findings, are implemented once, and may be implemented after the review closed")
    func reviews() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2025-000001"), F.review("PR-2025-0001", incidents: ["SG-2025-000001"]),
                           F.line("review.finding-recorded", "PR-2025-0001", #"{"findingId":"F1","contributingFactors":["recording"]}"#))
        try fixture.expectRefused(F.line("review.recommendation-made", "PR-2025-0001",
                                         #"{"recommendationId":"R1","findingIds":["F1","F9"],"owner":"lead","dueDate":"2025-07-31"}"#),
                                  mentioning: "finding F9 was never recorded")
        try fixture.expectRefused(F.line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R9"}"#),
                                  mentioning: "recommendation R9 was never made")
        try fixture.record(F.line("review.recommendation-made", "PR-2025-0001",
                                  #"{"recommendationId":"R1","findingIds":["F1"],"owner":"lead","dueDate":"2025-07-31"}"#),
                           F.line("review.closed", "PR-2025-0001"),
                           F.line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R1"}"#))
        try fixture.expectRefused(F.line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R1"}"#),
                                  mentioning: "recommendation R1 is already implemented")
        try fixture.expectRefused(F.line("review.finding-recorded", "PR-2025-0001", #"{"findingId":"F2","contributingFactors":["training"]}"#),
                                  mentioning: "the case is closed")
    }

    // MARK: References to other streams

    @Test("every subject an event names must be registered", arguments: [
        ("complaint.received", F.complaint("CMP-2025-000001", complainant: "P-000009"), "complainant"),
        ("tenancy.referral-received", F.tenancy("TS-2025-000001", household: "P-000009"), "household"),
        ("safeguarding.concern-raised", F.concern("SG-2025-000001", subject: "P-000009"), "subject"),
        ("subject.registered", F.line("subject.registered", "P-000002", #"{"kind":"household","name":"H","householdMembers":["P-000001","P-000009"]}"#),
         "householdMembers"),
    ])
    func unregisteredSubject(type: String, line: String, field: String) throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        try fixture.expectRefused(line, mentioning: type, "field \"\(field)\"", "subject P-000009 is not registered")
    }

    @Test("every case an event names must exist, and a case cannot name itself")
    func missingCases() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        try fixture.expectRefused(F.line("case.linked", "TS-2025-000001", #"{"otherCase":"SG-2025-000009","relation":"related"}"#),
                                  mentioning: "field \"otherCase\"", "case SG-2025-000009 does not exist")
        try fixture.expectRefused(F.review("PR-2025-0001", incidents: ["TS-2025-000001", "CMP-2025-000009"]),
                                  mentioning: "field \"incidents\"", "case CMP-2025-000009 does not exist")
        try fixture.expectRefused(F.line("case.linked", "TS-2025-000001", #"{"otherCase":"TS-2025-000001"}"#),
                                  mentioning: "field \"otherCase\"", "a case cannot name itself")
        // A case opened earlier in the same batch counts.
        try fixture.record(F.concern("SG-2025-000001"),
                           F.line("case.linked", "TS-2025-000001", #"{"otherCase":"SG-2025-000001","relation":"related"}"#))
    }

    // MARK: Time and size

    @Test("occurredAt may be up to 5 minutes ahead of the clock, no more")
    func clockSkew() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        let minute: Int64 = 60_000_000
        let now = Timestamp.now().microseconds
        try fixture.expectRefused(F.line("case.note-added", "TS-2025-000001", #"{"text":"From the future"}"#,
                                         at: Timestamp(microseconds: now + 6 * minute).iso8601),
                                  mentioning: "in the future", "5 minutes")
        try fixture.record(F.line("case.note-added", "TS-2025-000001", #"{"text":"Watch a little fast"}"#,
                                  at: Timestamp(microseconds: now + 4 * minute).iso8601))
    }

    @Test("an event over 1 MiB is refused")
    func oversizedEvent() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy("TS-2025-000001"))
        let huge = String(repeating: "Spoke to the tenant. ", count: 55_000)   // 1.15 MB
        try fixture.expectRefused(F.line("case.note-added", "TS-2025-000001", #"{"text":"\#(huge)"}"#),
                                  mentioning: "over the limit of \(1 << 20) bytes")
        let large = String(repeating: "Spoke to the tenant. ", count: 45_000)  // 0.95 MB
        try fixture.record(F.line("case.note-added", "TS-2025-000001", #"{"text":"\#(large)"}"#))
    }

    // MARK: Re-running an import

    @Test("re-running a finished import adds nothing and is not refused as out of turn")
    func importTwice() throws {
        let fixture = try F()
        let lines = Array(Self.everyTypeInOrder.prefix(3)) + [
            F.complaint("CMP-2025-000001"), F.acknowledged("CMP-2025-000001", stage: 1), F.responded("CMP-2025-000001", stage: 1),
            F.line("complaint.closed", "CMP-2025-000001"), F.concern("SG-2025-000001"), F.triage("SG-2025-000001"),
        ]
        guard case .written(let first) = try fixture.write(lines, ids: .derivedFromContent) else {
            Issue.record("the first import was refused")
            return
        }
        #expect(first.appended == lines.count && first.alreadyPresent == 0)
        let outcome = try fixture.write(lines, ids: .derivedFromContent)
        guard case .written(let second) = outcome else {
            Issue.record("the second import was refused: \(outcome.message ?? "")")
            return
        }
        #expect(second.lines == lines.count)
        #expect(second.alreadyPresent == lines.count)
        #expect(second.appended == 0)
        #expect(second.head == first.head)
        #expect(try fixture.store.head() == first.head)
    }

    @Test("re-running a finished import whose opening lines carry no reference adds nothing")
    func importTwiceWithoutReferences() throws {
        let fixture = try F()
        let lines = [F.person(nil), F.complaint(nil), F.complaint(nil, at: "2025-03-04T10:00:00Z")]
        guard case .written(let first) = try fixture.write(lines, ids: .derivedFromContent) else {
            Issue.record("the first import was refused")
            return
        }
        #expect(first.appended == 3)
        let outcome = try fixture.write(lines, ids: .derivedFromContent)
        let head = try fixture.store.head()
        guard case .written(let second) = outcome else {
            Issue.record("the second import was refused: \(outcome.message ?? "")")
            return
        }
        #expect(second.alreadyPresent == 3 && second.appended == 0)
        #expect(head == first.head)
    }

    // MARK: Reference allocation

    /// Records `line` alone and returns the reference it was given.
    func allocated(_ line: String, in fixture: F, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        try fixture.record(line, sourceLocation: sourceLocation).first?.caseReference
    }

    @Test("opening events without a reference get the next number of their type and year")
    func allocation() throws {
        let fixture = try F()
        #expect(try allocated(F.person(nil), in: fixture) == "P-000001")
        #expect(try allocated(F.person(nil, name: "Sam Shaw"), in: fixture) == "P-000002")
        #expect(try allocated(F.tenancy(nil, at: "2025-03-03T09:00:00Z"), in: fixture) == "TS-2025-000001")
        #expect(try allocated(F.tenancy(nil, at: "2024-11-20T09:00:00Z"), in: fixture) == "TS-2024-000001")
        #expect(try allocated(F.tenancy(nil, at: "2025-06-01T09:00:00Z"), in: fixture) == "TS-2025-000002")
        #expect(try allocated(F.concern(nil), in: fixture) == "SG-2025-000001")
        #expect(try allocated(F.complaint(nil), in: fixture) == "CMP-2025-000001")
        #expect(try allocated(F.complaint(nil, at: "2024-02-29T12:00:00Z"), in: fixture) == "CMP-2024-000001")
        #expect(try allocated(F.review(nil, incidents: ["SG-2025-000001"]), in: fixture) == "PR-2025-0001")
        #expect(try allocated(F.review(nil, incidents: ["SG-2025-000001"]), in: fixture) == "PR-2025-0002")
        #expect(try allocated(F.tenancy(nil), in: fixture) == "TS-2025-000003")
    }

    @Test("the year is that of occurredAt's date in London, whatever offset the line is written with")
    func allocationYearInLondon() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        // 2024-12-31T23:30Z, written as half past midnight in UTC+1.
        #expect(try allocated(F.tenancy(nil, at: "2025-01-01T00:30:00+01:00"), in: fixture) == "TS-2024-000001")
        // 2025-01-01T00:30Z, written as half past eleven on New Year's Eve in UTC-1.
        #expect(try allocated(F.tenancy(nil, at: "2024-12-31T23:30:00-01:00"), in: fixture) == "TS-2025-000001")
    }

    @Test("a reference given by the caller is skipped, not counted from: allocation takes the next number not used")
    func givenReference() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.tenancy(nil), F.tenancy("TS-2025-000041"), F.person("P-000100"))
        #expect(try allocated(F.tenancy(nil), in: fixture) == "TS-2025-000002")
        #expect(try allocated(F.person(nil), in: fixture) == "P-000002")
        // A number a caller took is passed over when allocation reaches it.
        try fixture.record(F.tenancy("TS-2025-000003"), F.tenancy("TS-2025-000004"))
        #expect(try allocated(F.tenancy(nil), in: fixture) == "TS-2025-000005")
        // Another year and type are untouched.
        #expect(try allocated(F.tenancy(nil, at: "2024-05-01T09:00:00Z"), in: fixture) == "TS-2024-000001")
        #expect(try allocated(F.complaint(nil), in: fixture) == "CMP-2025-000001")
    }

    @Test("a caller's P-999999 does not stop subjects being registered without a reference")
    func highestSubjectReferenceGiven() throws {
        let fixture = try F()
        try fixture.record(F.person("P-999999"))
        #expect(try allocated(F.person(nil), in: fixture) == "P-000001")
        #expect(try allocated(F.person(nil), in: fixture) == "P-000002")
    }

    @Test("a caller's SG-2026-999999 does not stop new 2026 concerns")
    func highestConcernReferenceGiven() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.concern("SG-2026-999999", at: "2026-03-02T09:00:00Z"))
        #expect(try allocated(F.concern(nil, at: "2026-03-03T09:00:00Z"), in: fixture) == "SG-2026-000001")
        #expect(try allocated(F.concern(nil, at: "2026-03-04T09:00:00Z"), in: fixture) == "SG-2026-000002")
    }

    @Test("allocation comes back to where it was in a new write, past numbers callers took meanwhile")
    func allocationAcrossWrites() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"), F.complaint(nil), F.complaint(nil))
        try fixture.record(F.complaint("CMP-2025-000003"), F.complaint("CMP-2025-000900"))
        let results = try fixture.record(F.complaint(nil), F.complaint(nil))
        #expect(results.map(\.caseReference) == ["CMP-2025-000004", "CMP-2025-000005"])
    }

    @Test("a refused write allocates nothing: the next write is given the same number")
    func refusedWriteKeepsNumbers() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        // The second line names a subject that does not exist: the whole write is refused.
        #expect(try fixture.write([F.complaint(nil), F.complaint(nil, complainant: "P-000777")]).message != nil)
        #expect(try allocated(F.complaint(nil), in: fixture) == "CMP-2025-000001")
    }

    @Test("one batch of opening lines gets distinct references, numbered in line order")
    func allocationInOneBatch() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        let results = try fixture.record(
            F.complaint(nil), F.concern(nil), F.complaint(nil), F.person(nil), F.complaint(nil),
            F.line("case.note-added", "CMP-2025-000002", #"{"text":"Second complaint noted"}"#), F.complaint(nil),
            F.complaint(nil, at: "2024-10-01T09:00:00Z"))
        #expect(results.map(\.caseReference) == [
            "CMP-2025-000001", "SG-2025-000001", "CMP-2025-000002", "P-000002", "CMP-2025-000003",
            "CMP-2025-000002", "CMP-2025-000004", "CMP-2024-000001",
        ])
        #expect(results.map(\.version) == [1, 1, 1, 1, 1, 2, 1, 1])
    }

    @Test("a reference given in the middle of a batch is passed over by the batch's allocation, not counted from")
    func givenReferenceInOneBatch() throws {
        let fixture = try F()
        try fixture.record(F.person("P-000001"))
        let results = try fixture.record(F.complaint(nil), F.complaint("CMP-2025-000002"), F.complaint(nil),
                                         F.complaint("CMP-2025-000041"), F.complaint(nil))
        let references = results.map(\.caseReference)
        #expect(references.prefix(4) == ["CMP-2025-000001", "CMP-2025-000002", "CMP-2025-000003", "CMP-2025-000041"])
        #expect(Set(references).count == 5)
        #expect(references.last == "CMP-2025-000004")
    }
}
