@testable import Casework
import Testing

/// DOMAIN.md §8: every free-text field is personal data (†), and so is any field that may name
/// a person or carry another body's reference to one; staff identifiers, references, dates,
/// amounts, Booleans and closed vocabularies are not; published text is the one exception.
@Suite("The catalogue holds DOMAIN.md §8's rule on personal data")
struct PersonalDataRuleTests {
    /// Every field of the catalogue with its path (`tenancy.plan-agreed.goals.description`),
    /// records' fields included. A correction's `changes` are fields of other types, walked there.
    static let everyField: [(path: String, field: FieldSpec)] = EventCatalogue.types.flatMap { spec in
        spec.fields.flatMap { field -> [(path: String, field: FieldSpec)] in
            var found = [("\(spec.name).\(field.name)", field)]
            if case .records(let inner, _) = field.kind {
                found += inner.map { ("\(spec.name).\(field.name).\($0.name)", $0) }
            }
            return found
        }
    }

    @Test("every free-text field, at any depth, is personal data or published text")
    func freeTextIsPersonal() {
        var freeText = 0
        var offending: [String] = []
        for (path, field) in Self.everyField {
            switch field.kind {
            case .text, .texts:
                freeText += 1
                if !field.isPersonal && !field.isPublished { offending.append(path) }
            default:
                break
            }
        }
        #expect(freeText > 30, "the walk found the catalogue's free text")
        #expect(offending == [], "free text that is neither † nor published")
    }

    @Test("the fields DOMAIN.md §8 names as personal are personal")
    func namedFieldsArePersonal() throws {
        let named = [
            "safeguarding.concern-raised.raisedBy", "safeguarding.strategy-meeting-held.attendees",
            "tenancy.referred-on.agency", "tenancy.referred-on.reason", "safeguarding.referred.agencyReference",
            "complaint.extension-agreed.reason", "complaint.withdrawn.reason", "complaint.escalated.reason",
            "case.entry-corrected.reason", "case.reopened.reason", "complaint.learning-actioned.evidence",
            "complaint.referred-to-ombudsman.reference",
        ]
        for path in named {
            let field = try #require(Self.everyField.first { $0.path == path }?.field, "\(path) is not in the catalogue")
            #expect(field.isPersonal, "\(path)")
        }
    }

    @Test("staff identifiers, labels, references, dates, amounts, Booleans and closed vocabularies are not personal")
    func structuredFieldsAreNotPersonal() {
        var personal: [String] = []
        for (path, field) in Self.everyField {
            switch field.kind {
            case .text, .texts, .records, .changes:
                continue
            case .date where path.hasSuffix(".dateOfBirth"):
                // A date of birth identifies a person: the one date that is †.
                continue
            default:
                if field.isPersonal { personal.append(path) }
            }
        }
        #expect(personal == [])
        // Closed vocabularies keep their names: `agency` and `reason` are not † where they are lists.
        for path in ["safeguarding.referred.agency", "tenancy.visit-missed.reason"] {
            #expect(Self.everyField.first { $0.path == path }?.field.isPersonal == false, "\(path)")
        }
    }

    @Test("workers and owners are staff members, and tenancy references and service areas labels")
    func staffAndLabels() {
        for (path, field) in Self.everyField where ["worker", "owner"].contains(field.name) {
            #expect(field.kind == .staffMember, "\(path)")
        }
        for path in ["tenancy.referral-received.tenancyRef", "complaint.learning-identified.serviceArea"] {
            #expect(Self.everyField.first { $0.path == path }?.field.kind == .label, "\(path)")
        }
    }

    @Test("published text is weDid alone, and its help says to name no one")
    func publishedText() throws {
        let published = Self.everyField.filter { $0.field.isPublished }
        #expect(published.map(\.path) == ["complaint.learning-identified.weDid"])
        let weDid = try #require(published.first?.field)
        #expect(!weDid.isPersonal)
        #expect(weDid.summary.contains("no names"), "\(weDid.summary)")
    }
}
