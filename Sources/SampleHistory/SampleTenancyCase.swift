import Casework
/// One tenancy support case, from referral to close and the sustainment checks 6 and 12 months
/// later: assessment, a plan with goals, visits every few days to weeks (most completed, some
/// missed, a few never recorded and so left overdue), practical support, referrals on, arrears,
/// goal reviews, notes, corrections, and now and then a reopening.
final class SampleTenancyCase: SampleCaseScript {
    enum Intent {
        case open, assign, assess, agreePlan, scheduleVisit, visitDue(Int), unplannedVisit(continuesCycle: Bool), support, referOn
        case arrears, reviewGoal(Int), note, firstContact, reassign, linkSafeguarding, close, sustainment(Int), reopen
        case correct(Int)

        /// Whether the intent may still happen once the case is closed (DOMAIN.md §3).
        var isAllowedAfterClose: Bool {
            switch self {
            case .correct, .sustainment, .reopen: true
            default: false
            }
        }
    }

    var intents = SampleIntentQueue<Intent>()
    static var opening: Intent { .open }
    private var corrections = SamplePlannedCorrections()
    private var stream = SampleStream.unopened
    private var household: SampleSubject?
    private var worker = ""
    private var reasons: [String] = []
    private var riskLevel = "medium"
    private var goalIDs: [String] = []
    private var reviewedGoalIDs: [String] = []
    private var visitCount = 0
    private var completedVisits = 0
    private var missedVisits = 0
    private var missedInARow = 0
    private var closeAt: Int64 = 0
    private var closedAt: Int64 = 0
    private var timesClosed = 0
    private var arrearsPence = 0
    private var hasDisengaged = false

    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        switch intent {
        case .assign: simulator.recordAssignment(worker, on: &stream, at: time)
        case .open: open(simulator, at: time)
        case .reassign:
            worker = simulator.random.pick(SampleVocabulary.supportWorkers)
            simulator.recordAssignment(worker, on: &stream, at: time)
        case .assess: assess(simulator, at: time)
        case .agreePlan: agreePlan(simulator, at: time)
        case .scheduleVisit: scheduleVisit(simulator, at: time)
        case .visitDue(let visitNumber): visitDue("V\(visitNumber)", simulator, at: time)
        case .unplannedVisit(let continuesCycle):
            visitCount += 1
            completeVisit("V\(visitCount)", simulator, at: time)
            if continuesCycle { planNextVisit(simulator, after: time) }
        case .support: giveSupport(simulator, at: time)
        case .referOn:
            var data = SampleJSONObject(capacity: 128)
            data.add("agency", simulator.random.weighted(SampleTenancyTexts.agencies))
            data.add("reason", simulator.random.pick(SampleTenancyTexts.referralReasons))
            simulator.record("tenancy.referred-on", on: &stream, at: time, data: data.finish())
        case .arrears: recordArrears(simulator, at: time)
        case .reviewGoal(let goalIndex): reviewGoal(goalIDs[goalIndex], simulator, at: time)
        case .note:
            let sentences = simulator.random.weightedIndex([12, 45, 43]) + 1
            simulator.recordNote(simulator.random.paragraph(SampleTenancyTexts.caseNoteSentences, count: sentences), on: &stream, at: time)
        case .firstContact:
            var text = simulator.random.pick(SampleTenancyTexts.firstContactSentences)
            text += " " + simulator.random.pick(SampleTenancyTexts.caseNoteSentences)
            simulator.recordNote(text, on: &stream, at: time)
        case .linkSafeguarding:
            if let concern = household?.safeguardingCase {
                simulator.recordLink(to: concern, relation: "related", on: &stream, at: time)
            }
        case .close: close(simulator, at: time)
        case .sustainment(let months): checkSustainment(months, simulator, at: time)
        case .reopen: reopen(simulator, at: time)
        case .correct(let number): simulator.recordCorrection(corrections.take(number), on: &stream, at: time)
        }
    }

    private func open(_ simulator: SampleSimulator, at time: Int64) {
        let household = simulator.householdForReferral(at: time)
        self.household = household
        worker = simulator.random.pick(SampleVocabulary.supportWorkers)
        let source = simulator.random.weighted(SampleTenancyTexts.sources)
        reasons = simulator.random.weightedDistinct(SampleTenancyTexts.reasons, count: simulator.random.weightedIndex([55, 35, 10]) + 1)
        if source == "income-team" && !reasons.contains("rent-arrears") { reasons.insert("rent-arrears", at: 0) }
        var data = SampleJSONObject(capacity: 320)
        data.add("household", household.stream.reference)
        data.add("tenancyRef", household.tenancyRef)
        data.add("source", source)
        data.add("reasons", strings: reasons)
        var summary = SampleTenancyTexts.summary(for: reasons[0])
        if simulator.random.chance(0.6) { summary += " " + simulator.random.pick(SampleTenancyTexts.referralContext) }
        data.add("summary", summary)
        stream = simulator.open(.tenancy, "tenancy.referral-received", at: time, data: data.finish(),
                                after: household.stream.openedRecordedAt)
        household.tenancyCase = stream.handle
        household.hasOpenTenancyCase = true
        simulator.recentTenancyCases.append(stream.handle)

        intents.add(.assign, at: simulator.minutes(5...120, after: time))
        let assessment = simulator.officeTime(workingDays: simulator.random.int(1...8), after: time)
        intents.add(.assess, at: assessment)
        if simulator.random.chance(0.8) {
            intents.add(.firstContact, at: min(simulator.officeTime(workingDays: 0, after: time), assessment - SampleCalendar.microsecondsPerMinute))
        }
        if household.safeguardingCase != nil && simulator.random.chance(0.3) {
            intents.add(.linkSafeguarding, at: simulator.minutes(30...2_880, after: time))
        }
        // A household known from before often has a new phone number or email by now.
        if household.stream.openedRecordedAt < time - 30 * SampleCalendar.microsecondsPerDay && simulator.random.chance(0.4) {
            simulator.changeSubjectDetails(household, at: simulator.minutes(1...40, after: time))
        }
    }

    private func assess(_ simulator: SampleSimulator, at time: Int64) {
        var needs = reasons
        if simulator.random.chance(0.35) {
            let extra = simulator.random.weighted(SampleTenancyTexts.reasons)
            if !needs.contains(extra) { needs.append(extra) }
        }
        riskLevel = simulator.random.weighted([("low", 38), ("medium", 46), ("high", 16)])
        var data = SampleJSONObject(capacity: 96)
        data.add("needs", strings: needs)
        data.add("riskLevel", riskLevel)
        let eventID = simulator.record("tenancy.needs-assessed", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            let corrected = riskLevel == "high" ? "medium" : "high"
            plan(SampleCorrection(eventID: eventID, reason: "Risk level entered incorrectly",
                                  changesJSON: "{\"riskLevel\":\"\(corrected)\"}"), simulator, after: time)
        }
        if timesClosed > 0 { return }

        let days = switch riskLevel {
        case "low": simulator.random.int(50...120)
        case "medium": simulator.random.int(60...170)
        default: simulator.random.int(80...180)
        }
        closeAt = simulator.officeTime(days: days, after: time)
        reasons = needs
        intents.add(.agreePlan, at: simulator.random.chance(0.55)
            ? simulator.minutes(20...90, after: time)
            : simulator.officeTime(workingDays: simulator.random.int(2...8), after: time))
        intents.add(.scheduleVisit, at: simulator.minutes(5...60, after: time))
        planActivity(simulator, from: time, days: days)
        intents.add(.close, at: closeAt)
    }

    /// Support, referrals, arrears statements, notes and unplanned visits spread over the case.
    private func planActivity(_ simulator: SampleSimulator, from time: Int64, days: Int) {
        func someday() -> Int64 {
            simulator.officeTime(days: simulator.random.int(2...max(3, days - 4)), after: time)
        }
        for _ in 0..<simulator.random.poisson(mean: Double(days) / 65 + (reasons.contains("new-tenancy") ? 1 : 0)) {
            intents.add(.support, at: someday())
        }
        for _ in 0..<simulator.random.poisson(mean: 0.7) { intents.add(.referOn, at: someday()) }
        for _ in 0..<min(simulator.random.poisson(mean: Double(days) / 7), 15) { intents.add(.note, at: someday()) }
        if simulator.random.chance(0.1) { intents.add(.unplannedVisit(continuesCycle: false), at: someday()) }
        if simulator.random.chance(0.08) { intents.add(.reassign, at: someday()) }
        if reasons.contains("rent-arrears") {
            arrearsPence = simulator.random.int(300...2_800) * 100 + simulator.random.below(100)
            var day = simulator.random.int(1...10)
            while day < days - 3 {
                intents.add(.arrears, at: simulator.officeTime(days: day, after: time))
                day += simulator.random.int(35...50)
            }
        }
    }

    private func agreePlan(_ simulator: SampleSimulator, at time: Int64) {
        let count = min(reasons.count + simulator.random.int(0...1), 4)
        var goals = "["
        for index in 0..<count {
            let goalID = "G\(goalIDs.count + 1)"
            goalIDs.append(goalID)
            let need = index < reasons.count ? reasons[index] : "other"
            let target = simulator.officeTime(days: simulator.random.int(28...150), after: time)
            var goal = SampleJSONObject(capacity: 160)
            goal.add("goalId", goalID)
            goal.add("description", SampleTenancyTexts.goal(for: need))
            goal.add("targetDate", simulator.dateText(target))
            if index > 0 { goals += "," }
            goals += goal.finish()
            if target < closeAt - SampleCalendar.microsecondsPerDay && simulator.random.chance(0.8) {
                intents.add(.reviewGoal(goalIDs.count - 1), at: target)
            }
        }
        goals += "]"
        var data = SampleJSONObject(capacity: 400)
        data.add("goals", json: goals)
        simulator.record("tenancy.plan-agreed", on: &stream, at: time, data: data.finish())
    }

    private func scheduleVisit(_ simulator: SampleSimulator, at time: Int64) {
        let usualInterval = switch riskLevel {
        case "high": 7...12
        case "medium": 12...24
        default: 18...32
        }
        let interval = simulator.random.int(missedInARow > 0 ? 2...7 : usualInterval)
        let dueDay = simulator.calendar.workingDay(onOrAfter: SampleCalendar.localDay(of: time) + interval)
        let dueTime = simulator.officeTime(on: dueDay)
        guard dueTime < closeAt - SampleCalendar.microsecondsPerDay, dueTime > time else { return }
        if missedInARow == 0 && simulator.random.chance(0.25) {
            // A drop-in or a call on the day rather than a booked visit: recorded only when it happens.
            intents.add(.unplannedVisit(continuesCycle: true), at: dueTime)
            return
        }
        visitCount += 1
        let visitID = "V\(visitCount)"
        var data = SampleJSONObject(capacity: 80)
        data.add("visitId", visitID)
        data.add("dueDate", SampleCalendar.dateText(dueDay))
        data.add("kind", simulator.random.weighted([("home", 70), ("phone", 20), ("office", 10)]))
        let eventID = simulator.record("tenancy.visit-scheduled", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            plan(SampleCorrection(eventID: eventID, reason: "Wrong due date entered",
                                  changesJSON: "{\"dueDate\":\"\(SampleCalendar.dateText(dueDay + simulator.random.int(1...7)))\"}"),
                 simulator, after: time)
        }
        intents.add(.visitDue(visitCount), at: dueTime)
    }

    private func visitDue(_ visitID: String, _ simulator: SampleSimulator, at time: Int64) {
        let disengaging = missedVisits >= 3 && missedVisits * 2 > completedVisits
        let draw = simulator.random.unit()
        let missShare = disengaging ? 0.35 : 0.12
        if draw < missShare {
            missedVisits += 1
            missedInARow += 1
            var data = SampleJSONObject(capacity: 64)
            data.add("visitId", visitID)
            data.add("reason", simulator.random.weighted([("no-access", 60), ("cancelled-by-tenant", 25), ("cancelled-by-staff", 15)]))
            simulator.record("tenancy.visit-missed", on: &stream, at: time, data: data.finish())
            if missedInARow >= 3 && simulator.random.chance(0.6) {
                // Three missed in a row: the officer closes the case as disengaged.
                hasDisengaged = true
                intents.removeAll { if case .correct = $0 { false } else { true } }
                intents.add(.close, at: simulator.officeTime(workingDays: simulator.random.int(2...10), after: time))
                return
            }
        } else if draw < missShare + 0.06 {
            // The outcome is never recorded: the visit stays overdue.
        } else {
            completeVisit(visitID, simulator, at: time)
            if simulator.random.chance(0.12) { intents.add(.support, at: simulator.minutes(5...90, after: time)) }
        }
        planNextVisit(simulator, after: time)
    }

    private func planNextVisit(_ simulator: SampleSimulator, after time: Int64) {
        intents.add(.scheduleVisit, at: simulator.random.chance(0.6)
            ? simulator.minutes(30...240, after: time)
            : simulator.officeTime(workingDays: simulator.random.int(1...3), after: time))
    }

    private func completeVisit(_ visitID: String, _ simulator: SampleSimulator, at time: Int64) {
        completedVisits += 1
        missedInARow = 0
        let notes = simulator.random.paragraph(SampleTenancyTexts.visitSentences, count: simulator.random.weightedIndex([5, 35, 60]) + 1)
        var data = SampleJSONObject(capacity: 320)
        data.add("visitId", visitID)
        data.add("notes", notes)
        simulator.record("tenancy.visit-completed", on: &stream, at: time, data: data.finish())
    }

    private func giveSupport(_ simulator: SampleSimulator, at time: Int64) {
        let kind = simulator.random.weighted(SampleTenancyTexts.supportKinds)
        let value: Int? = switch kind {
        case "food-parcel": 2_000 + simulator.random.below(31) * 50
        case "bedding": simulator.random.int(25...60) * 100
        case "furniture": simulator.random.int(80...450) * 100
        case "utility-support": simulator.random.pick([2_800, 4_900, 4_900, 9_000])
        case "cleaning": simulator.random.int(60...300) * 100
        case "other": simulator.random.chance(0.5) ? simulator.random.int(10...100) * 100 : nil
        default: simulator.random.chance(0.1) ? 0 : nil
        }
        var data = SampleJSONObject(capacity: 64)
        data.add("kind", kind)
        if let value { data.add("valuePence", value) }
        let eventID = simulator.record("tenancy.support-given", on: &stream, at: time, data: data.finish())
        if let value, value > 0, simulator.shouldCorrect() {
            plan(SampleCorrection(eventID: eventID, reason: "Value keyed wrongly; receipt checked",
                                  changesJSON: "{\"valuePence\":\(value + simulator.random.int(-5...5) * 100 + 500)}"),
                 simulator, after: time)
        }
    }

    private func recordArrears(_ simulator: SampleSimulator, at time: Int64) {
        arrearsPence = simulator.random.chance(0.06)
            ? -simulator.random.int(5...50) * 100
            : max(0, arrearsPence + simulator.random.int(-18...8) * arrearsPence / 100 + simulator.random.int(-20...20) * 100)
        var data = SampleJSONObject(capacity: 32)
        data.add("balancePence", arrearsPence)
        let eventID = simulator.record("tenancy.arrears-recorded", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            plan(SampleCorrection(eventID: eventID, reason: "Balance taken before the last payment",
                                  changesJSON: "{\"balancePence\":\(arrearsPence - simulator.random.int(10...120) * 100)}"),
                 simulator, after: time)
        }
    }

    private func reviewGoal(_ goalID: String, _ simulator: SampleSimulator, at time: Int64) {
        reviewedGoalIDs.append(goalID)
        var data = SampleJSONObject(capacity: 64)
        data.add("goalId", goalID)
        data.add("progress", simulator.random.weighted([("achieved", 45), ("partly", 35), ("not-achieved", 20)]))
        simulator.record("tenancy.goal-reviewed", on: &stream, at: time, data: data.finish())
    }

    private func close(_ simulator: SampleSimulator, at time: Int64) {
        var reviewTime = time
        for goalID in goalIDs where !reviewedGoalIDs.contains(goalID) && simulator.random.chance(0.5) {
            reviewGoal(goalID, simulator, at: reviewTime)
            reviewTime = simulator.minutes(1...10, after: reviewTime)
        }
        let disengaged = hasDisengaged || (missedVisits >= 3 && missedVisits * 2 > completedVisits)
        let outcome = disengaged && simulator.random.chance(0.75)
            ? "disengaged"
            : simulator.random.weighted(SampleTenancyTexts.closingOutcomes)
        var data = SampleJSONObject(capacity: 48)
        data.add("outcome", outcome)
        simulator.record("tenancy.case-closed", on: &stream, at: reviewTime, data: data.finish())
        stream.isClosed = true
        household?.hasOpenTenancyCase = false
        closedAt = reviewTime
        timesClosed += 1
        intents.removeAll { !$0.isAllowedAfterClose }
        if outcome == "evicted" || (outcome == "tenancy-ended" && simulator.random.chance(0.3)) {
            simulator.reviewCandidates.append(stream.handle)
        }
        if ["tenancy-sustained", "disengaged", "transferred"].contains(outcome) {
            intents.add(.sustainment(6), at: simulator.officeTime(days: 182, after: reviewTime))
            if timesClosed == 1 && simulator.random.chance(0.06) {
                intents.add(.reopen, at: simulator.officeTime(days: simulator.random.int(14...150), after: reviewTime))
            }
        }
    }

    private func checkSustainment(_ months: Int, _ simulator: SampleSimulator, at time: Int64) {
        let stillInTenancy = simulator.random.chance(months == 6 ? 0.92 : 0.9)
        var data = SampleJSONObject(capacity: 48)
        data.add("monthsAfterClose", months)
        data.add("stillInTenancy", stillInTenancy)
        simulator.record("tenancy.sustainment-checked", on: &stream, at: time, data: data.finish())
        if months == 6 && stillInTenancy {
            intents.add(.sustainment(12), at: simulator.officeTime(days: 365, after: closedAt))
        }
    }

    private func reopen(_ simulator: SampleSimulator, at time: Int64) {
        var data = SampleJSONObject(capacity: 96)
        data.add("reason", simulator.random.pick(SampleTenancyTexts.reopenReasons))
        simulator.record("case.reopened", on: &stream, at: time, data: data.finish())
        stream.isClosed = false
        household?.hasOpenTenancyCase = true
        intents.removeAll { if case .sustainment = $0 { true } else { false } }
        let days = simulator.random.int(30...75)
        closeAt = simulator.officeTime(days: days, after: time)
        missedInARow = 0
        if simulator.random.chance(0.5) {
            intents.add(.assess, at: simulator.officeTime(workingDays: simulator.random.int(1...5), after: time))
        }
        intents.add(.scheduleVisit, at: simulator.minutes(10...120, after: time))
        planActivity(simulator, from: time, days: days)
        intents.add(.close, at: closeAt)
    }

    private func plan(_ correction: SampleCorrection, _ simulator: SampleSimulator, after time: Int64) {
        intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: time))
    }
}
