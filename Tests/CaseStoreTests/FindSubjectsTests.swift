import CaseStore
import Casework
import Codec
import EventLog
import Testing
import TestSupport

/// Finding people through the blind index (DOMAIN.md §13, "Finding people"; issue 23 item 5).
@Suite("Finding people")
struct FindSubjectsTests {
    let scratch = TemporaryDirectory()
    static let monday = Timestamp(year: 2025, month: 3, day: 3, hour: 9)
    static let owner = AccessUser.owner("owner")
    static let north = AccessUser(name: "cw.north", roles: [.caseworker], team: "North")
    static let south = AccessUser(name: "cw.south", roles: [.caseworker], team: "South")
    static let teams = ["cw.north": "North", "cw.south": "South"]

    /// P-000001 Jane Example (1980-02-03, LS29 9LJ), named by a tenancy case cw.north opened;
    /// P-000002 Jane Example (1975-01-01); P-000003 John Other.
    func newStore() throws -> (CaseStore, KeyStore) {
        let keys = try KeyStore(path: scratch.appending("store.keys"), master: MasterKey.generate(), createIfMissing: true)
        var options = CaseStore.Options()
        options.isDurable = false
        options.keyStore = keys
        let store = try CaseStore.create(at: scratch.appending("store"), options: options).store
        _ = try store.record([
            person("Jane Example", dob: "1980-02-03", address: "12 Acacia Road, Ilkley LS29 9LJ"),
            person("Jane Example", dob: "1975-01-01", address: "Flat 2, 1 High Street, Otley LS21 3AA"),
            person("John Other", dob: "1980-02-03"),
            NewEvent(type: "tenancy.referral-received", occurredAt: Self.monday,
                     fields: ["household": "P-000001", "tenancyRef": "T-1", "reasons": ["rent-arrears"]]),
        ], actor: "cw.north")
        return (store, keys)
    }

    func person(_ name: String, dob: String, address: String? = nil) -> NewEvent {
        var fields: [String: CBORValue] = ["kind": "person", "name": .text(name), "dateOfBirth": .text(dob)]
        if let address { fields["address"] = .text(address) }
        return NewEvent(type: "subject.registered", occurredAt: Self.monday, fields: fields)
    }

    func found(_ store: CaseStore, _ search: SubjectSearch, by user: AccessUser = Self.owner) throws -> [String] {
        try store.findSubjects(search, by: user, teams: Self.teams).subjects.map(\.reference)
    }

