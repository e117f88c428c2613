import Casework
import EventLog
import Projections
import Testing

/// A small store for "what went wrong" (the panel pack's first section), every date worked by
/// hand on the England and Wales calendar (January to March 2025, London on GMT). Judged on
/// 2025-03-03 (`today`) unless a test cuts it earlier.
///
/// - P-000001 and P-000002 registered 2024-07-01, six months before anything else happens.
/// - SG-2025-000001 about P-000001, raised Mon 01-06 09:00 without immediate risk, so triage is
///   due Tue 01-07 (1 working day); triaged Thu 01-09: **2 days late**. Action A1 (j.smith) due
///   01-10, never done: **overdue 52 days** on 03-03 (21 + 28 + 3). Action A2 (k.jones) due
///   01-20, done 01-17: met. A note that happened 01-13 was recorded 01-16: a late entry (3 days).
///   Linked to the complaint.
/// - CMP-2025-000001 from P-000002, received Wed 01-08: acknowledgement due Wed 01-15 (5
///   working days), acknowledged Fri 01-17: **2 days late**; the stage 1 response is due 10
///   working days after that, Fri 01-31, never sent: **overdue 31 days** (28 + 3). Learning L1
///   (c.manager, "We now call back within a day", due 02-14) never actioned: **overdue 17 days**.
/// - PR-2025-0001 (incident: the concern), opened Mon 02-03: F1 (information-sharing,
///   risk-assessment), F2 (escalation); R1 for F1 (s.lead) due 02-28, open: **overdue 3 days**;
///   R2 for F2 (ops.manager) due 04-30: open; R3 for F2 (training.lead) due 02-20, implemented
///   02-18.
/// - Earlier reviews about another concern (SG-2024-000001, P-000003): PR-2024-0001 opened
///   2024-06-03, F1 (information-sharing, recording), R1 for it implemented 2024-09-15; and
///   PR-2024-0002 opened 2024-11-04, F1 (escalation). So information-sharing is a repeat found
///   again after an implemented recommendation, escalation a repeat in two reviews, and
///   risk-assessment no repeat.
struct ReplayFailureScenario {
    let fixture: ProjectionFixture

    /// The date the scenario's deadlines are judged on.
    static let today = CalendarDate(year: 2025, month: 3, day: 3)!

