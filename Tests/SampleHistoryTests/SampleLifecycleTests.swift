import Foundation
@testable import SampleHistory
import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Sample history lifecycles")
struct SampleLifecycleTests {
    static func check(events: Int, seed: UInt64 = 1, homes: Int = 12_000) -> SampleLifecycleChecker {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        configuration.seed = seed
        configuration.homes = homes
        var checker = SampleLifecycleChecker()
        for event in SampleHistory(configuration) { checker.check(event) }
        return checker
    }

    @Test("20,000 events keep every rule of DOMAIN.md")
    func twentyThousandEvents() {
        let checker = Self.check(events: 20_000)
        #expect(checker.eventCount == 20_000)
        #expect(checker.problems.isEmpty, "\(checker.problems.count) problems, first: \(checker.problems.prefix(10))")
    }

    @Test("histories cut short anywhere, with other seeds and sizes, keep every rule", arguments: [
        (7_777, UInt64(2), 12_000), (12_345, UInt64(99), 40_000), (3_001, UInt64(5), 3_000),
    ])
    func otherHistories(events: Int, seed: UInt64, homes: Int) {
        let checker = Self.check(events: events, seed: seed, homes: homes)
        #expect(checker.problems.isEmpty, "\(checker.problems.count) problems, first: \(checker.problems.prefix(10))")
    }

