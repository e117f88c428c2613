import Casework
import EventLog
import Projections

/// A search for people (`caselog find`, `GET /v1/subjects`): the criteria as the user typed
/// them, ANDed, at least one (DOMAIN.md §13, "Finding people").
public struct SubjectSearch: Sendable, Equatable {
    /// A name, matched on its normalised form (`PersonTerms.normalisedName`).
    public var name: String?
    /// A date of birth, YYYY-MM-DD.
    public var dateOfBirth: String?
    /// A UK postcode, matched against the postcode in each subject's address.
    public var postcode: String?

    public init(name: String? = nil, dateOfBirth: String? = nil, postcode: String? = nil) {
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.postcode = postcode
    }

    /// True when it gives a name and a date of birth: a caseworker may find any subject so
    /// (to avoid registering a duplicate), not only those their team's cases name.
    public var isExactPerson: Bool { name != nil && dateOfBirth != nil }

    /// The terms the blind index is searched for.
    ///
    /// - Throws: `CaselogError` (usage) when there is no criterion, or one that normalises to
    ///   nothing (a name without a letter, a date that is not one, a postcode that is not one);
    ///   the message repeats only what the user typed.
    public func terms() throws(CaselogError) -> [BlindTerm] {
        var terms: [BlindTerm] = []
        if let name {
            guard let value = PersonTerms.normalisedName(name) else { throw Self.bad("name=\"\(name.prefix(60))\" has no letter or digit") }
            terms.append(BlindTerm(PersonTerms.name, value))
        }
        if let dateOfBirth {
            guard let value = PersonTerms.normalisedDate(dateOfBirth) else {
                throw Self.bad("dob=\"\(dateOfBirth.prefix(40))\" is not a date (YYYY-MM-DD)")
            }
            terms.append(BlindTerm(PersonTerms.dateOfBirth, value))
        }
        if let postcode {
            guard let value = PersonTerms.normalisedPostcode(postcode) else {
                throw Self.bad("postcode=\"\(postcode.prefix(20))\" is not a UK postcode (such as LS29 9LJ)")
            }
            terms.append(BlindTerm(PersonTerms.postcode, value))
        }
        guard !terms.isEmpty else { throw Self.bad("give at least one of name=…, dob=…, postcode=…") }
        return terms
    }

    /// A criterion refused: the cause of the usage error.
    public struct BadCriterion: Error, Sendable {}

    private static func bad(_ message: String) -> CaselogError { CaselogError(.usage, message, cause: BadCriterion()) }
}

/// The subjects a search found that its user may see, each with the details the user typed the
/// terms of (`SubjectSearch`): `caselog find` prints it.
public struct SubjectSearchResult: Sendable, Equatable {
    /// One subject found.
    public struct Found: Sendable, Equatable {
        /// Its reference (P-NNNNNN).
        public let reference: String
        /// `person` or `household`.
        public let kind: String?
        /// Its name now (†), nil when it cannot be read (no key).
        public let name: String?
        /// Its date of birth now (†), if recorded.
        public let dateOfBirth: String?
        /// The subject it was merged into (`subject.merged`), followed to the one kept.
        public let mergedInto: String?

        public init(reference: String, kind: String?, name: String?, dateOfBirth: String?, mergedInto: String?) {
            self.reference = reference
            self.kind = kind
            self.name = name
            self.dateOfBirth = dateOfBirth
            self.mergedInto = mergedInto
        }
    }

    /// The subjects, by reference.
    public let subjects: [Found]
}

extension CaseStore {
    /// The purpose an access-log entry of a search names.
    public static let findPurpose = "find"

    /// Takes into the blind index in the key store the `subject.registered`,
    /// `subject.details-changed`, `subject.merged` and `subject.erased` events recorded since
    /// it last did (it keeps the position it has indexed through, as a projection keeps its
    /// checkpoint), decrypting their personal sections with the store's keys. Nothing is
    /// written to the log. `findSubjects` and `likelyDuplicates` call it first.
    ///
    /// Cost: a scan of the log after the indexed position (the whole log the first time), then
    /// one write of the key store.
    ///
    /// - Throws: `CaselogError` (usage) when the store was opened without a key store;
    ///   `StoreError`, `KeyStoreError`.
    public func updateBlindIndex() throws {
        let keyStore = try requiredKeyStore()
        for _ in 0..<3 {
            let from = try keyStore.blindIndexPosition()
            let (changes, through) = try log.read { reader in try Self.blindChanges(after: from, in: reader) }
            guard through > from else { return }
            if try keyStore.applyBlindChanges(changes, after: from, through: through) { return }
        }
    }

    /// The subjects `search` finds that `user` may see (DOMAIN.md §9, §13): admins, safeguarding
    /// leads and managers find any; a caseworker those that a case they may read names, and any
    /// by name and date of birth together; a panel member those of the cases they may read; an
    /// analyst none (refused). A subject merged into another is shown so, with the one kept.
    /// The result holds † fields: the caller logs it (`findRead(_:by:)`) before showing it.
    ///
    /// - Throws: `CaselogError` (usage: no key store, a bad criterion; not permitted: an
    ///   analyst, or a user without a role); `StoreError`, `KeyStoreError`.
    public func findSubjects(_ search: SubjectSearch, by user: AccessUser, teams: [String: String]? = nil) throws -> SubjectSearchResult {
        let terms = try search.terms()
        if let denied = AccessPolicy.mayReadPersonal(user) { throw CaselogError(.notPermitted, denied.rule, cause: denied) }
        let keyStore = try requiredKeyStore()
        try updateBlindIndex()
        var found = Set(try keyStore.blindMatches(terms))
        let merges = try keepers(of: Array(found), in: keyStore)
        found.formUnion(merges.values)
        let everyone = user.holds(.admin) || user.holds(.safeguardingLead) || user.holds(.manager)
            || (user.holds(.caseworker) && search.isExactPerson)
        var visible: [String] = []
        for subject in found.sorted() where everyone || (try? authorizeRead(of: subject, by: user, teams: teams)) != nil {
            visible.append(subject)
        }
        return try log.read { reader in
            SubjectSearchResult(subjects: try visible.map { try Self.details(of: $0, mergedInto: merges[$0], in: reader) })
        }
    }

