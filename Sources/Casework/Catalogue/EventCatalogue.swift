#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every event type of DOMAIN.md §1–5 and §10's feedback, declared once: validation, the command line's help and
/// completion, coercion of `FIELD=VALUE` arguments and the routing of personal data (†) all
/// read this table. To add a type or a field, add it here (names are stable once shipped: add,
/// never rename).
///
/// Which fields are personal follows DOMAIN.md §8's rule, which `PersonalDataRuleTests` holds
/// this table to: free text is † unless it is published; staff members, labels, references,
/// dates, amounts, Booleans and closed vocabularies are not.
///
/// Where DOMAIN.md does not say whether a field is required, a field is required when the
/// event means nothing without it (the identifier of the visit, action or goal it is about; the
/// stage of a complaint step; the outcome of a close). docs/CATALOGUE.md lists the result.
public enum EventCatalogue {
    /// Every type, in the order of DOMAIN.md.
    public static let types: [EventTypeSpec] = subjects + everyCase + tenancy + safeguarding + reviews + complaints + feedback

    /// The type called `name`, if there is one.
    public static func type(named name: String) -> EventTypeSpec? { byName[name] }

    /// The names of every type, sorted.
    public static let names: [String] = types.map(\.name).sorted()

    /// The type name nearest to a mistyped `name`, if one is close.
    public static func suggestion(for name: String) -> String? { NameSuggestion.nearest(to: name, in: names) }

    private static let byName: [String: EventTypeSpec] = Dictionary(uniqueKeysWithValues: types.map { ($0.name, $0) })

