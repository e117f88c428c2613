import Casework
/// One safeguarding concern: raised, triaged once (mostly within target, sometimes late), then
/// the subject's views, referrals to other agencies, strategy meetings and actions (most done on
/// time, some late, some never) until it is closed with an outcome and a Making Safeguarding
/// Personal result.
final class SampleSafeguardingCase: SampleCaseScript {
    enum Intent {
        case open, assign, triage, views, refer(Agency), strategyMeeting, assignAction, completeAction(Int)
        case note, linkTenancy, close, correct(Int)
    }

    enum Agency: String {
        case localAuthority = "local-authority", police, health, other
    }

    var intents = SampleIntentQueue<Intent>()
    static var opening: Intent { .open }
    private var corrections = SamplePlannedCorrections()
    private var stream = SampleStream.unopened
    private var subject: SampleSubject?
    private var household: SampleSubject?
    private var immediateRisk = false
    private var openedAt: Int64 = 0
    private var riskLevel = "low"
    private var decision = "no-further-action"
    private var actionCount = 0
    private var hasViews = false
    private var isTriaged = false
    private var wasTriagedLate = false

    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        switch intent {
        case .open: open(simulator, at: time)
        case .assign: simulator.recordAssignment(simulator.random.pick(SampleVocabulary.safeguardingWorkers), on: &stream, at: time)
        case .triage: triage(simulator, at: time)
        case .views:
            hasViews = true
            var data = SampleJSONObject(capacity: 160)
            data.add("wishes", simulator.random.pick(SampleSafeguardingTexts.wishes))
            data.add("outcomesWanted", simulator.random.pick(SampleSafeguardingTexts.outcomesWanted))
            simulator.record("safeguarding.subject-views-recorded", on: &stream, at: time, data: data.finish())
        case .refer(let agency): refer(to: agency.rawValue, simulator, at: time)
        case .strategyMeeting: holdStrategyMeeting(simulator, at: time)
        case .assignAction: assignAction(simulator, at: time)
        case .completeAction(let actionNumber):
            var data = SampleJSONObject(capacity: 96)
            data.add("actionId", "A\(actionNumber)")
            data.add("evidence", simulator.random.pick(SampleSafeguardingTexts.evidence))
            simulator.record("safeguarding.action-completed", on: &stream, at: time, data: data.finish())
        case .note: simulator.recordNote(simulator.random.paragraph(SampleSafeguardingTexts.notes, count: simulator.random.int(1...3)),
                                         on: &stream, at: time)
        case .linkTenancy:
            if let tenancy = household?.tenancyCase {
                simulator.recordLink(to: tenancy, relation: simulator.random.chance(0.6) ? "caused-by" : "related",
                                     on: &stream, at: time)
            }
        case .close: close(simulator, at: time)
        case .correct(let number): simulator.recordCorrection(corrections.take(number), on: &stream, at: time)
        }
        // Closed once nothing but corrections is left to do.
        if isTriaged && !stream.isClosed && !intents.contains(where: { if case .correct = $0 { false } else { true } }) {
            let days = decision == "no-further-action" ? simulator.random.int(0...3) : simulator.random.int(2...15)
            intents.add(.close, at: simulator.officeTime(workingDays: days, after: time))
        }
    }

    private func open(_ simulator: SampleSimulator, at time: Int64) {
        openedAt = time
        let isChild = simulator.random.chance(0.12)
        let (person, household) = simulator.personForConcern(at: time, isChild: isChild)
        subject = person
        self.household = household
        immediateRisk = simulator.random.chance(0.15)
        let categories = simulator.random.weightedDistinct(
            isChild ? SampleSafeguardingTexts.childCategories : SampleSafeguardingTexts.adultCategories,
            count: simulator.random.weightedIndex([70, 25, 5]) + 1)
        var data = SampleJSONObject(capacity: 360)
        data.add("subject", person.stream.reference)
        data.add("raisedBy", simulator.random.weighted(SampleSafeguardingTexts.raisedBy))
        data.add("categories", strings: categories)
        data.add("immediateRisk", immediateRisk)
        data.add("location", simulator.random.weighted(SampleSafeguardingTexts.locations))
        var description = SampleSafeguardingTexts.description(for: categories[0])
        if simulator.random.chance(0.6) { description += " " + simulator.random.pick(SampleSafeguardingTexts.context) }
        data.add("description", description)
        stream = simulator.open(.safeguarding, "safeguarding.concern-raised", at: time, data: data.finish(),
                                after: person.stream.openedRecordedAt)
        person.safeguardingCase = stream.handle
        household?.safeguardingCase = stream.handle
        simulator.recentSafeguardingCases.append(stream.handle)

        let minute = SampleCalendar.minuteOfDay(of: time)
        let isOfficeHours = simulator.calendar.isWorkingDay(SampleCalendar.localDay(of: time)) && minute >= 510 && minute < 1_050
        intents.add(.assign, at: isOfficeHours
            ? simulator.minutes(5...60, after: time)
            : simulator.officeTime(workingDays: 0, after: time))
        let triageTime: Int64
        if immediateRisk {
            triageTime = simulator.random.chance(0.85)
                ? simulator.minutes(20...180, after: time)
                : simulator.officeTime(workingDays: simulator.random.int(1...2), after: time)
        } else if simulator.random.chance(0.8) {
            triageTime = simulator.officeTime(workingDays: simulator.random.int(0...1), after: time)
        } else {
            wasTriagedLate = true
            triageTime = simulator.officeTime(workingDays: simulator.random.int(2...5), after: time)
        }
        intents.add(.triage, at: triageTime)
        if household?.tenancyCase != nil && simulator.random.chance(0.35) {
            intents.add(.linkTenancy, at: simulator.minutes(60...4_320, after: time))
        }
    }

    private func triage(_ simulator: SampleSimulator, at time: Int64) {
        isTriaged = true
        riskLevel = immediateRisk
            ? simulator.random.weighted([("critical", 40), ("high", 50), ("medium", 10)])
            : simulator.random.weighted([("low", 35), ("medium", 45), ("high", 18), ("critical", 2)])
        decision = switch riskLevel {
        case "low": simulator.random.weighted([("no-further-action", 45), ("internal-support", 45), ("refer-local-authority", 8), ("refer-other", 2)])
        case "medium": simulator.random.weighted([("no-further-action", 10), ("internal-support", 45), ("refer-local-authority", 35), ("refer-police", 5), ("refer-other", 5)])
        case "high": simulator.random.weighted([("internal-support", 15), ("refer-local-authority", 50), ("refer-police", 25), ("refer-other", 10)])
        default: simulator.random.weighted([("refer-local-authority", 40), ("refer-police", 55), ("refer-other", 5)])
        }
        var data = SampleJSONObject(capacity: 200)
        data.add("riskLevel", riskLevel)
        data.add("decision", decision)
        var rationale = simulator.random.pick(SampleSafeguardingTexts.rationales(for: decision))
        if simulator.random.chance(0.6) { rationale += " " + simulator.random.pick(SampleSafeguardingTexts.rationaleContext) }
        data.add("rationale", rationale)
        let eventID = simulator.record("safeguarding.triaged", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            let retriaged = riskLevel == "critical" ? "high" : riskLevel == "low" ? "medium" : "critical"
            let correction = SampleCorrection(eventID: eventID, reason: "Re-triaged after new information from the police",
                                              changesJSON: "{\"riskLevel\":\"\(retriaged)\"}")
            intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: time))
        }
        if (riskLevel == "critical" && wasTriagedLate) || (riskLevel == "critical" && simulator.random.chance(0.2)) {
            simulator.reviewCandidates.append(stream.handle)
        }

        if simulator.random.chance(decision == "no-further-action" ? 0.35 : 0.72) {
            intents.add(.views, at: simulator.officeTime(days: simulator.random.int(1...7), after: time))
        }
        let agency: Agency? = switch decision {
        case "refer-local-authority": .localAuthority
        case "refer-police": .police
        case "refer-other": simulator.random.chance(0.6) ? .health : .other
        default: nil
        }
        var actionsFrom = time
        if let agency {
            intents.add(.refer(agency), at: simulator.random.chance(0.7)
                ? simulator.minutes(15...180, after: time)
                : simulator.officeTime(workingDays: simulator.random.int(1...2), after: time))
            if simulator.random.chance(0.15) {
                intents.add(.refer(simulator.random.pick([.health, .localAuthority, .other])),
                            at: simulator.officeTime(days: simulator.random.int(3...20), after: time))
            }
            if (riskLevel == "high" || riskLevel == "critical") && simulator.random.chance(0.55) {
                actionsFrom = simulator.officeTime(workingDays: simulator.random.int(1...5), after: time)
                intents.add(.strategyMeeting, at: actionsFrom)
            }
        }
        let actions = decision == "no-further-action" ? 0
            : agency == nil ? simulator.random.int(1...2) : simulator.random.int(1...4)
        for _ in 0..<actions {
            intents.add(.assignAction, at: simulator.minutes(10...2_880, after: actionsFrom))
        }
        for _ in 0..<simulator.random.weightedIndex([45, 35, 20]) {
            intents.add(.note, at: simulator.officeTime(days: simulator.random.int(1...20), after: time))
        }
    }

    private func refer(to agency: String, _ simulator: SampleSimulator, at time: Int64) {
        let year = simulator.dateText(time).prefix(4).suffix(2)
        let reference = switch agency {
        case "local-authority": "ASC-\(year)-\(SampleReferenceKind.padded(simulator.random.below(100_000), 5))"
        case "police": "WYP-\(year)-\(SampleReferenceKind.padded(simulator.random.below(1_000_000), 6))"
        case "health": "NHS-SG-\(SampleReferenceKind.padded(simulator.random.below(100_000), 5))"
        default: "REF-\(SampleReferenceKind.padded(simulator.random.below(100_000), 5))"
        }
        var data = SampleJSONObject(capacity: 80)
        data.add("agency", agency)
        data.add("agencyReference", reference)
        simulator.record("safeguarding.referred", on: &stream, at: time, data: data.finish())
    }

    private func holdStrategyMeeting(_ simulator: SampleSimulator, at time: Int64) {
        var attendees = ["housing safeguarding lead"]
        for attendee in SampleSafeguardingTexts.attendees.dropFirst() where simulator.random.chance(0.35) {
            attendees.append(attendee)
        }
        if attendees.count == 1 { attendees.append(decision == "refer-police" ? "police" : "adult social care") }
        var data = SampleJSONObject(capacity: 260)
        data.add("attendees", strings: attendees)
        data.add("decisions", simulator.random.pick(SampleSafeguardingTexts.meetingDecisions))
        simulator.record("safeguarding.strategy-meeting-held", on: &stream, at: time, data: data.finish())
    }

    private func assignAction(_ simulator: SampleSimulator, at time: Int64) {
        actionCount += 1
        let actionID = "A\(actionCount)"
        let workingDays = simulator.random.int(3...15)
        let dueDay = simulator.calendar.workingDay(workingDays, after: SampleCalendar.localDay(of: time))
        var data = SampleJSONObject(capacity: 160)
        data.add("actionId", actionID)
        data.add("owner", simulator.random.chance(0.8)
            ? simulator.random.pick(SampleVocabulary.safeguardingWorkers + SampleVocabulary.supportWorkers)
            : simulator.random.pick(["adult social care", "police", "repairs team"]))
        data.add("dueDate", SampleCalendar.dateText(dueDay))
        data.add("description", simulator.random.pick(SampleSafeguardingTexts.actions))
        let eventID = simulator.record("safeguarding.action-assigned", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            let correction = SampleCorrection(eventID: eventID, reason: "Due date agreed at the meeting was later",
                                              changesJSON: "{\"dueDate\":\"\(SampleCalendar.dateText(dueDay + 7))\"}")
            intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: time))
        }
        let draw = simulator.random.unit()
        if draw < 0.68 {
            let day = SampleCalendar.localDay(of: time) + 1 + simulator.random.below(max(1, dueDay - SampleCalendar.localDay(of: time)))
            intents.add(.completeAction(actionCount), at: simulator.officeTime(on: simulator.calendar.workingDay(onOrAfter: day)))
        } else if draw < 0.88 {
            let day = simulator.calendar.workingDay(simulator.random.int(1...15), after: dueDay)
            intents.add(.completeAction(actionCount), at: simulator.officeTime(on: day))
        }
    }

    private func close(_ simulator: SampleSimulator, at time: Int64) {
        let outcome = decision == "no-further-action"
            ? simulator.random.weighted([("risk-removed", 60), ("risk-reduced", 40)])
            : simulator.random.weighted([("risk-removed", 33), ("risk-reduced", 50), ("risk-remains", 17)])
        let msp = hasViews
            ? simulator.random.weighted([("fully-achieved", 45), ("partly-achieved", 35), ("not-achieved", 12), ("not-asked", 8)])
            : simulator.random.weighted([("not-asked", 75), ("partly-achieved", 15), ("fully-achieved", 10)])
        var data = SampleJSONObject(capacity: 64)
        data.add("outcome", outcome)
        data.add("msp", msp)
        simulator.record("safeguarding.closed", on: &stream, at: time, data: data.finish())
        stream.isClosed = true
        intents.removeAll { if case .correct = $0 { false } else { true } }
        if outcome == "risk-remains" && simulator.random.chance(0.5) {
            simulator.reviewCandidates.append(stream.handle)
        }
    }
}
