import Casework
/// One panel review of what went wrong (or right): opened on one or more incidents (mostly
/// cases with bad outcomes), findings with contributing factors (some recurring across reviews,
/// some found again after a recommendation addressing them was implemented), recommendations,
/// implementation, and a closing summary.
final class SamplePanelReview: SampleCaseScript {
    enum Intent {
        case open, assign, recordFinding, makeRecommendation(firstFinding: Int, findingCount: Int), implement(Int), note, close
        case correct(Int)
    }

    var intents = SampleIntentQueue<Intent>()
    static var opening: Intent { .open }
    private var corrections = SamplePlannedCorrections()
    /// The contributing factors each recommendation addresses, by recommendation number - 1.
    private var recommendationFactors: [[String]] = []
    private var stream = SampleStream.unopened
    private var isOpen = false
    private var trigger = ""
    private var findings: [(id: String, factors: [String])] = []
    private var findingsToRecord = 0
    private var recommendationCount = 0

    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        switch intent {
        case .open: open(simulator, at: time)
        case .assign: simulator.recordAssignment(simulator.random.pick(SampleVocabulary.managers), on: &stream, at: time)
        case .recordFinding: recordFinding(simulator, at: time)
        case .makeRecommendation(let firstFinding, let findingCount):
            makeRecommendation(Array(firstFinding..<firstFinding + findingCount), simulator, at: time)
        case .implement(let recommendationNumber):
            let factors = recommendationFactors[recommendationNumber - 1]
            var data = SampleJSONObject(capacity: 128)
            data.add("recommendationId", "R\(recommendationNumber)")
            data.add("evidence", simulator.random.pick(SampleReviewTexts.evidence))
            simulator.record("review.recommendation-implemented", on: &stream, at: time, data: data.finish())
            for factor in factors where !simulator.addressedFactors.contains(factor) {
                simulator.addressedFactors.append(factor)
            }
        case .note: simulator.recordNote(simulator.random.paragraph(SampleReviewTexts.notes, count: simulator.random.int(1...2)), on: &stream, at: time)
        case .close:
            var data = SampleJSONObject(capacity: 160)
            data.add("summary", trigger == "good-practice"
                ? SampleReviewTexts.goodPracticeSummary
                : simulator.random.pick(SampleReviewTexts.summaries))
            simulator.record("review.closed", on: &stream, at: time, data: data.finish())
            stream.isClosed = true
            intents.removeAll { if case .correct = $0 { false } else { true } }
        case .correct(let number): simulator.recordCorrection(corrections.take(number), on: &stream, at: time)
        }
        if isOpen && !stream.isClosed && !intents.contains(where: { if case .correct = $0 { false } else { true } }) {
            intents.add(.close, at: simulator.officeTime(workingDays: simulator.random.int(5...20), after: time))
        }
    }

    private func open(_ simulator: SampleSimulator, at time: Int64) {
        var incidents: [SampleCaseHandle] = []
        for _ in 0..<simulator.random.weightedIndex([60, 30, 10]) + 1 {
            let candidate = simulator.reviewCandidates.recentElement(&simulator.random, within: 12)
                ?? simulator.recentSafeguardingCases.recentElement(&simulator.random, within: 40)
            if let candidate, !incidents.contains(where: { $0.reference == candidate.reference }) {
                incidents.append(candidate)
            }
        }
        guard !incidents.isEmpty else {
            // Nothing to review yet: the panel meets again next week.
            intents.add(.open, at: simulator.officeTime(days: 7, after: time))
            return
        }
        isOpen = true
        var data = SampleJSONObject(capacity: 320)
        data.add("incidents", strings: incidents.map(\.reference))
        trigger = simulator.random.weighted(SampleReviewTexts.triggers)
        data.add("trigger", trigger)
        data.add("termsOfReference", trigger == "good-practice"
            ? SampleReviewTexts.goodPracticeTerms
            : simulator.random.pick(SampleReviewTexts.termsOfReference))
        stream = simulator.open(.review, "review.opened", at: time, data: data.finish(),
                                after: incidents.map(\.openedRecordedAt).max() ?? .min)
        intents.add(.assign, at: simulator.minutes(30...2_880, after: time))
        findingsToRecord = simulator.random.int(2...5)
        var findingTime = simulator.officeTime(workingDays: simulator.random.int(10...25), after: time)
        for _ in 0..<findingsToRecord {
            intents.add(.recordFinding, at: findingTime)
            findingTime = simulator.officeTime(days: simulator.random.int(1...10), after: findingTime)
        }
        for _ in 0..<simulator.random.int(1...3) {
            intents.add(.note, at: simulator.officeTime(days: simulator.random.int(3...40), after: time))
        }
    }

    private func recordFinding(_ simulator: SampleSimulator, at time: Int64) {
        let findingID = "F\(findings.count + 1)"
        var factors = simulator.random.weightedDistinct(SampleReviewTexts.factors, count: simulator.random.weightedIndex([50, 35, 15]) + 1)
        // Each finding leads with a different factor, so that no two findings read the same.
        for _ in 0..<8 where findings.contains(where: { $0.factors[0] == factors[0] }) {
            factors[0] = simulator.random.weighted(SampleReviewTexts.factors)
        }
        factors = factors.enumerated().filter { index, factor in !factors[..<index].contains(factor) }.map(\.element)
        if !simulator.addressedFactors.isEmpty && simulator.random.chance(0.35) {
            let repeated = simulator.random.pick(simulator.addressedFactors)
            if !factors.contains(repeated) { factors.append(repeated) }
        }
        var data = SampleJSONObject(capacity: 260)
        data.add("findingId", findingID)
        data.add("summary", SampleReviewTexts.findingSummary(for: factors[0]))
        data.add("contributingFactors", strings: factors)
        simulator.record("review.finding-recorded", on: &stream, at: time, data: data.finish())
        findings.append((findingID, factors))
        guard findings.count == findingsToRecord else { return }

        // With every finding in, the panel makes its recommendations.
        var recommendationTime = simulator.officeTime(workingDays: simulator.random.int(2...10), after: time)
        var index = 0
        while index < findings.count {
            let covers = index + 1 < findings.count && simulator.random.chance(0.25) ? 2 : 1
            if simulator.random.chance(0.9) {
                intents.add(.makeRecommendation(firstFinding: index, findingCount: covers), at: recommendationTime)
                recommendationTime = simulator.minutes(5...60, after: recommendationTime)
            }
            index += covers
        }
    }

    private func makeRecommendation(_ findingIndexes: [Int], _ simulator: SampleSimulator, at time: Int64) {
        recommendationCount += 1
        let recommendationID = "R\(recommendationCount)"
        let factors = findingIndexes.flatMap { findings[$0].factors }
        recommendationFactors.append(factors)
        let dueDays = simulator.random.int(30...120)
        var data = SampleJSONObject(capacity: 300)
        data.add("recommendationId", recommendationID)
        data.add("findingIds", strings: findingIndexes.map { findings[$0].id })
        data.add("action", SampleReviewTexts.recommendation(for: factors[0]))
        data.add("owner", simulator.random.pick(SampleVocabulary.managers))
        data.add("dueDate", simulator.dateText(time, plusDays: dueDays))
        let eventID = simulator.record("review.recommendation-made", on: &stream, at: time, data: data.finish())
        if simulator.shouldCorrect() {
            let correction = SampleCorrection(eventID: eventID, reason: "Due date changed by the panel chair",
                                              changesJSON: "{\"dueDate\":\"\(simulator.dateText(time, plusDays: dueDays + 30))\"}")
            intents.add(.correct(corrections.add(correction)), at: simulator.correctionTime(after: time))
        }
        if simulator.random.chance(0.72) {
            let days = max(7, dueDays + simulator.random.int(-25...30))
            intents.add(.implement(recommendationCount), at: simulator.officeTime(days: days, after: time))
        }
    }
}