    init() throws {
        fixture = try ProjectionFixture()
        func line(_ type: String, _ reference: String, _ data: String, _ at: String, recorded: String? = nil) -> String {
            ProjectionFixture.line(type, reference, data, at: at, recordedAt: recorded ?? at)
        }
        try fixture.record([
            line("subject.registered", "P-000003", #"{"kind":"person","name":"Earlier Person"}"#, "2024-05-01T09:00:00Z"),
            line("safeguarding.concern-raised", "SG-2024-000001",
                 #"{"subject":"P-000003","categories":["self-neglect"],"immediateRisk":false,"description":"Earlier concern"}"#,
                 "2024-05-02T09:00:00Z"),
            line("review.opened", "PR-2024-0001", #"{"incidents":["SG-2024-000001"],"trigger":"near-miss"}"#, "2024-06-03T10:00:00Z"),
            line("review.finding-recorded", "PR-2024-0001",
                 #"{"findingId":"F1","contributingFactors":["information-sharing","recording"],"summary":"Earlier finding"}"#,
                 "2024-06-10T10:00:00Z"),
            line("review.recommendation-made", "PR-2024-0001",
                 #"{"recommendationId":"R1","findingIds":["F1"],"owner":"panel.chair","dueDate":"2024-09-30"}"#,
                 "2024-06-10T11:00:00Z"),
            line("subject.registered", "P-000001", #"{"kind":"person","name":"Ada Example"}"#, "2024-07-01T09:00:00Z"),
            line("subject.registered", "P-000002", #"{"kind":"person","name":"Cy Complainant"}"#, "2024-07-01T09:30:00Z"),
            line("review.recommendation-implemented", "PR-2024-0001", #"{"recommendationId":"R1"}"#, "2024-09-15T10:00:00Z"),
            line("review.opened", "PR-2024-0002", #"{"incidents":["SG-2024-000001"],"trigger":"near-miss"}"#, "2024-11-04T10:00:00Z"),
            line("review.finding-recorded", "PR-2024-0002", #"{"findingId":"F1","contributingFactors":["escalation"]}"#,
                 "2024-11-05T10:00:00Z"),

            line("safeguarding.concern-raised", "SG-2025-000001",
                 #"{"subject":"P-000001","categories":["neglect-omission"],"immediateRisk":false,"description":"Neighbour worried"}"#,
                 "2025-01-06T09:00:00Z"),
            line("complaint.received", "CMP-2025-000001",
                 #"{"complainant":"P-000002","channel":"email","categories":["communication"],"summary":"Nobody called back"}"#,
                 "2025-01-08T12:00:00Z"),
            line("safeguarding.triaged", "SG-2025-000001",
                 #"{"riskLevel":"high","decision":"internal-support","rationale":"Known to the team"}"#, "2025-01-09T10:00:00Z"),
            line("safeguarding.action-assigned", "SG-2025-000001",
                 #"{"actionId":"A1","owner":"j.smith","dueDate":"2025-01-10","description":"Visit the flat"}"#, "2025-01-09T11:00:00Z"),
            line("safeguarding.action-assigned", "SG-2025-000001",
                 #"{"actionId":"A2","owner":"k.jones","dueDate":"2025-01-20"}"#, "2025-01-09T11:05:00Z"),
            line("case.linked", "SG-2025-000001", #"{"otherCase":"CMP-2025-000001","relation":"related"}"#, "2025-01-09T12:00:00Z"),
            line("case.note-added", "SG-2025-000001", #"{"text":"Phoned, no answer"}"#, "2025-01-13T09:00:00Z",
                 recorded: "2025-01-16T09:30:00Z"),
            line("safeguarding.action-completed", "SG-2025-000001", #"{"actionId":"A2"}"#, "2025-01-17T10:00:00Z"),
            line("complaint.acknowledged", "CMP-2025-000001", #"{"stage":1}"#, "2025-01-17T11:00:00Z"),
            line("complaint.learning-identified", "CMP-2025-000001",
                 #"{"learningId":"L1","youSaid":"You never called me back","weDid":"We now call back within a day","owner":"c.manager","dueDate":"2025-02-14"}"#,
                 "2025-01-24T10:00:00Z"),

            line("review.opened", "PR-2025-0001", #"{"incidents":["SG-2025-000001"],"trigger":"near-miss"}"#, "2025-02-03T10:00:00Z"),
            line("review.finding-recorded", "PR-2025-0001",
                 #"{"findingId":"F1","contributingFactors":["information-sharing","risk-assessment"],"summary":"Nobody told the housing officer"}"#,
                 "2025-02-10T10:00:00Z"),
            line("review.finding-recorded", "PR-2025-0001", #"{"findingId":"F2","contributingFactors":["escalation"]}"#,
                 "2025-02-10T10:05:00Z"),
            line("review.recommendation-made", "PR-2025-0001",
                 #"{"recommendationId":"R1","findingIds":["F1"],"owner":"s.lead","dueDate":"2025-02-28","action":"Share the risk log"}"#,
                 "2025-02-11T10:00:00Z"),
            line("review.recommendation-made", "PR-2025-0001",
                 #"{"recommendationId":"R2","findingIds":["F2"],"owner":"ops.manager","dueDate":"2025-04-30"}"#,
                 "2025-02-11T10:05:00Z"),
            line("review.recommendation-made", "PR-2025-0001",
                 #"{"recommendationId":"R3","findingIds":["F2"],"owner":"training.lead","dueDate":"2025-02-20"}"#,
                 "2025-02-11T10:10:00Z"),
            line("review.recommendation-implemented", "PR-2025-0001", #"{"recommendationId":"R3"}"#, "2025-02-18T10:00:00Z"),
        ], keepingRecordedTimes: true)
    }

    /// The replay of `reference` with `options`, judged on `today` unless `options` says otherwise.
    func replay(_ reference: String = "PR-2025-0001", _ options: ReplayOptions = ReplayOptions(today: Self.today)) throws -> Replay? {
        try fixture.store.read { try Replay.build(for: reference, options: options, in: $0) }
    }
}
