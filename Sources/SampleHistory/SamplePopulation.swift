import Casework
/// A person or household known to the organisation: its subject stream and what cases need to
/// know about it.
final class SampleSubject {
    var stream: SampleStream
    let isHousehold: Bool
    let isChild: Bool
    let familyName: String
    /// A person's given name (a household's lead tenant's).
    let givenName: String
    /// The people registered as members of a household (none for a person).
    let members: [SampleSubject]
    /// A household's tenancy reference (empty for a person).
    let tenancyRef: String
    /// The household's latest tenancy support case, and the latest safeguarding concern about it
    /// or one of its members.
    var tenancyCase: SampleCaseHandle?
    var safeguardingCase: SampleCaseHandle?
    /// Whether a tenancy support case about the household is open now (one at a time).
    var hasOpenTenancyCase = false

    init(stream: SampleStream, isHousehold: Bool, isChild: Bool, givenName: String, familyName: String,
         members: [SampleSubject], tenancyRef: String) {
        self.stream = stream
        self.isHousehold = isHousehold
        self.isChild = isChild
        self.givenName = givenName
        self.familyName = familyName
        self.members = members
        self.tenancyRef = tenancyRef
    }
}

/// The subjects the generator remembers: recent households and people, in fixed-size rings.
struct SamplePopulation {
    var households = SampleRing<SampleSubject>(capacity: 4_096)
    var people = SampleRing<SampleSubject>(capacity: 4_096)

    /// How far the generator's memory of subjects has filled, from 0 to 1. An organisation knows
    /// thousands of tenants from the first day; a history that starts empty would otherwise have
    /// its first few subjects make every complaint.
    func familiarity(_ ring: SampleRing<SampleSubject>) -> Double {
        min(1, Double(ring.count) / 1_500)
    }
}

extension SampleSimulator {
    /// The household a tenancy referral is about: a household already known (a repeat referral)
    /// or one registered now.
    func householdForReferral(at time: Int64) -> SampleSubject {
        if random.chance(0.3 * population.familiarity(population.households)),
           let known = population.households.randomElement(&random), !known.hasOpenTenancyCase {
            return known
        }
        return registerHousehold(at: time)
    }

    /// The person a safeguarding concern is about, and their household when it is known.
    func personForConcern(at time: Int64, isChild: Bool) -> (person: SampleSubject, household: SampleSubject?) {
        if random.chance((isChild ? 0.5 : 0.55) * population.familiarity(population.households)) {
            for _ in 0..<6 {
                if let household = population.households.recentElement(&random, within: 2_000),
                   let member = household.members.first(where: { $0.isChild == isChild }) {
                    return (member, household)
                }
            }
        }
        if !isChild && random.chance(0.4 * population.familiarity(population.people)),
           let known = population.people.randomElement(&random), !known.isChild {
            return (known, nil)
        }
        let person = registerPerson(at: time, familyName: random.pick(SampleVocabulary.familyNames), isChild: isChild,
                                    address: makeAddress())
        return (person, nil)
    }

    /// The person or household making a complaint: mostly tenants already known.
    func complainant(at time: Int64) -> SampleSubject {
        let draw = random.unit()
        if draw < 0.72 * population.familiarity(population.households),
           let household = population.households.randomElement(&random) { return household }
        if draw < 0.82 * population.familiarity(population.people),
           let person = population.people.randomElement(&random), !person.isChild { return person }
        return registerHousehold(at: time)
    }

    /// Registers a household, and first some of its members as people.
    func registerHousehold(at time: Int64) -> SampleSubject {
        let familyName = random.pick(SampleVocabulary.familyNames)
        let address = makeAddress()
        var members: [SampleSubject] = []
        if random.chance(0.2) {
            members.append(registerPerson(at: time, familyName: familyName, isChild: false, address: address))
            if random.chance(0.45) {
                members.append(registerPerson(at: time, familyName: familyName, isChild: true, address: address))
            }
        }
        var data = SampleJSONObject(capacity: 320)
        data.add("kind", "household")
        let leadTenant = members.first?.givenName ?? random.pick(SampleVocabulary.givenNames)
        data.add("name", random.chance(0.5) ? "The \(familyName) household" : "\(leadTenant) \(familyName) and household")
        data.add("address", address)
        data.add("phone", makePhone())
        if random.chance(0.55) { data.add("email", makeEmail(familyName, given: leadTenant)) }
        if !members.isEmpty { data.add("householdMembers", strings: members.map(\.stream.reference)) }
        if random.chance(0.25) {
            data.add("supportNeeds", strings: random.weightedDistinct(SampleVocabulary.supportNeeds, count: random.int(1...2)))
        }
        let stream = open(.subject, "subject.registered", at: time, data: data.finish())
        let tenancyRef = "T-00" + SampleReferenceKind.padded(10_000 + random.below(89_999), 5)
        let household = SampleSubject(stream: stream, isHousehold: true, isChild: false, givenName: leadTenant, familyName: familyName,
                                      members: members, tenancyRef: tenancyRef)
        population.households.append(household)
        return household
    }

