import Foundation
@testable import SampleHistory
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

/// An independent reading of DOMAIN.md's rules, applied to a generated history in the order a
/// store would append it. It knows nothing of how the generator works: it sees only the events.
///
/// `problems` collects one line per violation, naming the event and the rule.
struct SampleLifecycleChecker {
    private(set) var problems: [String] = []
    private(set) var eventCount = 0

    private var streams: [String: StreamState] = [:]
    private var eventIDs: Set<String> = []
    private var lastRecordedAt = Int64.min
    private var lastNumbers: [String: Int] = [:]
    private var lastSubjectNumber = 0

    private struct StreamState {
        var kind: String
        var eventIDs: Set<String> = []
        var isClosed = false
        var timesClosed = 0
        // Tenancy support
        var scheduledVisits: Set<String> = []
        var visitOutcomes: Set<String> = []
        var goals: Set<String> = []
        // Safeguarding
        var triageCount = 0
        var actions: Set<String> = []
        var completedActions: Set<String> = []
        // Complaints
        var stage = 1
        var acknowledgedStages: Set<Int> = []
        var respondedStages: Set<Int> = []
        var isWithdrawn = false
        var learning: Set<String> = []
        // Feedback
        var isSuggestion = false
        var feedbackSteps: Set<String> = []
        // Panel reviews
        var findings: Set<String> = []
        var recommendations: Set<String> = []
        var implemented: Set<String> = []
    }

    static let openingTypes = [
        "TS": "tenancy.referral-received", "SG": "safeguarding.concern-raised", "CMP": "complaint.received",
        "PR": "review.opened", "FB": "feedback.received", "P": "subject.registered",
    ]

    static let patterns: [String: String] = [
        "TS": #"^TS-\d{4}-\d{6}$"#, "SG": #"^SG-\d{4}-\d{6}$"#, "CMP": #"^CMP-\d{4}-\d{6}$"#,
        "PR": #"^PR-\d{4}-\d{4}$"#, "FB": #"^FB-\d{4}-\d{6}$"#, "P": #"^P-\d{6}$"#,
    ]