    /// The entry for the type whose name is `name`'s UTF-8 bytes, found without making a
    /// string (the line parser names a known type by the catalogue's own string, so that an
    /// imported line does not allocate one). Compares `name` (`memcmp`) with the few names as
    /// long as it: no hashing, which was most of the cost of a look-up for every record that
    /// an output without personal data reads (`PersonalFieldFilter`).
    static func type(utf8 name: UnsafeRawBufferPointer) -> EventTypeSpec? {
        guard let base = name.baseAddress, name.count < byLength.count else { return nil }
        for (bytes, spec) in byLength[name.count] where bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, name.count) }) == 0 {
            return spec
        }
        return nil
    }

    /// Each type's name as bytes beside its entry, by the name's length.
    private static let byLength: [[([UInt8], EventTypeSpec)]] = {
        var table = Array(repeating: [([UInt8], EventTypeSpec)](), count: 1 + types.map(\.name.utf8.count).max()!)
        for spec in types { table[spec.name.utf8.count].append((Array(spec.name.utf8), spec)) }
        return table
    }()

    // MARK: Vocabularies

    static let supportNeeds = ["mobility", "sight", "hearing", "learning-disability", "mental-health", "language", "other"]
    static let tenancyReasons = ["rent-arrears", "anti-social-behaviour", "hoarding", "property-condition", "mental-health",
                                 "physical-health", "substance-misuse", "domestic-abuse", "isolation", "new-tenancy", "other"]
    static let abuseCategories = ["physical", "domestic", "sexual", "psychological", "financial-material", "modern-slavery",
                                  "discriminatory", "organisational", "neglect-omission", "self-neglect",
                                  "child-neglect", "child-physical", "child-sexual", "child-emotional"]
    static let contributingFactors = ["information-sharing", "risk-assessment", "escalation", "recording", "professional-curiosity",
                                      "supervision", "training", "capacity-workload", "policy-gap", "communication-with-tenant",
                                      "multi-agency-working", "mental-capacity", "other"]
    static let complaintCategories = ["repairs", "damp-mould", "anti-social-behaviour", "staff-conduct", "communication",
                                      "rent-service-charges", "tenancy-management", "safeguarding-response", "neighbourhood", "other"]

    private static let cases: [CaseType] = [.tenancy, .safeguarding, .complaint, .review, .feedback]

    // MARK: §1 Subjects

    static let subjectFields: [FieldSpec] = [
        FieldSpec("kind", .choice(of: ["person", "household"]), required: true),
        FieldSpec("name", .text, required: true, personal: true),
        FieldSpec("dateOfBirth", .date, personal: true),
        FieldSpec("address", .text, personal: true),
        FieldSpec("phone", .text, personal: true),
        FieldSpec("email", .text, personal: true),
        FieldSpec("householdMembers", .subjects(minimum: 0)),
        FieldSpec("supportNeeds", .choices(of: supportNeeds, minimum: 0)),
    ]

    static let subjects: [EventTypeSpec] = [
        EventTypeSpec("subject.registered", on: [.subject], opens: true,
                      "A person or household the organisation works with; their details are personal data.", subjectFields),
        EventTypeSpec("subject.details-changed", on: [.subject], needsSomeField: true,
                      "Any of the subject's details changed; give only what changed.",
                      subjectFields.map { FieldSpec($0.name, $0.kind, personal: $0.isPersonal) }),
        EventTypeSpec("subject.merged", on: [.subject],
                      "The subject is the same person or household as another, which is kept: `caselog find` shows it merged "
                        + "into that one and finds the kept subject by its details too.", [
            FieldSpec("into", .subject, required: true),
        ]),
        EventTypeSpec(erased, on: [.subject], writtenBy: "caselog erase",
                      "The subject's personal data erased (UK GDPR Art. 17): the keys of their stream and of every case about them "
                      + "were destroyed; lists what was erased, never the values.", [
            FieldSpec("reason", .choice(of: ["request", "retention", "legal-obligation", "other"]), required: true),
            FieldSpec("requestRef", .label),
            FieldSpec("cases", .caseReferences(minimum: 0)),
            FieldSpec("sections", .integer(minimum: 0)),
            FieldSpec("reviewsKept", .caseReferences(minimum: 0)),
        ]),
    ]

    /// `subject.erased`, recorded by `caselog erase` (and `retention run`) only.
    public static let erased = "subject.erased"

    // MARK: §2 Every case type

    static let everyCase: [EventTypeSpec] = [
        EventTypeSpec("case.assigned", on: cases, "The case is given to a worker.", [
            FieldSpec("worker", .staffMember, required: true),
        ]),
        EventTypeSpec("case.note-added", on: cases, "A note on the case, at any time.", [
            FieldSpec("text", .text, required: true, personal: true),
        ]),
        EventTypeSpec("case.linked", on: cases, "The case is linked to another case.", [
            FieldSpec("otherCase", .caseReference, required: true),
            FieldSpec("relation", .choice(of: ["related", "caused-by", "duplicate-of", "complaint-about"])),
        ]),
        EventTypeSpec("case.entry-corrected", on: cases,
                      "Corrects an earlier event of this case; both stay in the log and the replay shows both.", [
            FieldSpec("eventId", .eventID, required: true),
            FieldSpec("reason", .text, required: true, personal: true),
            FieldSpec("changes", .changes),
        ]),
        EventTypeSpec(CaseVoids.type, on: cases,
                      "Marks an earlier event of this case as entered in error: it stays in the log and the replay, struck through, "
                      + "but no view, deadline, report or lifecycle counts it. Voiding the opening event voids the whole case.", [
            FieldSpec("eventId", .eventID, required: true),
            FieldSpec("reason", .text, required: true, personal: true),
        ]),
        EventTypeSpec("case.reopened", on: cases, "Reopens a closed case.", [
            FieldSpec("reason", .text, required: true, personal: true),
        ]),
    ]

    // MARK: §3 Tenancy support

    static let tenancy: [EventTypeSpec] = [
        EventTypeSpec("tenancy.referral-received", on: [.tenancy], opens: true, "Opens a tenancy support case.", [
            FieldSpec("household", .subject, required: true),
            FieldSpec("tenancyRef", .label, required: true),
            FieldSpec("source", .choice(of: ["housing-officer", "income-team", "self", "partner-agency", "repairs", "other"])),
            FieldSpec("reasons", .choices(of: tenancyReasons, minimum: 1), required: true),
            FieldSpec("summary", .text, personal: true),
        ]),
        EventTypeSpec("tenancy.needs-assessed", on: [.tenancy], "The household's needs and risk are assessed.", [
            FieldSpec("needs", .choices(of: tenancyReasons, minimum: 1), required: true),
            FieldSpec("riskLevel", .choice(of: ["low", "medium", "high"])),
        ]),
        EventTypeSpec("tenancy.plan-agreed", on: [.tenancy], "A support plan with goals is agreed.", [
            FieldSpec("goals", .records(fields: [
                FieldSpec("goalId", .identifier, required: true),
                FieldSpec("description", .text, personal: true),
                FieldSpec("targetDate", .date),
            ], minimum: 1), required: true),
        ]),
        EventTypeSpec("tenancy.visit-scheduled", on: [.tenancy], "A visit is booked; it is overdue once its due date passes.", [
            FieldSpec("visitId", .identifier, required: true),
            FieldSpec("dueDate", .date, required: true),
            FieldSpec("kind", .choice(of: ["home", "phone", "office"])),
        ]),
        EventTypeSpec("tenancy.visit-completed", on: [.tenancy], "A visit took place (scheduled earlier, or unplanned with a new id).", [
            FieldSpec("visitId", .identifier, required: true),
            FieldSpec("notes", .text, personal: true),
        ]),
        EventTypeSpec("tenancy.visit-missed", on: [.tenancy], "A scheduled visit did not take place.", [
            FieldSpec("visitId", .identifier, required: true),
            FieldSpec("reason", .choice(of: ["no-access", "cancelled-by-tenant", "cancelled-by-staff"])),
        ]),
        EventTypeSpec("tenancy.support-given", on: [.tenancy], "Practical support was given.", [
            FieldSpec("kind", .choice(of: ["food-parcel", "cleaning", "bedding", "furniture", "benefits-advice", "budgeting",
                                           "utility-support", "other"]), required: true),
            FieldSpec("valuePence", .integer(minimum: 0)),
        ]),
        EventTypeSpec("tenancy.referred-on", on: [.tenancy], "The household was referred to another agency.", [
            FieldSpec("agency", .text, required: true, personal: true),
            FieldSpec("reason", .text, personal: true),
        ]),
        EventTypeSpec("tenancy.arrears-recorded", on: [.tenancy], "The rent account balance (positive means owed).", [
            FieldSpec("balancePence", .integer(minimum: nil), required: true),
        ]),
        EventTypeSpec("tenancy.goal-reviewed", on: [.tenancy], "Progress on a goal of the agreed plan.", [
            FieldSpec("goalId", .identifier, required: true),
            FieldSpec("progress", .choice(of: ["achieved", "partly", "not-achieved"]), required: true),
        ]),
        EventTypeSpec("tenancy.case-closed", on: [.tenancy], "Closes the case with its outcome.", [
            FieldSpec("outcome", .choice(of: ["tenancy-sustained", "moved-on-planned", "tenancy-ended", "evicted", "disengaged",
                                              "transferred"]), required: true),
        ]),
        EventTypeSpec("tenancy.sustainment-checked", on: [.tenancy], "Whether the tenancy lasted, 6 or 12 months after close.", [
            FieldSpec("monthsAfterClose", .number(of: [6, 12]), required: true),
            FieldSpec("stillInTenancy", .boolean, required: true),
        ]),
    ]

    // MARK: §4 Safeguarding

    static let safeguarding: [EventTypeSpec] = [
        EventTypeSpec("safeguarding.concern-raised", on: [.safeguarding], opens: true, "Opens a safeguarding concern.", [
            FieldSpec("subject", .subject, required: true),
            FieldSpec("raisedBy", .text, personal: true),
            FieldSpec("categories", .choices(of: abuseCategories, minimum: 1), required: true),
            FieldSpec("immediateRisk", .boolean, required: true),
            FieldSpec("location", .choice(of: ["own-home", "communal-area", "care-setting", "community", "other"])),
            FieldSpec("description", .text, required: true, personal: true),
        ]),
        EventTypeSpec("safeguarding.subject-views-recorded", on: [.safeguarding], needsSomeField: true,
                      "The person's wishes and the outcomes they want (Making Safeguarding Personal).", [
            FieldSpec("wishes", .text, personal: true),
            FieldSpec("outcomesWanted", .text, personal: true),
        ]),
        EventTypeSpec("safeguarding.triaged", on: [.safeguarding], "The concern is triaged, exactly once (a re-triage is a correction).", [
            FieldSpec("riskLevel", .choice(of: ["low", "medium", "high", "critical"]), required: true),
            FieldSpec("decision", .choice(of: ["no-further-action", "internal-support", "refer-local-authority", "refer-police",
                                               "refer-other"]), required: true),
            FieldSpec("rationale", .text, required: true, personal: true),
        ]),
        EventTypeSpec("safeguarding.referred", on: [.safeguarding], "Referred to another agency (after triage).", [
            FieldSpec("agency", .choice(of: ["local-authority", "police", "health", "other"]), required: true),
            FieldSpec("agencyReference", .text, personal: true),
        ]),
        EventTypeSpec("safeguarding.strategy-meeting-held", on: [.safeguarding], "A strategy meeting was held (after triage).", [
            FieldSpec("attendees", .texts(minimum: 1), personal: true),
            FieldSpec("decisions", .text, personal: true),
        ]),
        EventTypeSpec("safeguarding.action-assigned", on: [.safeguarding], "An action with an owner and a due date.", [
            FieldSpec("actionId", .identifier, required: true),
            FieldSpec("owner", .staffMember, required: true),
            FieldSpec("dueDate", .date, required: true),
            FieldSpec("description", .text, personal: true),
        ]),
        EventTypeSpec("safeguarding.action-completed", on: [.safeguarding], "An assigned action was done.", [
            FieldSpec("actionId", .identifier, required: true),
            FieldSpec("evidence", .text, personal: true),
        ]),
        EventTypeSpec("safeguarding.closed", on: [.safeguarding], "Closes the concern (after triage).", [
            FieldSpec("outcome", .choice(of: ["risk-removed", "risk-reduced", "risk-remains"]), required: true),
            FieldSpec("msp", .choice(of: ["fully-achieved", "partly-achieved", "not-achieved", "not-asked"]), required: true),
        ]),
    ]

    // MARK: §4 Panel reviews

    static let reviews: [EventTypeSpec] = [
        EventTypeSpec("review.opened", on: [.review], opens: true, "Opens a panel review of one or more incidents.", [
            FieldSpec("incidents", .caseReferences(minimum: 1), required: true),
            FieldSpec("trigger", .choice(of: ["serious-harm", "death", "near-miss", "complaint", "good-practice"]), required: true),
            FieldSpec("termsOfReference", .text, personal: true),
        ]),
        EventTypeSpec("review.member-added", on: [.review], "A user joins the review's panel: they may read its incidents' replay and record on it.", [
            FieldSpec("member", .staffMember, required: true),
        ]),
        EventTypeSpec("review.finding-recorded", on: [.review], "A finding of the review and what contributed to it.", [
            FieldSpec("findingId", .identifier, required: true),
            FieldSpec("summary", .text, personal: true),
            FieldSpec("contributingFactors", .choices(of: contributingFactors, minimum: 1), required: true),
        ]),
        EventTypeSpec("review.recommendation-made", on: [.review], "A recommendation addressing findings, with an owner and a due date.", [
            FieldSpec("recommendationId", .identifier, required: true),
            FieldSpec("findingIds", .identifiers(minimum: 1), required: true),
            FieldSpec("action", .text, personal: true),
            FieldSpec("owner", .staffMember, required: true),
            FieldSpec("dueDate", .date, required: true),
        ]),
        EventTypeSpec("review.recommendation-implemented", on: [.review], "A recommendation was carried out.", [
            FieldSpec("recommendationId", .identifier, required: true),
            FieldSpec("evidence", .text, personal: true),
        ]),
        EventTypeSpec("review.closed", on: [.review], "Closes the review.", [
            FieldSpec("summary", .text, personal: true),
        ]),
    ]

    // MARK: §5 Complaints

    static let channels = ["phone", "email", "letter", "web", "in-person", "social-media", "representative"]

    static let complaints: [EventTypeSpec] = [
        EventTypeSpec("complaint.received", on: [.complaint], opens: true, "Opens a complaint at stage 1.", [
            FieldSpec("complainant", .subject, required: true),
            FieldSpec("channel", .choice(of: channels)),
            FieldSpec("categories", .choices(of: complaintCategories, minimum: 1), required: true),
            FieldSpec("summary", .text, required: true, personal: true),
            FieldSpec("outcomeSought", .text, personal: true),
        ]),
        EventTypeSpec("complaint.acknowledged", on: [.complaint], "The complaint is acknowledged at its current stage.", [
            FieldSpec("stage", .number(of: [1, 2]), required: true),
        ]),
        EventTypeSpec("complaint.extension-agreed", on: [.complaint], "The response is extended by working days (with the reason).", [
            FieldSpec("stage", .number(of: [1, 2]), required: true),
            FieldSpec("workingDays", .integer(minimum: 1), required: true),
            FieldSpec("reason", .text, required: true, personal: true),
        ]),
        EventTypeSpec("complaint.responded", on: [.complaint], "The response at a stage, with its decision.", [
            FieldSpec("stage", .number(of: [1, 2]), required: true),
            FieldSpec("decision", .choice(of: ["upheld", "partly-upheld", "not-upheld"]), required: true),
            FieldSpec("reasons", .text, personal: true),
        ]),
        EventTypeSpec("complaint.remedy-offered", on: [.complaint], "A remedy offered to the complainant.", [
            FieldSpec("kind", .choice(of: ["apology", "compensation", "repair", "policy-change", "other"]), required: true),
            FieldSpec("amountPence", .integer(minimum: 0)),
        ]),
        EventTypeSpec("complaint.escalated", on: [.complaint], "Moves the complaint to stage 2 (only after a stage 1 response).", [
            FieldSpec("reason", .text, personal: true),
        ]),
        EventTypeSpec("complaint.referred-to-ombudsman", on: [.complaint], "The complainant went to the Housing Ombudsman.", [
            FieldSpec("reference", .text, personal: true),
        ]),
        EventTypeSpec("complaint.withdrawn", on: [.complaint], "The complainant withdrew the complaint; it ends.", [
            FieldSpec("reason", .text, personal: true),
        ]),
        EventTypeSpec("complaint.closed", on: [.complaint], "Closes the complaint (only after the last response).", []),
        EventTypeSpec("complaint.learning-identified", on: [.complaint], "What the complaint taught (\"you said, we did\").", [
            FieldSpec("learningId", .identifier, required: true),
            FieldSpec("youSaid", .text, personal: true),
            FieldSpec("weDid", .text, required: true, published: true),
            FieldSpec("serviceArea", .label),
            FieldSpec("owner", .staffMember, required: true),
            FieldSpec("dueDate", .date, required: true),
        ]),
        EventTypeSpec("complaint.learning-actioned", on: [.complaint], "The planned change was made.", [
            FieldSpec("learningId", .identifier, required: true),
            FieldSpec("evidence", .text, personal: true),
        ]),
    ]

    // MARK: §10 Feedback as dialogue

    static let feedback: [EventTypeSpec] = [
        EventTypeSpec("feedback.received", on: [.feedback], opens: true,
                      "Opens a compliment or a suggestion (beside complaints), about the complaint categories it concerns.", [
            FieldSpec("kind", .choice(of: ["compliment", "suggestion"]), required: true),
            FieldSpec("about", .choices(of: complaintCategories, minimum: 1), required: true),
            FieldSpec("channel", .choice(of: channels)),
            FieldSpec("text", .text, required: true, personal: true),
            FieldSpec("from", .subject),
        ]),
        EventTypeSpec("feedback.acknowledged", on: [.feedback], "The feedback is acknowledged (once, before the response).", []),
        EventTypeSpec("feedback.responded", on: [.feedback],
                      "The organisation's answer; a suggestion's says whether it was adopted (a compliment's carries no adopted).", [
            FieldSpec("text", .text, personal: true),
            FieldSpec("adopted", .boolean),
        ]),
        EventTypeSpec("feedback.closed", on: [.feedback], "Closes the feedback (only after its response).", []),
    ]
}
