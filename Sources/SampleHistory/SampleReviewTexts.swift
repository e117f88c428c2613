import Casework
/// What a safeguarding panel writes: terms of reference, findings, recommendations.
enum SampleReviewTexts {
    static let triggers: [(String, Int)] = [
        ("serious-harm", 35), ("near-miss", 30), ("death", 10), ("complaint", 15), ("good-practice", 10),
    ]

    /// Contributing factors, weighted so that some recur across reviews.
    static let factors: [(String, Int)] = [
        ("information-sharing", 18), ("risk-assessment", 16), ("escalation", 8), ("recording", 10),
        ("professional-curiosity", 8), ("supervision", 5), ("training", 5), ("capacity-workload", 6),
        ("policy-gap", 4), ("communication-with-tenant", 8), ("multi-agency-working", 10), ("mental-capacity", 4),
        ("other", 2),
    ]

    static let termsOfReference = [
        "Establish what was known about the tenant's circumstances in the year before the incident, how it was shared, and whether the risk could have been recognised earlier.",
        "Review how the concern was triaged and escalated, and whether partner agencies were involved at the right time.",
        "Look at how the tenant's views were sought and recorded and whether reasonable adjustments were made.",
        "Understand why warning signs in the repairs and income records were not connected before the incident.",
    ]

    static let goodPracticeTerms = "Identify what worked well in the joint response so that the practice can be repeated across teams."

    static func findingSummary(for factor: String) -> String {
        switch factor {
        case "information-sharing": "The police call-out two weeks earlier was known to the neighbourhood team but not shared with the tenancy support officer."
        case "risk-assessment": "The risk assessment was not updated after the tenant's circumstances changed."
        case "escalation": "Staff were worried but did not know who to escalate to out of hours."
        case "recording": "Visits took place but were not recorded, so the pattern of missed appointments was not visible."
        case "professional-curiosity": "Explanations for injuries were accepted without further questions."
        case "supervision": "The case was not discussed in supervision for four months."
        case "training": "The officer had not completed safeguarding refresher training."
        case "capacity-workload": "The officer's caseload was well above the agreed maximum."
        case "policy-gap": "There was no procedure for a tenant who refuses access repeatedly."
        case "communication-with-tenant": "Letters were sent in English although the tenant had asked for an interpreter."
        case "multi-agency-working": "Adult social care and housing held separate meetings and did not agree a single plan."
        case "mental-capacity": "Decisions were made on the tenant's behalf without a capacity assessment."
        default: "Other practice issues were identified in the chronology."
        }
    }

    static func recommendation(for factor: String) -> String {
        switch factor {
        case "information-sharing": "Agree an information-sharing protocol with the police and check it is used at every referral."
        case "risk-assessment": "Make a risk assessment review mandatory after any change in circumstances."
        case "escalation": "Publish an out-of-hours escalation route and test it every quarter."
        case "recording": "Audit visit recording monthly and report gaps to team leaders."
        case "professional-curiosity": "Run professional curiosity workshops for all frontline staff."
        case "supervision": "Require safeguarding cases to be discussed in every monthly supervision."
        case "training": "Track refresher training and block case allocation when it lapses."
        case "capacity-workload": "Set and monitor a maximum caseload for tenancy support officers."
        case "policy-gap": "Write a no-access procedure with clear escalation points."
        case "communication-with-tenant": "Record communication needs on the subject record and check them before every letter."
        case "multi-agency-working": "Hold joint strategy meetings with one agreed plan and one lead."
        case "mental-capacity": "Train managers in the Mental Capacity Act and audit its use."
        default: "Share the learning from this review at the next all-staff briefing."
        }
    }

    static let evidence = [
        "Protocol signed by all partners and published on the intranet.",
        "Audit of 40 cases shows the new step is followed in 37.",
        "Training completed by 92% of frontline staff.",
        "Procedure approved by the executive team.",
    ]

    static let summaries = [
        "The panel found that earlier information sharing would have changed the response. Recommendations agreed with all partners.",
        "Several missed opportunities to escalate. The panel will check implementation in six months.",
        "Staff acted in good faith but without the tools they needed. Recommendations focus on systems rather than individuals.",
    ]

    static let goodPracticeSummary = "Good joint working prevented harm; the practice is to be shared across teams, with recommendations to make it the norm."

    static let notes = [
        "Chronology requested from all agencies, to be returned within four weeks.",
        "Panel meeting held; draft findings discussed and two further questions sent to the police.",
        "Family invited to contribute to the review; they would like to meet the chair in person.",
        "Draft report shared with partners for factual accuracy before it goes to the board.",
    ]
}