    /// Registers one person.
    func registerPerson(at time: Int64, familyName: String, isChild: Bool, address: String) -> SampleSubject {
        let given = random.pick(isChild ? SampleVocabulary.childNames : SampleVocabulary.givenNames)
        let age = isChild ? random.int(1...16) : random.int(18...45) + random.below(40) * random.below(2)
        var data = SampleJSONObject(capacity: 320)
        data.add("kind", "person")
        data.add("name", "\(given) \(familyName)")
        data.add("dateOfBirth", dateText(time, plusDays: -(age * 365 + random.below(365))))
        data.add("address", address)
        if !isChild {
            data.add("phone", makePhone())
            if random.chance(0.55) { data.add("email", makeEmail(familyName, given: given)) }
        }
        if random.chance(isChild ? 0.1 : 0.3) {
            data.add("supportNeeds", strings: random.weightedDistinct(SampleVocabulary.supportNeeds, count: random.int(1...2)))
        }
        let stream = open(.subject, "subject.registered", at: time, data: data.finish())
        let person = SampleSubject(stream: stream, isHousehold: false, isChild: isChild, givenName: given, familyName: familyName,
                                   members: [], tenancyRef: "")
        population.people.append(person)
        return person
    }

    /// Records a `subject.details-changed` for a remembered subject (a new phone, email, address
    /// or support needs), as happens when someone gets in touch.
    func changeSubjectDetails(_ subject: SampleSubject, at time: Int64) {
        var data = SampleJSONObject(capacity: 160)
        switch random.below(10) {
        case 0...3: data.add("phone", makePhone())
        case 4...5: data.add("email", makeEmail(subject.familyName, given: subject.givenName))
        case 6...7:
            if subject.isHousehold { data.add("phone", makePhone()) } else { data.add("address", makeAddress()) }
        default:
            data.add("supportNeeds", strings: random.weightedDistinct(SampleVocabulary.supportNeeds, count: random.int(1...3)))
        }
        record("subject.details-changed", on: &subject.stream, at: time, data: data.finish())
    }

    func makeAddress() -> String {
        let town = SampleVocabulary.towns[random.weightedIndex(SampleVocabulary.townWeights)]
        let street = "\(random.pick(SampleVocabulary.streetNames)) \(random.pick(SampleVocabulary.streetKinds))"
        let postcode = "\(town.area)\(random.int(town.districts)) \(random.int(1...9))"
            + random.pick(SampleVocabulary.postcodeLetters) + random.pick(SampleVocabulary.postcodeLetters)
        if random.chance(0.3) {
            let block = "\(random.pick(SampleVocabulary.streetNames)) \(random.pick(SampleVocabulary.blockNames))"
            return "Flat \(random.int(1...48)), \(block), \(street), \(town.town) \(postcode)"
        }
        return "\(random.int(1...140)) \(street), \(town.town) \(postcode)"
    }

    func makePhone() -> String {
        random.chance(0.75)
            ? "07700 900" + SampleReferenceKind.padded(random.below(1_000), 3)
            : "0113 496 0" + SampleReferenceKind.padded(random.below(1_000), 3)
    }

    func makeEmail(_ familyName: String, given: String? = nil) -> String {
        let first = (given ?? random.pick(SampleVocabulary.givenNames)).lowercased()
        let last = familyName.lowercased().filter { $0.isLetter }
        return "\(first).\(last)\(random.int(1...99))@\(random.pick(SampleVocabulary.emailDomains))"
    }
}
