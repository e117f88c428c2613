@testable import Casework
import EventLog
import Testing
import Codec

/// The read-time filter: an older event's data may hold a field the catalogue now marks
/// personal (DOMAIN.md §8); outputs without personal data leave it out, wherever it is.
@Suite("Leaving personal fields out of data at read time")
struct PersonalFieldFilterTests {
    func split(_ data: CBORValue, _ type: String, correcting corrected: String? = nil) -> (data: CBORValue, personal: CBORValue?)? {
        let bytes = data.encoded()
        let spec = EventCatalogue.type(named: type)
        let correctedType = corrected.flatMap { EventCatalogue.type(named: $0) }
        guard let split = bytes.withUnsafeBytes({ PersonalFieldFilter.split(CBORView($0), of: spec, correctedType: correctedType) }) else {
            return nil
        }
        return (try! CBORValue(decoding: split.data), split.personal.map { try! CBORValue(decoding: $0) })
    }

    static let eventID: CBORValue = "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"

    @Test("data without personal fields is used as it is")
    func nothingToLeaveOut() {
        #expect(split(["complainant": "P-000001", "categories": ["repairs"]], "complaint.received") == nil)
        #expect(split(["worker": "a.khan"], "case.assigned") == nil)
        #expect(split(["reason": "no-access", "visitId": "V1"], "tenancy.visit-missed") == nil, "a closed vocabulary named reason")
    }

    @Test("an older event's now-personal fields are left out of its data and given apart")
    func olderEvent() throws {
        let result = try #require(split(["agency": "Brightside Mind", "reason": "Hoarding support"], "tenancy.referred-on"))
        #expect(result.data == [:])
        #expect(result.personal == ["agency": "Brightside Mind", "reason": "Hoarding support"])
        let concern = try #require(split(["subject": "P-000001", "raisedBy": "A neighbour", "categories": ["self-neglect"],
                                          "immediateRisk": false], "safeguarding.concern-raised"))
        #expect(concern.data == ["subject": "P-000001", "categories": ["self-neglect"], "immediateRisk": false])
        #expect(concern.personal == ["raisedBy": "A neighbour"])
    }

    @Test("a correction's changes lose the corrected type's personal fields, and its reason goes too")
    func correction() throws {
        let referred = try #require(split(["eventId": Self.eventID, "reason": "typo", "changes": ["agency": "Petrova Trust"]],
                                          "case.entry-corrected", correcting: "tenancy.referred-on"))
        #expect(referred.data == ["eventId": Self.eventID])
        #expect(referred.personal == ["reason": "typo", "changes": ["agency": "Petrova Trust"]])
        // The same name in a closed vocabulary is not personal: it stays.
        let missed = try #require(split(["eventId": Self.eventID, "reason": "typo", "changes": ["reason": "no-access"]],
                                        "case.entry-corrected", correcting: "tenancy.visit-missed"))
        #expect(missed.data == ["eventId": Self.eventID, "changes": ["reason": "no-access"]])
        #expect(missed.personal == ["reason": "typo"])
    }

    @Test("a correction whose corrected event cannot be found has its changes left out whole")
    func unresolvedCorrection() throws {
        let result = try #require(split(["eventId": Self.eventID, "changes": ["reason": "no-access"]], "case.entry-corrected"))
        #expect(result.data == ["eventId": Self.eventID])
        #expect(result.personal == ["changes": ["reason": "no-access"]])
    }

    @Test("a plan's goals lose their descriptions, each goal keeping its place")
    func goals() throws {
        let result = try #require(split(["goals": [["goalId": "G1", "description": "Clear the hallway"], ["goalId": "G2"]]],
                                        "tenancy.plan-agreed"))
        #expect(result.data == ["goals": [["goalId": "G1"], ["goalId": "G2"]]])
        #expect(result.personal == ["goals": [["description": "Clear the hallway"], [:]]])
    }

    @Test("a type the catalogue does not have keeps its data")
    func unknownType() {
        #expect(split(["reason": "anything"], "setting.unknown") == nil)
    }
}
