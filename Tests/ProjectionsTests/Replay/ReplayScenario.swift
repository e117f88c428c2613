import Casework
import EventLog
import Projections
import Testing

/// A small store for the replay's tests, every time hand-chosen (London is on GMT in January,
/// so London time and UTC agree):
///
/// - subjects P-000001 (a person), P-000002 (a household naming P-000001 as a member),
///   P-000003 (a complainant) and P-000004 (nobody's concern here);
/// - TS-2025-000001 for the household P-000002, TS-2025-000002 for P-000004 (unrelated);
/// - CMP-2025-000001 from P-000003, linked from the concern;
/// - SG-2025-000001 about P-000001: raised 01-10 09:00, triaged 01-10 15:00 but recorded
///   01-14 09:00 (late by 3 days), linked to the complaint 01-11 09:00, a note 01-25 09:00 (after a
///   14-day gap), the triage corrected 01-26 09:00 (risk medium → high);
/// - PR-2025-0001 opened 02-03 10:00 about the concern (9 days after the note).
struct ReplayScenario {
    let fixture: ProjectionFixture

    /// The triage's event id, which the correction names.
    static let triageID = "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"

    init() throws {
        fixture = try ProjectionFixture()
        func line(_ type: String, _ reference: String, _ data: String, _ at: String, recorded: String? = nil,
                  id: String? = nil) -> String {
            ProjectionFixture.line(type, reference, data, at: at, recordedAt: recorded ?? at, id: id)
        }
        try fixture.record([
            line("subject.registered", "P-000001", #"{"kind":"person","name":"Ada Example"}"#, "2025-01-06T09:00:00Z"),
            line("subject.registered", "P-000002", #"{"kind":"household","name":"The Examples","householdMembers":["P-000001"]}"#,
                 "2025-01-06T09:30:00Z"),
            line("subject.registered", "P-000003", #"{"kind":"person","name":"Cy Complainant"}"#, "2025-01-06T10:00:00Z"),
            line("subject.registered", "P-000004", #"{"kind":"person","name":"Dee Elsewhere"}"#, "2025-01-06T10:30:00Z"),
            line("tenancy.referral-received", "TS-2025-000001",
                 #"{"household":"P-000002","tenancyRef":"T-1","source":"income-team","reasons":["rent-arrears"]}"#,
                 "2025-01-07T10:00:00Z"),
            line("tenancy.referral-received", "TS-2025-000002",
                 #"{"household":"P-000004","tenancyRef":"T-2","source":"self","reasons":["hoarding"]}"#, "2025-01-07T11:00:00Z"),
            line("complaint.received", "CMP-2025-000001",
                 #"{"complainant":"P-000003","channel":"email","categories":["anti-social-behaviour"],"summary":"Noise next door"}"#,
                 "2025-01-09T12:00:00Z"),
            line("safeguarding.concern-raised", "SG-2025-000001",
                 #"{"subject":"P-000001","raisedBy":"neighbour","categories":["neglect-omission"],"immediateRisk":false,"description":"Neighbour worried"}"#,
                 "2025-01-10T09:00:00Z"),
            line("safeguarding.triaged", "SG-2025-000001",
                 #"{"riskLevel":"medium","decision":"internal-support","rationale":"Known to the team <b>"}"#,
                 "2025-01-10T15:00:00Z", recorded: "2025-01-14T09:00:00Z", id: Self.triageID),
            line("case.linked", "SG-2025-000001", #"{"otherCase":"CMP-2025-000001","relation":"related"}"#, "2025-01-11T09:00:00Z"),
            line("case.note-added", "SG-2025-000001", #"{"text":"Visited, no answer"}"#, "2025-01-25T09:00:00Z"),
            line("case.entry-corrected", "SG-2025-000001",
                 #"{"eventId":"\#(Self.triageID)","reason":"Risk was understated","changes":{"riskLevel":"high"}}"#,
                 "2025-01-26T09:00:00Z", recorded: "2025-01-26T09:05:00Z"),
            line("review.opened", "PR-2025-0001",
                 #"{"incidents":["SG-2025-000001"],"trigger":"near-miss","termsOfReference":"Why was the risk understated?"}"#,
                 "2025-02-03T10:00:00Z"),
        ], keepingRecordedTimes: true)
    }

    /// The replay of `reference` with `options`.
    func replay(_ reference: String = "SG-2025-000001", _ options: ReplayOptions = ReplayOptions()) throws -> Replay? {
        try fixture.store.read { try Replay.build(for: reference, options: options, in: $0) }
    }
}
