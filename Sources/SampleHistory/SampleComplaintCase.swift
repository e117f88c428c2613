import Casework
/// One complaint under the Housing Ombudsman's Complaint Handling Code: received, acknowledged
/// (mostly within 5 working days), sometimes extended, responded to (mostly within 10 working
/// days), remedies, about a fifth escalated to stage 2, a few referred to the Ombudsman or
/// withdrawn, learning identified and actioned ("You said, we did"), then closed.
final class SampleComplaintCase: SampleCaseScript {
    enum Intent {
        case open, assign, acknowledge(Int), extend(Int), respond(Int), escalate, identifyLearning
        case actionLearning(Int), referToOmbudsman, withdraw(isDuplicate: Bool), note, link, close
        case correct(Int)

        /// Whether the intent keeps the complaint open (corrections and notes do not).
        var isWork: Bool {
            switch self {
            case .correct, .note: false
            default: true
            }
        }
    }

    var intents = SampleIntentQueue<Intent>()
    static var opening: Intent { .open }
    private var corrections = SamplePlannedCorrections()
    private var plannedLink: (other: SampleCaseHandle, relation: String)?
    private var stream = SampleStream.unopened
    private var categories: [String] = []
    private var worker = ""
    private var stage = 1
    private var respondedStage = 0
    private var learningCount = 0
    private var isFinished = false

    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        switch intent {
        case .open: open(simulator, at: time)
        case .assign: simulator.recordAssignment(worker, on: &stream, at: time)
        case .acknowledge(let stage): acknowledge(stage, simulator, at: time)
        case .extend(let stage):
            var data = SampleJSONObject(capacity: 128)
            data.add("stage", stage)
            data.add("workingDays", stage == 1 ? simulator.random.pick([5, 10, 10, 10, 15]) : simulator.random.pick([10, 20, 20, 25]))
            data.add("reason", simulator.random.pick(SampleComplaintTexts.extensionReasons))
            simulator.record("complaint.extension-agreed", on: &stream, at: time, data: data.finish())
        case .respond(let stage): respond(stage, simulator, at: time)
        case .escalate:
            stage = 2
            var data = SampleJSONObject(capacity: 128)
            data.add("reason", simulator.random.pick(SampleComplaintTexts.escalationReasons))
            simulator.record("complaint.escalated", on: &stream, at: time, data: data.finish())
            acknowledgeLater(2, simulator, after: time)
        case .identifyLearning: identifyLearning(simulator, at: time)
        case .actionLearning(let learningNumber):
            var data = SampleJSONObject(capacity: 128)
            data.add("learningId", "L\(learningNumber)")
            data.add("evidence", "Change in place; checked by the service manager.")
            simulator.record("complaint.learning-actioned", on: &stream, at: time, data: data.finish())
        case .referToOmbudsman:
            var data = SampleJSONObject(capacity: 48)
            data.add("reference", "HOS-\(simulator.dateText(time).prefix(4))\(SampleReferenceKind.padded(simulator.random.below(100_000), 5))")
            simulator.record("complaint.referred-to-ombudsman", on: &stream, at: time, data: data.finish())
            if simulator.random.chance(0.3) { simulator.reviewCandidates.append(stream.handle) }
        case .withdraw(let isDuplicate):
            var data = SampleJSONObject(capacity: 96)
            data.add("reason", isDuplicate
                ? SampleComplaintTexts.duplicateReason
                : simulator.random.pick(SampleComplaintTexts.withdrawalReasons))
            simulator.record("complaint.withdrawn", on: &stream, at: time, data: data.finish())
            isFinished = true
            intents.removeAll { $0.isWork }
        case .note: simulator.recordNote(simulator.random.paragraph(SampleComplaintTexts.notes, count: simulator.random.int(1...3)),
                                         on: &stream, at: time)
        case .link:
            if let plannedLink { simulator.recordLink(to: plannedLink.other, relation: plannedLink.relation, on: &stream, at: time) }
        case .close:
            simulator.record("complaint.closed", on: &stream, at: time, data: "{}")
            stream.isClosed = true
            isFinished = true
            intents.removeAll { $0.isWork }
        case .correct(let number): simulator.recordCorrection(corrections.take(number), on: &stream, at: time)
        }
        // Closed once the last response is in and nothing else is left to do.
        if !isFinished && respondedStage == stage && !intents.contains(where: { $0.isWork }) {
            intents.add(.close, at: simulator.officeTime(workingDays: simulator.random.int(1...10), after: time))
        }
    }

    private func open(_ simulator: SampleSimulator, at time: Int64) {
        let complainant = simulator.complainant(at: time)
        worker = simulator.random.pick(SampleVocabulary.complaintWorkers)
        categories = simulator.random.weightedDistinct(SampleComplaintTexts.categories, count: simulator.random.chance(0.75) ? 1 : 2)
        var data = SampleJSONObject(capacity: 360)
        data.add("complainant", complainant.stream.reference)
        data.add("channel", simulator.random.weighted(SampleComplaintTexts.channels))
        data.add("categories", strings: categories)
        var summary = SampleComplaintTexts.summary(for: categories[0])
        if simulator.random.chance(0.5) { summary += " " + simulator.random.pick(SampleComplaintTexts.context) }
        data.add("summary", summary)
        if simulator.random.chance(0.7) { data.add("outcomeSought", simulator.random.pick(SampleComplaintTexts.outcomesSought)) }
        stream = simulator.open(.complaint, "complaint.received", at: time, data: data.finish(),
                                after: complainant.stream.openedRecordedAt)
        if simulator.shouldCorrect() {
            let corrected = categories.contains("damp-mould") ? ["repairs", "damp-mould"]
                : categories[0] == "communication" ? ["communication", "staff-conduct"] : ["communication", categories[0]]
            var changes = SampleJSONObject(capacity: 64)
            changes.add("categories", strings: corrected)
            let correction = SampleCorrection(eventID: stream.openingEventID, reason: "Complaint recorded under the wrong category",
                                              changesJSON: changes.finish())
            intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: time))
        }
        intents.add(.assign, at: simulator.officeTime(workingDays: 0, after: time))

        if simulator.random.chance(0.015), let earlier = simulator.recentComplaints.recentElement(&simulator.random, within: 20) {
            plannedLink = (earlier, "duplicate-of")
            intents.add(.link, at: simulator.officeTime(workingDays: 1, after: time))
            intents.add(.withdraw(isDuplicate: true), at: simulator.officeTime(workingDays: 2, after: time))
            simulator.recentComplaints.append(stream.handle)
            return
        }
        simulator.recentComplaints.append(stream.handle)
        if categories.contains("safeguarding-response"),
           let concern = complainant.safeguardingCase ?? simulator.recentSafeguardingCases.recentElement(&simulator.random, within: 60) {
            plannedLink = (concern, "complaint-about")
            intents.add(.link, at: simulator.minutes(60...2_880, after: time))
        } else if categories.contains("tenancy-management") || categories.contains("communication"),
                  let tenancy = complainant.tenancyCase, simulator.random.chance(0.5) {
            plannedLink = (tenancy, "complaint-about")
            intents.add(.link, at: simulator.minutes(60...2_880, after: time))
        }
        acknowledgeLater(1, simulator, after: time)
        for _ in 0..<simulator.random.weightedIndex([20, 40, 30, 10]) {
            intents.add(.note, at: simulator.officeTime(workingDays: simulator.random.int(1...12), after: time))
        }
    }

    private func acknowledgeLater(_ stage: Int, _ simulator: SampleSimulator, after time: Int64) {
        let workingDays = simulator.random.chance(0.9)
            ? simulator.random.weighted([(1, 35), (2, 25), (3, 18), (4, 12), (5, 10)])
            : simulator.random.int(6...9)
        intents.add(.acknowledge(stage), at: simulator.officeTime(workingDays: workingDays, after: time))
    }

    private func acknowledge(_ stage: Int, _ simulator: SampleSimulator, at time: Int64) {
        var data = SampleJSONObject(capacity: 16)
        data.add("stage", stage)
        simulator.record("complaint.acknowledged", on: &stream, at: time, data: data.finish())

        var workingDays = stage == 1
            ? (simulator.random.chance(0.85) ? simulator.random.int(3...10) : simulator.random.int(11...18))
            : (simulator.random.chance(0.85) ? simulator.random.int(8...20) : simulator.random.int(21...30))
        if simulator.random.chance(stage == 1 ? 0.08 : 0.1) {
            intents.add(.extend(stage), at: simulator.officeTime(workingDays: simulator.random.int(3...7), after: time))
            workingDays += stage == 1 ? 8 : 15
        }
        let responseTime = simulator.officeTime(workingDays: workingDays, after: time)
        if simulator.random.chance(0.03) {
            let withdrawal = simulator.officeTime(workingDays: simulator.random.int(1...max(1, workingDays - 1)), after: time)
            intents.add(.withdraw(isDuplicate: false), at: min(withdrawal, responseTime))
            return
        }
        intents.add(.respond(stage), at: responseTime)
    }

    private func respond(_ stage: Int, _ simulator: SampleSimulator, at time: Int64) {
        let decision = stage == 2
            ? simulator.random.weighted([("upheld", 25), ("partly-upheld", 35), ("not-upheld", 40)])
            : categories.contains("damp-mould")
                ? simulator.random.weighted([("upheld", 40), ("partly-upheld", 35), ("not-upheld", 25)])
                : simulator.random.weighted([("upheld", 28), ("partly-upheld", 35), ("not-upheld", 37)])
        var data = SampleJSONObject(capacity: 200)
        data.add("stage", stage)
        data.add("decision", decision)
        data.add("reasons", SampleComplaintTexts.reasons(for: decision, variant: simulator.random.below(3)))
        simulator.record("complaint.responded", on: &stream, at: time, data: data.finish())
        respondedStage = stage

        var remedyTime = time
        if decision != "not-upheld" {
            func remedy(_ kind: String, amount: Int? = nil) {
                remedyTime = simulator.minutes(2...30, after: remedyTime)
                var data = SampleJSONObject(capacity: 64)
                data.add("kind", kind)
                if let amount { data.add("amountPence", amount) }
                let eventID = simulator.record("complaint.remedy-offered", on: &stream, at: remedyTime, data: data.finish())
                if let amount, simulator.shouldCorrect() {
                    let correction = SampleCorrection(eventID: eventID, reason: "Amount agreed with the manager was different",
                                                      changesJSON: "{\"amountPence\":\(amount + 2_500)}")
                    intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: remedyTime))
                }
            }
            if simulator.random.chance(0.75) { remedy("apology") }
            if simulator.random.chance(decision == "upheld" ? 0.55 : 0.3) {
                let pounds = simulator.random.chance(0.8) ? simulator.random.int(5...60) * 5 : simulator.random.int(60...300) * 5
                remedy("compensation", amount: pounds * 100)
            }
            if categories.contains("repairs") || categories.contains("damp-mould"), simulator.random.chance(0.45) { remedy("repair") }
            if simulator.random.chance(0.04) { remedy("policy-change") }
            if simulator.random.chance(0.22) {
                intents.add(.identifyLearning, at: simulator.officeTime(workingDays: simulator.random.int(1...8), after: time))
            }
        }
        if stage == 1 {
            let escalation = decision == "not-upheld" ? 0.3 : decision == "partly-upheld" ? 0.22 : 0.08
            if simulator.random.chance(escalation) {
                intents.add(.escalate, at: simulator.officeTime(days: simulator.random.int(3...25), after: remedyTime))
            }
        } else if simulator.random.chance(0.25) {
            intents.add(.referToOmbudsman, at: simulator.officeTime(days: simulator.random.int(14...60), after: remedyTime))
        }
    }

    private func identifyLearning(_ simulator: SampleSimulator, at time: Int64) {
        learningCount += 1
        let learningID = "L\(learningCount)"
        // One draw, whatever the number of lessons, so that the rest of the history is unchanged.
        let lesson = simulator.random.pick(SampleComplaintTexts.lessons(for: categories))
        let dueWorkingDays = simulator.random.int(10...40)
        var data = SampleJSONObject(capacity: 360)
        data.add("learningId", learningID)
        data.add("youSaid", lesson.youSaid)
        data.add("weDid", lesson.weDid)
        data.add("serviceArea", lesson.serviceArea)
        data.add("owner", simulator.random.pick(SampleVocabulary.managers))
        data.add("dueDate", simulator.workingDateText(dueWorkingDays, after: time))
        simulator.record("complaint.learning-identified", on: &stream, at: time, data: data.finish())
        if simulator.random.chance(0.75) {
            let done = simulator.random.chance(0.8) ? simulator.random.int(3...dueWorkingDays) : dueWorkingDays + simulator.random.int(1...15)
            intents.add(.actionLearning(learningCount), at: simulator.officeTime(workingDays: done, after: time))
        }
    }
}