    /// Field rules: the required fields, then every field allowed.
    static let fields: [String: (required: [String], allowed: [String])] = [
        "subject.registered": (["kind", "name"], subjectFields),
        "subject.details-changed": ([], subjectFields),
        "case.assigned": (["worker"], ["worker"]),
        "case.note-added": (["text"], ["text"]),
        "case.linked": (["otherCase", "relation"], ["otherCase", "relation"]),
        "case.entry-corrected": (["eventId", "reason"], ["eventId", "reason", "changes"]),
        "case.reopened": (["reason"], ["reason"]),
        "tenancy.referral-received": (["household", "tenancyRef", "source", "reasons"], ["household", "tenancyRef", "source", "reasons", "summary"]),
        "tenancy.needs-assessed": (["needs", "riskLevel"], ["needs", "riskLevel"]),
        "tenancy.plan-agreed": (["goals"], ["goals"]),
        "tenancy.visit-scheduled": (["visitId", "dueDate", "kind"], ["visitId", "dueDate", "kind"]),
        "tenancy.visit-completed": (["visitId", "notes"], ["visitId", "notes"]),
        "tenancy.visit-missed": (["visitId", "reason"], ["visitId", "reason"]),
        "tenancy.support-given": (["kind"], ["kind", "valuePence"]),
        "tenancy.referred-on": (["agency"], ["agency", "reason"]),
        "tenancy.arrears-recorded": (["balancePence"], ["balancePence"]),
        "tenancy.goal-reviewed": (["goalId", "progress"], ["goalId", "progress"]),
        "tenancy.case-closed": (["outcome"], ["outcome"]),
        "tenancy.sustainment-checked": (["monthsAfterClose", "stillInTenancy"], ["monthsAfterClose", "stillInTenancy"]),
        "safeguarding.concern-raised": (["subject", "categories", "immediateRisk", "description"],
                                        ["subject", "raisedBy", "categories", "immediateRisk", "location", "description"]),
        "safeguarding.subject-views-recorded": ([], ["wishes", "outcomesWanted"]),
        "safeguarding.triaged": (["riskLevel", "decision", "rationale"], ["riskLevel", "decision", "rationale"]),
        "safeguarding.referred": (["agency"], ["agency", "agencyReference"]),
        "safeguarding.strategy-meeting-held": (["attendees"], ["attendees", "decisions"]),
        "safeguarding.action-assigned": (["actionId", "owner", "dueDate"], ["actionId", "owner", "dueDate", "description"]),
        "safeguarding.action-completed": (["actionId"], ["actionId", "evidence"]),
        "safeguarding.closed": (["outcome", "msp"], ["outcome", "msp"]),
        "review.opened": (["incidents", "trigger"], ["incidents", "trigger", "termsOfReference"]),
        "review.finding-recorded": (["findingId", "contributingFactors"], ["findingId", "summary", "contributingFactors"]),
        "review.recommendation-made": (["recommendationId", "findingIds", "owner", "dueDate"],
                                       ["recommendationId", "findingIds", "action", "owner", "dueDate"]),
        "review.recommendation-implemented": (["recommendationId"], ["recommendationId", "evidence"]),
        "review.closed": ([], ["summary"]),
        "complaint.received": (["complainant", "channel", "categories", "summary"],
                               ["complainant", "channel", "categories", "summary", "outcomeSought"]),
        "complaint.acknowledged": (["stage"], ["stage"]),
        "complaint.extension-agreed": (["stage", "workingDays", "reason"], ["stage", "workingDays", "reason"]),
        "complaint.responded": (["stage", "decision"], ["stage", "decision", "reasons"]),
        "complaint.remedy-offered": (["kind"], ["kind", "amountPence"]),
        "complaint.escalated": ([], ["reason"]),
        "complaint.referred-to-ombudsman": ([], ["reference"]),
        "complaint.withdrawn": ([], ["reason"]),
        "complaint.closed": ([], []),
        "complaint.learning-identified": (["learningId", "youSaid", "weDid", "serviceArea", "owner", "dueDate"],
                                          ["learningId", "youSaid", "weDid", "serviceArea", "owner", "dueDate"]),
        "complaint.learning-actioned": (["learningId"], ["learningId", "evidence"]),
        "feedback.received": (["kind", "about", "channel", "text"], ["kind", "about", "channel", "text", "from"]),
        "feedback.acknowledged": ([], []),
        "feedback.responded": (["text"], ["text", "adopted"]),
        "feedback.closed": ([], []),
    ]

    static let subjectFields = ["kind", "name", "dateOfBirth", "address", "phone", "email", "householdMembers", "supportNeeds"]

