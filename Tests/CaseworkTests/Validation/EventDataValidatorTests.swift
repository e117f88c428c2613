@testable import Casework
import Testing
import TestSupport
import Codec

@Suite("The event catalogue and the checks of event data")
struct EventDataValidatorTests {
    static let types = EventCatalogue.types

    func validate(_ data: CBORValue, personal: CBORValue? = nil, as spec: EventTypeSpec) throws -> ValidatedData {
        try EventDataValidator.validate(data.encoded(), personal: personal?.encoded(), as: spec) { _ in CatalogueExamples.correctedType }
    }

    func problem(_ data: CBORValue, personal: CBORValue? = nil, as spec: EventTypeSpec) -> ValidationError? {
        do {
            _ = try validate(data, personal: personal, as: spec)
            return nil
        } catch let error as ValidationError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("the catalogue has every event type of DOMAIN.md §1–5, review.member-added and subject.merged (§13), subject.erased (§8), feedback and case.entry-voided (§10), each once")
    func everyType() {
        let expected = [
            "subject.registered", "subject.details-changed", "subject.merged", "subject.erased",
            "case.assigned", "case.note-added", "case.linked", "case.entry-corrected", "case.entry-voided", "case.reopened",
            "tenancy.referral-received", "tenancy.needs-assessed", "tenancy.plan-agreed", "tenancy.visit-scheduled",
            "tenancy.visit-completed", "tenancy.visit-missed", "tenancy.support-given", "tenancy.referred-on",
            "tenancy.arrears-recorded", "tenancy.goal-reviewed", "tenancy.case-closed", "tenancy.sustainment-checked",
            "safeguarding.concern-raised", "safeguarding.subject-views-recorded", "safeguarding.triaged",
            "safeguarding.referred", "safeguarding.strategy-meeting-held", "safeguarding.action-assigned",
            "safeguarding.action-completed", "safeguarding.closed",
            "review.opened", "review.member-added", "review.finding-recorded", "review.recommendation-made", "review.recommendation-implemented",
            "review.closed",
            "complaint.received", "complaint.acknowledged", "complaint.extension-agreed", "complaint.responded",
            "complaint.remedy-offered", "complaint.escalated", "complaint.referred-to-ombudsman", "complaint.withdrawn",
            "complaint.closed", "complaint.learning-identified", "complaint.learning-actioned",
            "feedback.received", "feedback.acknowledged", "feedback.responded", "feedback.closed",
        ]
        #expect(Self.types.map(\.name) == expected)
        #expect(Set(Self.types.map(\.name)).count == Self.types.count)
    }

    @Test("each case type is opened by exactly the event DOMAIN.md names")
    func openingEvents() {
        for caseType in CaseType.allCases {
            let openers = Self.types.filter { $0.opensStream && $0.caseTypes.contains(caseType) }.map(\.name)
            #expect(openers == [caseType.openingType])
        }
    }

    @Test("the personal fields are exactly the † fields of DOMAIN.md, with those §8's rule adds")
    func personalFields() {
        var personal: [String] = []
        for spec in Self.types where spec.name != "subject.details-changed" {
            for field in spec.fields {
                if field.isPersonal { personal.append("\(spec.name).\(field.name)") }
                if case .records(let inner, _) = field.kind {
                    personal += inner.filter(\.isPersonal).map { "\(spec.name).\(field.name).\($0.name)" }
                }
            }
        }
        #expect(personal.sorted() == [
            "case.entry-corrected.reason", "case.entry-voided.reason", "case.note-added.text", "case.reopened.reason",
            "complaint.escalated.reason", "complaint.extension-agreed.reason", "complaint.learning-actioned.evidence",
            "complaint.learning-identified.youSaid", "complaint.received.outcomeSought",
            "complaint.received.summary", "complaint.referred-to-ombudsman.reference", "complaint.responded.reasons",
            "complaint.withdrawn.reason",
            "feedback.received.text", "feedback.responded.text",
            "review.closed.summary", "review.finding-recorded.summary", "review.opened.termsOfReference",
            "review.recommendation-implemented.evidence", "review.recommendation-made.action",
            "safeguarding.action-assigned.description", "safeguarding.action-completed.evidence",
            "safeguarding.concern-raised.description", "safeguarding.concern-raised.raisedBy",
            "safeguarding.referred.agencyReference", "safeguarding.strategy-meeting-held.attendees",
            "safeguarding.strategy-meeting-held.decisions",
            "safeguarding.subject-views-recorded.outcomesWanted", "safeguarding.subject-views-recorded.wishes",
            "safeguarding.triaged.rationale",
            "subject.registered.address", "subject.registered.dateOfBirth", "subject.registered.email",
            "subject.registered.name", "subject.registered.phone",
            "tenancy.plan-agreed.goals.description", "tenancy.referral-received.summary", "tenancy.referred-on.agency",
            "tenancy.referred-on.reason", "tenancy.visit-completed.notes",
        ])
    }

    @Test("every type accepts data with all its fields, and with only its required ones", arguments: types)
    func validExamples(spec: EventTypeSpec) throws {
        for data in [CatalogueExamples.fullData(spec), CatalogueExamples.minimalData(spec)] {
            let checked = try validate(data, as: spec)
            // What comes out is the same fields, personal ones apart.
            let merged = try CBORValue(decoding: checked.data).mergingPersonal(checked.personal.map { try CBORValue(decoding: $0) })
            #expect(merged == data, "\(spec.name)")
            let dataFields = try CBORValue(decoding: checked.data).keys
            #expect(dataFields.allSatisfy { spec.field($0)?.isPersonal == false }, "\(spec.name): \(dataFields)")
        }
    }

    @Test("every type refuses each required field missing, naming it", arguments: types)
    func missingFields(spec: EventTypeSpec) throws {
        for field in spec.fields where field.isRequired {
            var entries = try #require(CatalogueExamples.fullData(spec).mapEntries, "\(spec.name): the example is not a map")
            entries[field.name] = nil
            let error = problem(.map(entries), as: spec)
            #expect(error?.problem == .missingField(field.name), "\(spec.name): \(String(describing: error))")
            #expect(error?.type == spec.name)
        }
    }

    @Test("every type refuses a field it does not have", arguments: types)
    func unknownField(spec: EventTypeSpec) throws {
        var entries = try #require(CatalogueExamples.minimalData(spec).mapEntries, "\(spec.name): the example is not a map")
        entries["colour"] = "blue"
        #expect(problem(.map(entries), as: spec)?.problem == .unknownField("colour", suggestion: nil))
    }

    @Test("every field refuses values of the wrong shape, naming the field", arguments: types)
    func wrongValues(spec: EventTypeSpec) throws {
        for field in spec.fields {
            for bad in CatalogueExamples.invalid(field.kind) {
                var entries = try #require(CatalogueExamples.fullData(spec).mapEntries, "\(spec.name): the example is not a map")
                entries[field.name] = bad
                let error = problem(.map(entries), as: spec)
                #expect(error != nil, "\(spec.name).\(field.name) took \(bad)")
                #expect(error?.description.contains("\"\(field.name)") == true, "\(String(describing: error))")
            }
        }
    }

    @Test("a type that needs some field refuses empty data")
    func needsSomeField() {
        let spec = EventCatalogue.type(named: "subject.details-changed")!
        #expect(problem([:], as: spec)?.problem == .noFields)
    }

    @Test("a subject's personal details are routed to the personal section")
    func subjectSplit() throws {
        let spec = EventCatalogue.type(named: "subject.registered")!
        let checked = try validate(["kind": "person", "name": "Kerry Asante", "phone": "07700 900394",
                                    "supportNeeds": ["hearing"]], as: spec)
        #expect(try CBORValue(decoding: checked.data) == ["kind": "person", "supportNeeds": ["hearing"]])
        #expect(try checked.personal.map { try CBORValue(decoding: $0) } == ["name": "Kerry Asante", "phone": "07700 900394"])
    }

    @Test("data without personal fields is kept byte for byte, with no personal section")
    func noPersonal() throws {
        let spec = EventCatalogue.type(named: "case.assigned")!
        let data = CBORValue(dictionaryLiteral: ("worker", "v.novak")).encoded()
        let checked = try EventDataValidator.validate(data, as: spec)
        #expect(checked.data == data && checked.personal == nil)
    }

    @Test("a plan's goal descriptions are personal; ids and dates stay with the data")
    func goalsSplit() throws {
        let spec = EventCatalogue.type(named: "tenancy.plan-agreed")!
        let checked = try validate(["goals": [["goalId": "G1", "description": "Clear the hallway", "targetDate": "2025-07-01"],
                                              ["goalId": "G2"]]], as: spec)
        #expect(try CBORValue(decoding: checked.data) == ["goals": [["goalId": "G1", "targetDate": "2025-07-01"], ["goalId": "G2"]]])
        #expect(try checked.personal.map { try CBORValue(decoding: $0) } == ["goals": [["description": "Clear the hallway"], [:]]])
    }

    @Test("a goal without its id is refused, naming the goal")
    func goalWithoutID() {
        let spec = EventCatalogue.type(named: "tenancy.plan-agreed")!
        #expect(problem(["goals": [["goalId": "G1"], ["description": "x"]]], as: spec)?.problem == .missingField("goals[2].goalId"))
    }

    @Test("a correction's changes are checked as fields of the corrected event, personal ones routed apart")
    func correctionChanges() throws {
        let spec = EventCatalogue.type(named: "case.entry-corrected")!
        let base: CBORValue = ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "Risk understated"]
        func with(_ changes: CBORValue) -> CBORValue {
            guard case .map(var entries) = base else { return base }
            entries["changes"] = changes
            return .map(entries)
        }
        let checked = try validate(with(["riskLevel": "critical", "rationale": "New information from the police"]), as: spec)
        #expect(try CBORValue(decoding: checked.data) == ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "changes": ["riskLevel": "critical"]])
        #expect(try checked.personal.map { try CBORValue(decoding: $0) }
            == ["reason": "Risk understated", "changes": ["rationale": "New information from the police"]])
        #expect(problem(with(["riskLevel": "severe"]), as: spec)?.description.contains("changes.riskLevel") == true)
        #expect(problem(with(["dueDate": "2025-01-01"]), as: spec)?.problem == .unknownField("changes.dueDate", suggestion: nil))
    }

    @Test("a correction naming an event the case does not have is refused")
    func correctionOfUnknownEvent() throws {
        let spec = EventCatalogue.type(named: "case.entry-corrected")!
        let data: CBORValue = ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": ["riskLevel": "low"]]
        #expect(throws: ValidationError.self) { try EventDataValidator.validate(data.encoded(), as: spec) { _ in nil } }
    }

    @Test("personal fields given apart (an export) are checked and kept as given")
    func personalGivenApart() throws {
        let spec = EventCatalogue.type(named: "case.note-added")!
        let checked = try validate([:], personal: ["text": "Visited."], as: spec)
        #expect(try checked.personal.map { try CBORValue(decoding: $0) } == ["text": "Visited."])
        #expect(problem(["text": "Visited."], personal: ["text": "Again"], as: spec)?.problem == .misplacedField("text", isPersonal: true))
        let assigned = EventCatalogue.type(named: "case.assigned")!
        #expect(problem([:], personal: ["worker": "a.b"], as: assigned)?.problem == .misplacedField("worker", isPersonal: false))
    }

    @Test("a field that DOMAIN.md §8's rule made personal, given in data, is routed to the personal section")
    func personalByRule() throws {
        let spec = EventCatalogue.type(named: "tenancy.referred-on")!
        let checked = try validate(["agency": "Brightside Mind", "reason": "Hoarding support"], as: spec)
        #expect(checked.data == CBORValue.map([:]).encoded())
        #expect(checked.personal == (["agency": "Brightside Mind", "reason": "Hoarding support"] as CBORValue).encoded())
    }

    @Test("an export line of an older caselog, a now-personal field still in its data, has it joined to its personal fields")
    func olderExportLine() throws {
        let concern = EventCatalogue.type(named: "safeguarding.concern-raised")!
        let raised = try validate(["subject": "P-000001", "raisedBy": "A neighbour", "categories": ["self-neglect"], "immediateRisk": false],
                                  personal: ["description": "Found unwell"], as: concern)
        #expect(try CBORValue(decoding: raised.data) == ["subject": "P-000001", "categories": ["self-neglect"], "immediateRisk": false])
        // Deterministic: the joined map has the bytes its fields would have had if given together.
        #expect(raised.personal == (["raisedBy": "A neighbour", "description": "Found unwell"] as CBORValue).encoded())

        let correction = EventCatalogue.type(named: "case.entry-corrected")!
        let corrected = try validate(["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": ["riskLevel": "high"]],
                                     personal: ["changes": ["rationale": "New information"]], as: correction)
        #expect(try CBORValue(decoding: corrected.data) == ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "changes": ["riskLevel": "high"]])
        #expect(corrected.personal == (["reason": "typo", "changes": ["rationale": "New information"]] as CBORValue).encoded())
    }

    @Test("a personal field given both in data and apart is refused, inside a correction's changes too")
    func personalGivenTwice() {
        let correction = EventCatalogue.type(named: "case.entry-corrected")!
        let error = problem(["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": ["rationale": "One"]],
                            personal: ["changes": ["rationale": "Two"]], as: correction)
        #expect(error?.problem == .misplacedField("changes.rationale", isPersonal: true))
        #expect(error?.description.contains("One") == false && error?.description.contains("Two") == false)
    }

    @Test("a mistyped value or field gets a suggestion")
    func suggestions() {
        let spec = EventCatalogue.type(named: "complaint.responded")!
        let error = problem(["stage": 1, "decision": "uphold"], as: spec)
        #expect(error?.description.contains("did you mean \"upheld\"") == true, "\(String(describing: error))")
        #expect(problem(["stage": 1, "decison": "upheld"], as: spec)?.problem == .unknownField("decison", suggestion: "decision"))
    }

    @Test("personal data is never echoed in an error", arguments: [
        ("subject.registered", ["kind": "person", "name": ["Kerry Asante"]]),
        ("complaint.received", ["complainant": "Kerry Asante", "categories": ["repairs"], "summary": "Leak"]),
        ("tenancy.plan-agreed", ["goals": "Help Kerry Asante clear the hallway"]),
        ("tenancy.plan-agreed", ["goals": ["Kerry Asante"]]),
        ("subject.registered", ["kind": "person", "name": "x", "householdMembers": ["Kerry Asante"]]),
        ("case.entry-corrected", ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo", "changes": "Kerry Asante"]),
    ] as [(String, CBORValue)])
    func personalNotEchoed(type: String, data: CBORValue) {
        let error = problem(data, as: EventCatalogue.type(named: type)!)
        #expect(error != nil)
        #expect(error?.description.contains("Kerry") == false, "\(String(describing: error))")
    }

    @Test("a plan whose goals have no descriptions has no personal section")
    func goalsWithoutPersonal() throws {
        let spec = EventCatalogue.type(named: "tenancy.plan-agreed")!
        #expect(try validate(["goals": [["goalId": "G1", "targetDate": "2025-07-01"]]], as: spec).personal == nil)
    }

    @Test("a correction of personal fields only keeps no empty changes in the data, and its export imports again")
    func personalOnlyCorrection() throws {
        let spec = EventCatalogue.type(named: "case.entry-corrected")!
        let data: CBORValue = ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c", "reason": "typo",
                               "changes": ["rationale": "Risk to the children was not recorded"]]
        let checked = try validate(data, as: spec)
        #expect(try CBORValue(decoding: checked.data) == ["eventId": "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"])
        // What export writes (data and personal apart) passes again, unchanged.
        let again = try EventDataValidator.validate(checked.data, personal: checked.personal, as: spec) { _ in CatalogueExamples.correctedType }
        #expect(again == checked)
    }

    @Test("data that is not well-formed CBOR is refused, not half-checked")
    func malformedData() {
        let spec = EventCatalogue.type(named: "case.assigned")!
        // A map that says it has two entries but holds one.
        let bytes: [UInt8] = [0xA2, 0x66] + Array("worker".utf8) + [0x61, 0x61]
        #expect(throws: ValidationError.self) { try EventDataValidator.validate(bytes, as: spec) }
    }

    @Test("every type's example data passes the catalogue", arguments: types)
    func exampleDataIsValid(spec: EventTypeSpec) throws {
        let json = Array(spec.exampleData.utf8)
        var writer = CBORWriter()
        try json.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            try scanner.transcodeValue(into: &writer)
        }
        _ = try EventDataValidator.validate(writer.bytes, as: spec) { _ in CatalogueExamples.correctedType }
    }

    @Test("references are parsed to their patterns exactly", arguments: [
        ("TS-2025-000001", true), ("SG-2024-123456", true), ("CMP-2027-000310", true), ("PR-2025-0001", true), ("P-000001", true),
        ("PR-2025-000001", false), ("P-0001", false), ("TS-25-000001", false), ("TS-2025-00001", false), ("TS-2025-000000", false),
        ("ts-2025-000001", false), ("TEN-2025-000001", false), ("TS-2025-000001 ", false), ("TS_2025_000001", false), ("", false),
    ])
    func references(text: String, isValid: Bool) {
        let reference = CaseReference(text)
        #expect((reference != nil) == isValid)
        if let reference { #expect(reference.description == text) }
    }

    @Test("suggestions come from the edit distance: one letter off is near, a different word is not")
    func editDistance() {
        #expect(NameSuggestion.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(NameSuggestion.nearest(to: "complaint.recieved", in: EventCatalogue.names) == "complaint.received")
        #expect(NameSuggestion.nearest(to: "received", in: EventCatalogue.names) == "complaint.received")
        #expect(NameSuggestion.nearest(to: "holiday", in: EventCatalogue.names) == nil)
    }
}

extension CBORValue {
    /// The entries of a map; nil for anything else.
    var mapEntries: [String: CBORValue]? {
        guard case .map(let entries) = self else { return nil }
        return entries
    }

    /// The keys of a map (empty for anything else).
    var keys: [String] {
        guard case .map(let entries) = self else { return [] }
        return Array(entries.keys)
    }

    /// The map with `personal`'s fields put back (lists of records merged element by element).
    func mergingPersonal(_ personal: CBORValue?) -> CBORValue {
        guard case .map(var entries) = self, case .map(let extra)? = personal else { return self }
        for (key, value) in extra {
            switch (entries[key], value) {
            case (.array(let mine)?, .array(let theirs)):
                entries[key] = .array(zip(mine, theirs).map { $0.mergingPersonal($1) })
            case (.map?, .map):
                entries[key] = entries[key]!.mergingPersonal(value)
            default:
                entries[key] = value
            }
        }
        return .map(entries)
    }
}
