import Testing
@testable import Casework
import Codec
import EventLog

/// The case file and the lifecycle match events by their type's name: a name that is not the
/// catalogue's would match nothing, silently. These hold every name they match to `EventCatalogue`.
@Suite("Case file and lifecycle: every type name they match is the catalogue's")
struct CaseFileCatalogueTests {
    @Test("every type the case file reads is a type of the catalogue, recorded on a case or subject")
    func caseFileTypes() {
        for type in CaseFileEventType.allCases {
            let spec = EventCatalogue.type(named: type.rawValue)
            #expect(spec != nil, "\(type.rawValue) is not a type of the catalogue")
            #expect(spec?.caseTypes.isEmpty == false, "\(type.rawValue) is not recorded on a case or subject")
        }
    }

    @Test("the case file's opening types are the catalogue's opening types, one per kind of stream")
    func openingTypes() {
        let opening: [CaseFileEventType] = [.tenancyReferralReceived, .concernRaised, .complaintReceived, .reviewOpened, .feedbackReceived,
                                            .subjectRegistered]
        #expect(Set(opening.map(\.rawValue)) == Set(EventCatalogue.types.filter(\.opensStream).map(\.name)))
        #expect(Set(opening.map(\.rawValue)) == Set(CaseType.allCases.map(\.openingType)))
    }

    @Test("the field that names a case's subject is a subject field of its opening type")
    func subjectFields() throws {
        for type in CaseFileEventType.allCases {
            guard let field = type.subjectField else { continue }
            let spec = try #require(EventCatalogue.type(named: type.rawValue))
            #expect(spec.opensStream, "\(type.rawValue) names a subject but opens no case")
            #expect(spec.fields.first { $0.name == field }?.kind == .subject, "\(type.rawValue) has no subject field \(field)")
        }
    }

    @Test("the field that names an item is a field of each type that sets or completes it")
    func itemFields() throws {
        for type in CaseFileEventType.allCases {
            guard let item = type.item else { continue }
            let spec = try #require(EventCatalogue.type(named: type.rawValue))
            #expect(spec.fields.contains { $0.name == item.idField }, "\(type.rawValue) has no field \(item.idField)")
            if type.setsDueDate { #expect(spec.fields.contains { $0.name == "dueDate" }, "\(type.rawValue) has no dueDate") }
            if type.hasOwner { #expect(spec.fields.contains { $0.name == "owner" }, "\(type.rawValue) has no owner") }
        }
    }

    @Test("every other field the case file reads is a field of its type in the catalogue, read by that name")
    func readFields() throws {
        let read: [(type: CaseFileEventType, field: String, value: String, isRead: (CaseFileEntry) -> Bool)] = [
            (.concernRaised, "immediateRisk", "true", { $0.immediateRisk == true }),
            (.assigned, "worker", #""a.khan""#, { $0.worker == "a.khan" }),
            (.needsAssessed, "riskLevel", #""high""#, { $0.riskLevel == "high" }),
            (.triaged, "riskLevel", #""high""#, { $0.riskLevel == "high" }),
            (.tenancyClosed, "outcome", #""sustained""#, { $0.outcome == "sustained" }),
            (.safeguardingClosed, "outcome", #""resolved""#, { $0.outcome == "resolved" }),
            (.acknowledged, "stage", "1", { $0.stage == 1 }),
            (.responded, "stage", "1", { $0.stage == 1 }),
            (.extensionAgreed, "stage", "1", { $0.stage == 1 }),
            (.extensionAgreed, "workingDays", "5", { $0.workingDays == 5 }),
        ]
        for (type, field, value, isRead) in read {
            let spec = try #require(EventCatalogue.type(named: type.rawValue))
            #expect(spec.fields.contains { $0.name == field }, "\(type.rawValue) has no field \(field)")
            let data = CaseHistory.cbor("{\"\(field)\":\(value)}")
            let entry = data.withUnsafeBytes { bytes in
                CaseFileEntry(type: type, eventID: .random(), occurredAt: at("2025-06-02T09:00:00Z"), data: CBORView(bytes))
            }
            #expect(isRead(entry), "\(type.rawValue)'s \(field) is not read")
        }
    }

    @Test("every type the lifecycle allows on a closed case is a type of the catalogue")
    func allowedWhenClosed() {
        for name in CaseLifecycle.allowedWhenClosed.sorted() {
            #expect(EventCatalogue.type(named: name) != nil, "\(name) is not a type of the catalogue")
        }
    }
}