    /// Enumerated values, by `type/field`.
    static let enumerations: [String: Set<String>] = [
        "subject.registered/kind": ["person", "household"],
        "subject.details-changed/kind": ["person", "household"],
        "subject.registered/supportNeeds": supportNeeds,
        "subject.details-changed/supportNeeds": supportNeeds,
        "case.linked/relation": ["related", "caused-by", "duplicate-of", "complaint-about"],
        "tenancy.referral-received/source": ["housing-officer", "income-team", "self", "partner-agency", "repairs", "other"],
        "tenancy.referral-received/reasons": tenancyReasons,
        "tenancy.needs-assessed/needs": tenancyReasons,
        "tenancy.needs-assessed/riskLevel": ["low", "medium", "high"],
        "tenancy.visit-scheduled/kind": ["home", "phone", "office"],
        "tenancy.visit-missed/reason": ["no-access", "cancelled-by-tenant", "cancelled-by-staff"],
        "tenancy.support-given/kind": ["food-parcel", "cleaning", "bedding", "furniture", "benefits-advice", "budgeting", "utility-support", "other"],
        "tenancy.goal-reviewed/progress": ["achieved", "partly", "not-achieved"],
        "tenancy.case-closed/outcome": ["tenancy-sustained", "moved-on-planned", "tenancy-ended", "evicted", "disengaged", "transferred"],
        "safeguarding.concern-raised/categories": [
            "physical", "domestic", "sexual", "psychological", "financial-material", "modern-slavery", "discriminatory",
            "organisational", "neglect-omission", "self-neglect", "child-neglect", "child-physical", "child-sexual", "child-emotional",
        ],
        "safeguarding.concern-raised/location": ["own-home", "communal-area", "care-setting", "community", "other"],
        "safeguarding.triaged/riskLevel": ["low", "medium", "high", "critical"],
        "safeguarding.triaged/decision": ["no-further-action", "internal-support", "refer-local-authority", "refer-police", "refer-other"],
        "safeguarding.referred/agency": ["local-authority", "police", "health", "other"],
        "safeguarding.closed/outcome": ["risk-removed", "risk-reduced", "risk-remains"],
        "safeguarding.closed/msp": ["fully-achieved", "partly-achieved", "not-achieved", "not-asked"],
        "review.opened/trigger": ["serious-harm", "death", "near-miss", "complaint", "good-practice"],
        "review.finding-recorded/contributingFactors": [
            "information-sharing", "risk-assessment", "escalation", "recording", "professional-curiosity", "supervision",
            "training", "capacity-workload", "policy-gap", "communication-with-tenant", "multi-agency-working", "mental-capacity", "other",
        ],
        "complaint.received/channel": ["phone", "email", "letter", "web", "in-person", "social-media", "representative"],
        "feedback.received/channel": ["phone", "email", "letter", "web", "in-person", "social-media", "representative"],
        "feedback.received/kind": ["compliment", "suggestion"],
        "complaint.received/categories": [
            "repairs", "damp-mould", "anti-social-behaviour", "staff-conduct", "communication", "rent-service-charges",
            "tenancy-management", "safeguarding-response", "neighbourhood", "other",
        ],
        "complaint.responded/decision": ["upheld", "partly-upheld", "not-upheld"],
        "feedback.received/about": [
            "repairs", "damp-mould", "anti-social-behaviour", "staff-conduct", "communication", "rent-service-charges",
            "tenancy-management", "safeguarding-response", "neighbourhood", "other",
        ],
        "complaint.remedy-offered/kind": ["apology", "compensation", "repair", "policy-change", "other"],
    ]

    static let supportNeeds: Set<String> = ["mobility", "sight", "hearing", "learning-disability", "mental-health", "language", "other"]

    static let tenancyReasons: Set<String> = [
        "rent-arrears", "anti-social-behaviour", "hoarding", "property-condition", "mental-health", "physical-health",
        "substance-misuse", "domestic-abuse", "isolation", "new-tenancy", "other",
    ]

    /// Types allowed on a closed stream (without a reopening first).
    static let allowedAfterClose: Set<String> = [
        "tenancy.sustainment-checked", "case.note-added", "case.linked", "case.entry-corrected", "case.reopened",
    ]

    // MARK: Checking