    @Test("the checker notices a visit missed that was never scheduled and a case named before it exists")
    func checkerCatchesViolations() {
        func event(_ type: String, _ reference: String, _ data: String, minute: Int) -> SampleEvent {
            let time = Timestamp(year: 2024, month: 3, day: 4, hour: 10, minute: minute)
            return SampleEvent(id: "00000000-0000-4000-8000-00000000000\(minute)", type: type, caseReference: reference,
                               occurredAt: time, recordedAt: time, dataJSON: data)
        }
        var checker = SampleLifecycleChecker()
        checker.check(event("subject.registered", "P-000001", #"{"kind":"household","name":"The Shaw household"}"#, minute: 1))
        checker.check(event("tenancy.referral-received", "TS-2024-000001",
                            #"{"household":"P-000001","tenancyRef":"T-0012345","source":"self","reasons":["isolation"]}"#, minute: 2))
        #expect(checker.problems.isEmpty)
        checker.check(event("tenancy.visit-missed", "TS-2024-000001", #"{"visitId":"V1","reason":"no-access"}"#, minute: 3))
        checker.check(event("case.linked", "TS-2024-000001", #"{"otherCase":"SG-2024-000001","relation":"related"}"#, minute: 4))
        checker.check(event("tenancy.case-closed", "TS-2024-000001", #"{"outcome":"evicted"}"#, minute: 5))
        checker.check(event("tenancy.support-given", "TS-2024-000001", #"{"kind":"bedding"}"#, minute: 6))
        #expect(checker.problems.count == 3, "\(checker.problems)")
    }

    @Test("complaints: about a fifth escalated, about 5% to the Ombudsman, a few withdrawn")
    func complaintShares() {
        let profile = SampleHistoryProfile.standard
        let received = Double(profile.typeCounts["complaint.received", default: 0])
        let escalated = Double(profile.typeCounts["complaint.escalated", default: 0]) / received
        let ombudsman = Double(profile.typeCounts["complaint.referred-to-ombudsman", default: 0]) / received
        let withdrawn = Double(profile.typeCounts["complaint.withdrawn", default: 0]) / received
        #expect(escalated > 0.14 && escalated < 0.26, "escalated \(escalated)")
        #expect(ombudsman > 0.025 && ombudsman < 0.08, "ombudsman \(ombudsman)")
        #expect(withdrawn > 0.01 && withdrawn < 0.06, "withdrawn \(withdrawn)")
    }

    @Test("feedback beside complaints: compliments and suggestions each year, many closed, some suggestions adopted and some not")
    func feedback() {
        let profile = SampleHistoryProfile.standard
        let compliments = profile.feedbackKinds["compliment", default: 0], suggestions = profile.feedbackKinds["suggestion", default: 0]
        #expect((60...200).contains(compliments), "compliments \(compliments)")
        #expect((30...120).contains(suggestions), "suggestions \(suggestions)")
        #expect(profile.adoptedSuggestions > 0 && profile.adoptedSuggestions < suggestions, "adopted \(profile.adoptedSuggestions)")
        #expect(profile.typeCounts["feedback.closed", default: 0] > (compliments + suggestions) / 2)
    }

    @Test("a year has the arrivals of a 12,000-home association")
    func yearlyArrivals() {
        let counts = SampleHistoryProfile.standard.typeCountsIn2025
        #expect((800...1_000).contains(counts["tenancy.referral-received", default: 0]))
        #expect((300...420).contains(counts["safeguarding.concern-raised", default: 0]))
        #expect((520...680).contains(counts["complaint.received", default: 0]))
        #expect((5...12).contains(counts["review.opened", default: 0]))
        #expect((1_000...1_500).contains(counts["subject.registered", default: 0]))
    }

    @Test("a factor is found again in a review opened after a recommendation addressing it was implemented")
    func repeatFailureAfterImplementation() {
        #expect(!SampleHistoryProfile.standard.factorsFoundAgainAfterImplementation.isEmpty)
    }

    @Test("panel reviews are opened on existing safeguarding, tenancy and complaint cases")
    func reviewIncidents() {
        let incidents = SampleHistoryProfile.standard.reviewIncidentPrefixes
        #expect(incidents.contains("SG"))
        #expect(incidents.isSubset(of: ["SG", "TS", "CMP"]))
    }

    @Test("tenancy cases mostly have 10 to 60 events; safeguarding 5 to 15; complaints 4 to 12")
    func eventsPerCase() {
        let profile = SampleHistoryProfile.standard
        #expect(profile.shareOfClosedCases("TS-", within: 10...60) > 0.85)
        #expect(profile.shareOfClosedCases("SG-", within: 5...15) > 0.85)
        #expect(profile.shareOfClosedCases("CMP-", within: 4...12) > 0.85)
    }
}

/// Figures about one long history (120,000 events, about two and a half years), computed once
/// and shared by the tests that need a long view.
struct SampleHistoryProfile: Sendable {
    static let standard = SampleHistoryProfile(events: 120_000)

    var typeCounts: [String: Int] = [:]
    var typeCountsIn2025: [String: Int] = [:]
    var eventsPerCase: [String: Int] = [:]
    var closedCases: Set<String> = []
    var factorsFoundAgainAfterImplementation: Set<String> = []
    var reviewIncidentPrefixes: Set<String> = []
    /// Feedback received in 2025 by kind, and suggestions answered as adopted (in the whole history).
    var feedbackKinds: [String: Int] = [:]
    var adoptedSuggestions = 0

    init(events: Int) {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        var findingFactors: [String: [String]] = [:]            // review/finding → factors
        var recommendationFindings: [String: [String]] = [:]    // review/recommendation → findings
        var addressedAt: [String: Int64] = [:]                   // factor → first implementation
        var reviewOpenedAt: [String: Int64] = [:]
        for event in SampleHistory(configuration) {
            typeCounts[event.type, default: 0] += 1
            if event.occurredAt.utcComponents.year == 2025 { typeCountsIn2025[event.type, default: 0] += 1 }
            eventsPerCase[event.caseReference, default: 0] += 1
            if ["tenancy.case-closed", "safeguarding.closed", "complaint.closed"].contains(event.type) {
                closedCases.insert(event.caseReference)
            }
            if event.type == "feedback.received", event.occurredAt.utcComponents.year == 2025 {
                for kind in ["compliment", "suggestion"] where event.dataJSON.contains("\"kind\":\"\(kind)\"") { feedbackKinds[kind, default: 0] += 1 }
            }
            if event.type == "feedback.responded" && event.dataJSON.contains("\"adopted\":true") { adoptedSuggestions += 1 }
            guard event.caseReference.hasPrefix("PR-") else { continue }
            // A review event whose data does not read would drop out of the figures below
            // without a word: it fails the test that asked for the profile instead.
            guard let data = (try? JSONSerialization.jsonObject(with: Data(event.dataJSON.utf8))) as? [String: Any] else {
                Issue.record("\(event.type) on \(event.caseReference): data is not a JSON object")
                continue
            }
            let review = event.caseReference
            switch event.type {
            case "review.opened":
                reviewOpenedAt[review] = event.occurredAt.microseconds
                for incident in data["incidents"] as? [String] ?? [] {
                    reviewIncidentPrefixes.insert(String(incident.prefix { $0 != "-" }))
                }
            case "review.finding-recorded":
                let factors = data["contributingFactors"] as? [String] ?? []
                findingFactors["\(review)/\(data["findingId"] as? String ?? "")"] = factors
                for factor in factors {
                    if let addressed = addressedAt[factor], let opened = reviewOpenedAt[review], addressed < opened {
                        factorsFoundAgainAfterImplementation.insert(factor)
                    }
                }
            case "review.recommendation-made":
                recommendationFindings["\(review)/\(data["recommendationId"] as? String ?? "")"] = data["findingIds"] as? [String]
            case "review.recommendation-implemented":
                for finding in recommendationFindings["\(review)/\(data["recommendationId"] as? String ?? "")"] ?? [] {
                    for factor in findingFactors["\(review)/\(finding)"] ?? [] where addressedAt[factor] == nil {
                        addressedAt[factor] = event.occurredAt.microseconds
                    }
                }
            default:
                break
            }
        }
    }

    func shareOfClosedCases(_ prefix: String, within range: ClosedRange<Int>) -> Double {
        let sizes = closedCases.filter { $0.hasPrefix(prefix) }.map { eventsPerCase[$0, default: 0] }
        return Double(sizes.filter { range.contains($0) }.count) / Double(max(1, sizes.count))
    }
}