    /// The access-log entry for `user`'s search: the subjects it returned, purpose `find` (the
    /// server names its route instead, as for its other reads).
    public func findRead(_ result: SubjectSearchResult, by user: AccessUser, purpose: String = CaseStore.findPurpose) -> PersonalRead {
        PersonalRead(user: user.name, subjects: result.subjects.map(\.reference), cases: [], purpose: purpose)
    }

    /// The other subjects with the same name and date of birth (normalised) as `subject`: its
    /// likely duplicates, a warning and never a refusal (DOMAIN.md §13). None when the store
    /// has no key store (there is no blind index), or `subject` lacks either value.
    ///
    /// - Throws: `StoreError`, `KeyStoreError`.
    public func likelyDuplicates(of subject: String) throws -> [String] {
        try likelyDuplicates(of: [subject])[subject] ?? []
    }

    /// The likely duplicates (`likelyDuplicates(of:)`) of each of `subjects` that has some,
    /// the index caught up once for them all (a batch of registrations).
    public func likelyDuplicates(of subjects: [String]) throws -> [String: [String]] {
        guard let keyStore, !subjects.isEmpty else { return [:] }
        try updateBlindIndex()
        let merged = try keyStore.blindMerges(of: subjects)
        var found: [String: [String]] = [:]
        for subject in subjects {
            let others = try keyStore.blindMatches(of: subject, on: PersonTerms.duplicateCriteria).filter { merged[subject] != $0 }
            if !others.isEmpty { found[subject] = others }
        }
        return found
    }

    /// The warning about `subject`, just registered, and its likely duplicates `others`.
    public static func likelyDuplicateWarning(_ subject: String, _ others: [String]) -> String {
        "\(subject) has the name and date of birth of \(others.joined(separator: ", ")): a likely duplicate "
            + "(compare them; subject.merged joins two)"
    }

    // MARK: - Inside

    private func requiredKeyStore() throws(CaselogError) -> KeyStore {
        guard let keyStore else {
            throw CaselogError(.usage, "finding people needs the key store, which keeps the blind index, and none is open: is the master "
                + "key file beside the store or named by CASELOG_MASTER_KEY_FILE, and CASELOG_KEYS right?", cause: SubjectSearch.BadCriterion())
        }
        return keyStore
    }

    /// For each of `subjects` merged into another, the subject kept at the end of the chain.
    private func keepers(of subjects: [String], in keyStore: KeyStore) throws -> [String: String] {
        var keepers: [String: String] = [:]
        for subject in subjects {
            var current = subject
            var seen: Set<String> = [subject]
            while let into = try keyStore.blindMerges(of: [current])[current], seen.insert(into).inserted {
                current = into
            }
            if current != subject { keepers[subject] = current }
        }
        return keepers
    }

    /// The index changes of the subject events after position `from`, and the head they go through.
    static func blindChanges(after from: UInt64, in reader: borrowing LogReader) throws -> ([BlindChange], UInt64) {
        let head = try reader.head().position
        guard head > from else { return ([], from) }
        var changes: [BlindChange] = []
        let prefix = Array("subject.".utf8)
        try reader.scan(from: from + 1, through: head) { record in
            guard record.typeBytes.starts(with: prefix) else { return }
            let subject = record.stream
            switch record.type {
            case "subject.registered", "subject.details-changed":
                guard record.hasPersonalData, let section = try reader.personalData(at: record.position), section.isWellFormed else { return }
                let fields = section.fields
                let given = { (name: String) -> String?? in fields[name].map { $0.string } }
                var terms = PersonTerms.terms(name: given("name"), dateOfBirth: given("dateOfBirth"), address: given("address"))
                if record.type == "subject.registered" {
                    for criterion in [PersonTerms.name, PersonTerms.dateOfBirth, PersonTerms.postcode] where terms[criterion] == nil {
                        terms[criterion] = .some(nil)
                    }
                }
                for (criterion, value) in terms.sorted(by: { $0.key < $1.key }) {
                    changes.append(.set(subject: subject, criterion: criterion, value: value))
                }
            case "subject.merged":
                if let into = record.data["into"]?.string, into != subject { changes.append(.merged(subject: subject, into: into)) }
            case "subject.erased":
                changes.append(.removed(subject: subject))
            default:
                return
            }
        }
        return (changes, head)
    }

    /// `subject`'s kind, and its name and date of birth now, from its stream.
    private static func details(of subject: String, mergedInto: String?, in reader: borrowing LogReader) throws -> SubjectSearchResult.Found {
        var kind: String?
        var name: String?
        var dateOfBirth: String?
        try reader.scanStream(subject) { record in
            let type = record.type
            guard type == "subject.registered" || type == "subject.details-changed" else { return }
            if let given = record.data["kind"]?.string { kind = given }
            guard record.hasPersonalData, let section = try reader.personalData(at: record.position), section.isWellFormed else { return }
            if let given = section.fields["name"]?.string { name = given }
            if let given = section.fields["dateOfBirth"]?.string { dateOfBirth = given }
        }
        return SubjectSearchResult.Found(reference: subject, kind: kind, name: name, dateOfBirth: dateOfBirth, mergedInto: mergedInto)
    }
}