    mutating func check(_ event: SampleEvent) {
        eventCount += 1
        var found: [String] = []
        func fail(_ message: String) {
            found.append("\(event.caseReference) \(event.type) \(event.id): \(message)")
        }
        defer { problems += found }
        if event.recordedAt.microseconds < lastRecordedAt { fail("recordedAt goes backwards") }
        lastRecordedAt = event.recordedAt.microseconds
        if event.occurredAt.microseconds > event.recordedAt.microseconds + 300_000_000 {
            fail("occurredAt is more than 5 minutes after recordedAt")
        }
        if !eventIDs.insert(event.id).inserted { fail("duplicate event id") }

        guard let data = (try? JSONSerialization.jsonObject(with: Data(event.dataJSON.utf8))) as? [String: Any] else {
            return fail("data is not a JSON object")
        }
        checkFields(event, data, fail)

        let prefix = String(event.caseReference.prefix { $0 != "-" })
        guard let pattern = Self.patterns[prefix], event.caseReference.range(of: pattern, options: .regularExpression) != nil else {
            return fail("reference does not match its pattern")
        }
        var state: StreamState
        if let existing = streams[event.caseReference] {
            state = existing
            if event.type == Self.openingTypes[prefix] { fail("opening event repeated") }
        } else {
            guard event.type == Self.openingTypes[prefix] else { return fail("first event of the stream is not its opening event") }
            checkNumbering(event, prefix: prefix, fail)
            state = StreamState(kind: prefix)
        }

        checkReferences(event, data, fail)
        if prefix == "P" {
            if !event.type.hasPrefix("subject.") { fail("a subject stream holds only subject events") }
        } else {
            if event.type.hasPrefix("subject.") { fail("subject event on a case stream") }
            checkLifecycle(event, data, &state, fail)
        }
        state.eventIDs.insert(event.id)
        streams[event.caseReference] = state
    }

