@testable import Casework
import Codec
import Testing

/// `onBehalfOf` (DOMAIN.md §13): a field every type takes, beside the record's actor.
@Suite("onBehalfOf, the field every event type takes")
struct OnBehalfOfFieldTests {
    func validate(_ data: CBORValue, as type: String) throws -> ValidatedData {
        try EventDataValidator.validate(data.encoded(), as: EventCatalogue.type(named: type)!) { _ in CatalogueExamples.correctedType }
    }

    @Test("every type of the catalogue and of the store's own streams takes onBehalfOf: a staff member, optional, not personal")
    func everyType() {
        for spec in EventCatalogue.types + SettingsStream.types + AccessStream.types {
            let field = spec.field("onBehalfOf")
            #expect(field?.kind == .staffMember && field?.isRequired == false && field?.isPersonal == false, "\(spec.name)")
            #expect(spec.fields.filter { $0.name == "onBehalfOf" }.count == 1, "\(spec.name)")
            #expect(!spec.ownFields.contains { $0.name == "onBehalfOf" }, "\(spec.name)")
        }
    }

    @Test("an event with onBehalfOf keeps it in its data; it is not the field subject.details-changed asks for")
    func keptInData() throws {
        let checked = try validate(["kind": "person", "name": "Jane Example", "onBehalfOf": "s.patel"], as: "subject.registered")
        #expect(try CBORValue(decoding: checked.data) == ["kind": "person", "onBehalfOf": "s.patel"])
        #expect(throws: ValidationError(.noFields, type: "subject.details-changed")) {
            try validate(["onBehalfOf": "s.patel"], as: "subject.details-changed")
        }
        #expect(throws: ValidationError.self) { try validate(["worker": "a.khan", "onBehalfOf": " "], as: "case.assigned") }
    }

    @Test("a correction cannot change whom an event was recorded for, as it cannot change its actor")
    func notCorrected() {
        let data: CBORValue = ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": ["onBehalfOf": "b.lee"]]
        let error = #expect(throws: ValidationError.self) { try validate(data, as: "case.entry-corrected") }
        #expect(error?.description.contains("unknown field \"changes.onBehalfOf\"") == true, "\(String(describing: error))")
        #expect(throws: Never.self) {
            try validate(["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": ["riskLevel": "low"],
                          "onBehalfOf": "b.lee"], as: "case.entry-corrected")
        }
    }

    @Test("stamping data gives the bytes the fields would have had given together; a data map naming another is refused")
    func stamp() throws {
        let data: CBORValue = ["kind": "person", "supportNeeds": ["sight"]]
        let stamped = try OnBehalfOf.stamp("s.patel", into: data.encoded())
        #expect(stamped == (["kind": "person", "supportNeeds": ["sight"], "onBehalfOf": "s.patel"] as CBORValue).encoded())
        #expect(try OnBehalfOf.stamp("s.patel", into: stamped) == stamped)
        #expect(throws: ValidationError.self) { try OnBehalfOf.stamp("b.lee", into: stamped) }
        var fields: [String: CBORValue] = ["onBehalfOf": "s.patel"]
        #expect(throws: ValidationError.self) { try OnBehalfOf.stamp("b.lee", into: &fields) }
        #expect(OnBehalfOf.name("a.khan", besideActor: "a.khan") == nil && OnBehalfOf.name("s.patel", besideActor: "a.khan") == "s.patel")
    }
}