    @Test("a search matches on normalised forms, ANDs its criteria and gives each subject's name and date of birth")
    func normalised() throws {
        let (store, _) = try newStore()
        #expect(try found(store, SubjectSearch(name: "JANE  Éxample")) == ["P-000001", "P-000002"])
        #expect(try found(store, SubjectSearch(name: "jane-example", dateOfBirth: "1980-02-03")) == ["P-000001"])
        #expect(try found(store, SubjectSearch(postcode: "ls29 9lj")) == ["P-000001"])
        #expect(try found(store, SubjectSearch(name: "Jane Example", postcode: "LS21 3AA")) == ["P-000002"])
        #expect(try found(store, SubjectSearch(name: "Jane Exampl")) == [])
        let first = try #require(try store.findSubjects(SubjectSearch(dateOfBirth: "1980-02-03", postcode: "LS299LJ"), by: Self.owner).subjects.first)
        #expect(first == SubjectSearchResult.Found(reference: "P-000001", kind: "person", name: "Jane Example", dateOfBirth: "1980-02-03",
                                                   mergedInto: nil))
        #expect(throws: CaselogError.self) { try store.findSubjects(SubjectSearch(), by: Self.owner) }
        #expect(throws: CaselogError.self) { try store.findSubjects(SubjectSearch(postcode: "Leeds"), by: Self.owner) }
    }

    @Test("details-changed replaces the criteria it gives; the index takes in what was recorded since it last looked")
    func detailsChanged() throws {
        let (store, _) = try newStore()
        #expect(try found(store, SubjectSearch(name: "Jane Example")) == ["P-000001", "P-000002"])
        _ = try store.record(NewEvent(type: "subject.details-changed", caseReference: "P-000002", occurredAt: Self.monday,
                                      fields: ["name": "Janet Newname"]), actor: "owner")
        #expect(try found(store, SubjectSearch(name: "Jane Example")) == ["P-000001"])
        #expect(try found(store, SubjectSearch(name: "janet newname", dateOfBirth: "1975-01-01")) == ["P-000002"])
        #expect(try found(store, SubjectSearch(postcode: "LS21 3AA")) == ["P-000002"], "the address it did not give is kept")
    }

    @Test("a caseworker finds the subjects their team's cases name, and any by name and date of birth; an analyst none")
    func policy() throws {
        let (store, _) = try newStore()
        let name = SubjectSearch(name: "Jane Example")
        #expect(try found(store, name, by: Self.north) == ["P-000001"])
        #expect(try found(store, name, by: Self.south) == [])
        #expect(try found(store, SubjectSearch(name: "Jane Example", dateOfBirth: "1975-01-01"), by: Self.south) == ["P-000002"])
        #expect(try found(store, name, by: AccessUser(name: "m", roles: [.manager])) == ["P-000001", "P-000002"])
        #expect(try found(store, name, by: AccessUser(name: "s", roles: [.safeguardingLead])) == ["P-000001", "P-000002"])
        #expect(try found(store, name, by: AccessUser(name: "p", roles: [.panelMember])) == [])
        for user in [AccessUser(name: "a", roles: [.analyst]), AccessUser(name: "n", roles: [])] {
            #expect { try store.findSubjects(name, by: user) } throws: { error in (error as? CaselogError)?.kind == .notPermitted }
        }
    }

    @Test("the read to log names the subjects returned, purpose find")
    func logged() throws {
        let (store, _) = try newStore()
        let result = try store.findSubjects(SubjectSearch(name: "Jane Example"), by: Self.north, teams: Self.teams)
        let read = store.findRead(result, by: Self.north)
        #expect(read.subjects == ["P-000001"] && read.purpose == "find" && read.user == "cw.north" && !read.isBreakGlass)
    }

    @Test("after removeBlindEntries a subject is not found, even when its details change again")
    func removed() throws {
        let (store, keys) = try newStore()
        #expect(try found(store, SubjectSearch(dateOfBirth: "1980-02-03")) == ["P-000001", "P-000003"])
        try keys.removeBlindEntries(of: ["P-000001"])
        #expect(try found(store, SubjectSearch(dateOfBirth: "1980-02-03")) == ["P-000003"])
        _ = try store.record(NewEvent(type: "subject.details-changed", caseReference: "P-000001", occurredAt: Self.monday,
                                      fields: ["name": "Jane Example"]), actor: "owner")
        #expect(try found(store, SubjectSearch(name: "Jane Example")) == ["P-000002"])
    }

    @Test("erasing a subject removes it from the index before its keys go: found before, not after, and not again")
    func erased() throws {
        let (store, keys) = try newStore()
        #expect(try found(store, SubjectSearch(postcode: "LS29 9LJ")) == ["P-000001"])
        _ = try store.erase("P-000001", reason: .request, requestRef: nil, actor: "owner")
        // Removed by the erasure itself, not only by the next search's catching up.
        #expect(try keys.blindMatches([BlindTerm(PersonTerms.postcode, "LS299LJ")]) == [])
        #expect(try found(store, SubjectSearch(postcode: "LS29 9LJ")) == [])
        #expect(try found(store, SubjectSearch(dateOfBirth: "1980-02-03")) == ["P-000003"])
        #expect(try store.likelyDuplicates(of: "P-000003") == [])
    }

    @Test("a merged subject is shown merged into the kept one, which is found by the merged one's details too")
    func merged() throws {
        let (store, _) = try newStore()
        _ = try store.record(NewEvent(type: "subject.merged", caseReference: "P-000002", occurredAt: Self.monday,
                                      fields: ["into": "P-000003"]), actor: "owner")
        let result = try store.findSubjects(SubjectSearch(name: "Jane Example", dateOfBirth: "1975-01-01"), by: Self.owner)
        #expect(result.subjects.map(\.reference) == ["P-000002", "P-000003"])
        #expect(result.subjects[0].mergedInto == "P-000003" && result.subjects[1].mergedInto == nil)
        #expect(result.subjects[1].name == "John Other")
    }

    @Test("a subject registered with another's name and date of birth is a likely duplicate of it")
    func duplicates() throws {
        let (store, _) = try newStore()
        _ = try store.record(person("JANE EXAMPLE", dob: "1980-02-03"), actor: "owner")
        #expect(try store.likelyDuplicates(of: "P-000004") == ["P-000001"])
        #expect(try store.likelyDuplicates(of: "P-000003") == [])
        #expect(try store.likelyDuplicates(of: "P-000002") == [])
    }

    @Test("the key store's files hold no name, date of birth or postcode after indexing")
    func noClearText() throws {
        let (store, _) = try newStore()
        _ = try store.record(person("Philippa Oyelaran-Whitcombe", dob: "1961-07-19", address: "9 Juniper Mews, Kettleby LE14 3JQ"), actor: "owner")
        #expect(try found(store, SubjectSearch(name: "philippa oyelaran whitcombe")) == ["P-000004"])
        for file in ["data.mdb", "lock.mdb"] {
            let bytes = readFile(scratch.appending("store.keys/" + file)) ?? []
            for value in ["Oyelaran", "oyelaran", "1961-07-19", "LE143JQ", "LE14 3JQ"] {
                #expect(firstIndex(of: Array(value.utf8), in: bytes) == nil, "\(value) in \(file)")
            }
        }
    }

    @Test("without a key store a search is refused (usage), and no subject is a likely duplicate")
    func withoutKeyStore() throws {
        var options = CaseStore.Options()
        options.isDurable = false
        let store = try CaseStore.create(at: scratch.appending("clear"), options: options).store
        _ = try store.record(person("Jane Example", dob: "1980-02-03"), actor: "owner")
        #expect { try store.findSubjects(SubjectSearch(name: "Jane"), by: Self.owner) } throws: { ($0 as? CaselogError)?.kind == .usage }
        #expect(try store.likelyDuplicates(of: "P-000001") == [])
    }
}