    private func checkFields(_ event: SampleEvent, _ data: [String: Any], _ fail: (String) -> Void) {
        guard let rule = Self.fields[event.type] else { return fail("unknown event type") }
        for field in rule.required where data[field] == nil { fail("missing required field \(field)") }
        for field in data.keys where !rule.allowed.contains(field) { fail("unexpected field \(field)") }
        for (field, value) in data {
            if let allowed = Self.enumerations["\(event.type)/\(field)"] {
                let values = (value as? [String]) ?? [(value as? String) ?? "?"]
                if values.isEmpty { fail("\(field) is empty") }
                for value in values where !allowed.contains(value) { fail("\(field) has \(value), not one of the list") }
            }
            if ["dueDate", "dateOfBirth", "targetDate"].contains(field),
               (value as? String)?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                fail("\(field) is not a date")
            }
            if ["valuePence", "amountPence", "balancePence", "workingDays", "stage", "monthsAfterClose"].contains(field) {
                if value as? Int == nil || event.dataJSON.contains("\"\(field)\":true") || event.dataJSON.contains("\"\(field)\":false") {
                    fail("\(field) is not an integer")
                }
            }
            if ["immediateRisk", "stillInTenancy", "adopted"].contains(field),
               !event.dataJSON.contains("\"\(field)\":true") && !event.dataJSON.contains("\"\(field)\":false") {
                fail("\(field) is not a Boolean")
            }
        }
        if let value = data["valuePence"] as? Int, value < 0 { fail("valuePence is negative") }
        if let value = data["amountPence"] as? Int, value < 0 { fail("amountPence is negative") }
        if let value = data["workingDays"] as? Int, value < 1 { fail("workingDays below 1") }
        if let stage = data["stage"] as? Int, stage != 1 && stage != 2 { fail("stage is not 1 or 2") }
        if let months = data["monthsAfterClose"] as? Int, months != 6 && months != 12 { fail("monthsAfterClose is not 6 or 12") }
        if event.type == "tenancy.plan-agreed" {
            let goals = data["goals"] as? [[String: Any]] ?? []
            if goals.isEmpty { fail("no goals") }
            for goal in goals where goal["goalId"] as? String == nil || goal["description"] as? String == nil
                || (goal["targetDate"] as? String)?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                fail("goal without goalId, description or a targetDate")
            }
        }
        for field in ["reasons", "needs", "categories", "incidents", "findingIds", "contributingFactors", "about"] {
            if let values = data[field] as? [String], values.isEmpty { fail("\(field) is empty") }
        }
    }

    private mutating func checkNumbering(_ event: SampleEvent, prefix: String, _ fail: (String) -> Void) {
        let parts = event.caseReference.split(separator: "-")
        if prefix == "P" {
            let number = Int(parts[1])!
            if number != lastSubjectNumber + 1 { fail("subject number \(number) does not follow \(lastSubjectNumber)") }
            lastSubjectNumber = number
            return
        }
        let year = String(parts[1])
        if year != String(event.occurredAt.utcComponents.year) { fail("reference year is not the year of occurredAt") }
        let key = "\(prefix)-\(year)"
        let number = Int(parts[2])!
        if number != (lastNumbers[key] ?? 0) + 1 { fail("number \(number) does not follow \(lastNumbers[key] ?? 0)") }
        lastNumbers[key] = number
    }

    private func checkReferences(_ event: SampleEvent, _ data: [String: Any], _ fail: (String) -> Void) {
        var subjects: [String] = []
        for field in ["household", "subject", "complainant", "from"] { if let value = data[field] as? String { subjects.append(value) } }
        subjects += data["householdMembers"] as? [String] ?? []
        for subject in subjects where streams[subject] == nil || !subject.hasPrefix("P-") {
            fail("names subject \(subject) before it is registered")
        }
        var cases: [String] = data["incidents"] as? [String] ?? []
        if let other = data["otherCase"] as? String { cases.append(other) }
        for other in cases where streams[other] == nil || other.hasPrefix("P-") {
            fail("names case \(other) before it exists")
        }
        if let other = data["otherCase"] as? String, other == event.caseReference { fail("links a case to itself") }
    }

    private func checkLifecycle(_ event: SampleEvent, _ data: [String: Any], _ state: inout StreamState,
                                _ fail: (String) -> Void) {
        if (state.isClosed || state.isWithdrawn) && !Self.allowedAfterClose.contains(event.type) {
            fail("\(event.type) after the case was closed")
        }
        if event.type == "tenancy.sustainment-checked" && !(state.kind == "TS" && state.isClosed) {
            fail("sustainment check on a case that is not closed")
        }
        let expectedFamily = ["TS": "tenancy.", "SG": "safeguarding.", "CMP": "complaint.", "PR": "review.", "FB": "feedback."][state.kind]!
        if !event.type.hasPrefix("case.") && !event.type.hasPrefix(expectedFamily) { fail("event type does not belong to the case type") }

        switch event.type {
        case "case.entry-corrected":
            if !state.eventIDs.contains(data["eventId"] as? String ?? "") { fail("corrects an event that is not earlier in this case") }
        case "case.reopened":
            if !state.isClosed || state.isWithdrawn { fail("reopened a case that is not closed") }
            state.isClosed = false
        case "tenancy.visit-scheduled":
            if !state.scheduledVisits.insert(data["visitId"] as! String).inserted { fail("visit id scheduled twice") }
        case "tenancy.visit-completed", "tenancy.visit-missed":
            let visitID = data["visitId"] as! String
            if event.type == "tenancy.visit-missed" && !state.scheduledVisits.contains(visitID) { fail("missed visit \(visitID) was never scheduled") }
            if !state.visitOutcomes.insert(visitID).inserted { fail("visit \(visitID) has two outcomes") }
        case "tenancy.plan-agreed":
            for goal in data["goals"] as? [[String: Any]] ?? [] { state.goals.insert(goal["goalId"] as? String ?? "") }
        case "tenancy.goal-reviewed":
            if !state.goals.contains(data["goalId"] as! String) { fail("reviews a goal never agreed") }
        case "tenancy.case-closed", "safeguarding.closed", "review.closed":
            state.isClosed = true
            state.timesClosed += 1
            if event.type == "safeguarding.closed" && state.triageCount != 1 { fail("closed before triage") }
        case "safeguarding.triaged":
            state.triageCount += 1
            if state.triageCount > 1 { fail("triaged twice") }
        case "safeguarding.referred", "safeguarding.strategy-meeting-held", "safeguarding.action-assigned",
             "safeguarding.subject-views-recorded":
            if state.triageCount != 1 { fail("\(event.type) before triage") }
            if event.type == "safeguarding.action-assigned", !state.actions.insert(data["actionId"] as! String).inserted {
                fail("action id assigned twice")
            }
        case "safeguarding.action-completed":
            let actionID = data["actionId"] as! String
            if !state.actions.contains(actionID) { fail("completes action \(actionID) never assigned") }
            if !state.completedActions.insert(actionID).inserted { fail("action \(actionID) completed twice") }
        case "complaint.acknowledged":
            let stage = data["stage"] as! Int
            if stage != state.stage { fail("acknowledges stage \(stage) while at stage \(state.stage)") }
            if !state.acknowledgedStages.insert(stage).inserted { fail("stage \(stage) acknowledged twice") }
        case "complaint.extension-agreed":
            let stage = data["stage"] as! Int
            if stage != state.stage || state.respondedStages.contains(stage) { fail("extension for a stage not awaiting a response") }
        case "complaint.responded":
            let stage = data["stage"] as! Int
            if stage != state.stage { fail("responds to stage \(stage) while at stage \(state.stage)") }
            if !state.acknowledgedStages.contains(stage) { fail("responds before acknowledging") }
            if !state.respondedStages.insert(stage).inserted { fail("stage \(stage) responded twice") }
        case "complaint.remedy-offered":
            if state.respondedStages.isEmpty { fail("remedy before any response") }
            if data["kind"] as? String == "compensation" && data["amountPence"] == nil { fail("compensation without an amount") }
        case "complaint.escalated":
            if !state.respondedStages.contains(1) || state.stage != 1 { fail("escalated without a stage 1 response") }
            state.stage = 2
        case "complaint.referred-to-ombudsman":
            if state.respondedStages.isEmpty { fail("referred to the Ombudsman before any response") }
        case "complaint.withdrawn":
            if state.respondedStages.contains(state.stage) { fail("withdrawn after the last response") }
            state.isWithdrawn = true
        case "complaint.closed":
            if !state.respondedStages.contains(state.stage) { fail("closed before the last response") }
            state.isClosed = true
        case "complaint.learning-identified":
            if !state.learning.insert(data["learningId"] as! String).inserted { fail("learning id identified twice") }
        case "complaint.learning-actioned":
            if !state.learning.contains(data["learningId"] as! String) { fail("actions learning never identified") }
        case "feedback.received":
            state.isSuggestion = data["kind"] as? String == "suggestion"
        case "feedback.acknowledged":
            if state.feedbackSteps.contains("responded") { fail("acknowledged after the response") }
            if !state.feedbackSteps.insert("acknowledged").inserted { fail("feedback acknowledged twice") }
        case "feedback.responded":
            if !state.feedbackSteps.insert("responded").inserted { fail("feedback responded to twice") }
            if state.isSuggestion != (data["adopted"] != nil) { fail("adopted given for a compliment or missing for a suggestion") }
        case "feedback.closed":
            if !state.feedbackSteps.contains("responded") { fail("feedback closed before its response") }
            state.isClosed = true
        case "review.finding-recorded":
            if !state.findings.insert(data["findingId"] as! String).inserted { fail("finding id recorded twice") }
        case "review.recommendation-made":
            for findingID in data["findingIds"] as? [String] ?? [] where !state.findings.contains(findingID) {
                fail("recommendation names finding \(findingID) not recorded earlier")
            }
            if !state.recommendations.insert(data["recommendationId"] as! String).inserted { fail("recommendation id made twice") }
        case "review.recommendation-implemented":
            let recommendationID = data["recommendationId"] as! String
            if !state.recommendations.contains(recommendationID) { fail("implements recommendation never made") }
            if !state.implemented.insert(recommendationID).inserted { fail("recommendation implemented twice") }
        default:
            break
        }
    }
}
