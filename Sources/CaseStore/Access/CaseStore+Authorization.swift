import Casework
import Codec
import EventLog
import Projections

/// What a read the policy allowed may show, and how it is to be logged.
public struct ReadAuthorization: Sendable, Equatable {
    /// True when the read is beyond the user's role and allowed only because they gave a reason.
    public let isBreakGlass: Bool
    /// The subjects whose † fields the read may show: the case's subject, a subject stream's
    /// own reference, a review's incidents' subjects.
    public let subjects: [String]
    /// The cases read.
    public let cases: [String]
}

/// The user, and every user's team, as a request's writes are decided by (`AccessPolicy.mayRecord`).
public struct RecordingPolicy: Sendable {
    /// Who records.
    public let user: AccessUser
    /// Each user's team, by name.
    public let teams: [String: String]

    public init(user: AccessUser, teams: [String: String]) {
        self.user = user
        self.teams = teams
    }

    /// Refuses `event` when `user` may not record it: a `CaselogError` (not permitted, exit 77)
    /// whose cause is the `AccessDenied` naming the rule.
    func check(_ event: NewEvent, in writer: borrowing LogWriter, recorder: Recorder) throws {
        guard let spec = EventCatalogue.type(named: event.type) else { return }   // the recorder refuses it
        let facts: CaseAccessFacts?
        let caseType: CaseType
        if let reference = event.caseReference, let parsed = CaseReference(reference) {
            caseType = parsed.caseType
            facts = try CaseAccessFacts.read(reference, caseType: caseType,
                                             head: { try writer.streamHead($0) },
                                             record: { try writer.record(at: $0)?.recordedFor },
                                             scan: { try writer.scanStream($0, $1) },
                                             pending: { recorder.pendingLifecycle(of: $0) })
        } else {
            guard let opened = spec.caseTypes.first else { return }
            caseType = opened
            facts = nil
        }
        if let denied = AccessPolicy.mayRecord(event.type, caseType: caseType, on: facts, by: user, teams: { teams[$0] }) {
            throw CaselogError(.notPermitted, denied.rule, cause: denied)
        }
    }
}

extension CaseStore {
    /// Decides whether `user` may read the case `reference` (DOMAIN.md §9): allowed, allowed
    /// beyond the role because `reason` was given (break glass), or refused.
    ///
    /// - Returns: nil when the store has no such case (the caller answers "not found").
    /// - Throws: `CaselogError` (not permitted, exit 77) naming the rule, with `AccessDenied` as
    ///   its cause; `StoreError`.
    /// - Parameter teams: each user's team (the server's, from its token cache); nil: read from
    ///   the access stream, when the user's role needs them.
    public func authorizeRead(of reference: String, by user: AccessUser, reason: String? = nil,
                              teams: [String: String]? = nil) throws -> ReadAuthorization? {
        guard let parsed = CaseReference(reference) else { return nil }
        let decision = try log.read { reader in try Self.decideRead(of: reference, parsed.caseType, by: user, teams: teams, in: reader) }
        guard let (authorization, denied) = decision else { return nil }
        guard let denied else { return authorization }
        guard let reason, !reason.isEmpty, AccessPolicy.mayBreakGlass(user) else {
            throw CaselogError(.notPermitted, denied.rule, cause: denied)
        }
        return ReadAuthorization(isBreakGlass: true, subjects: authorization.subjects, cases: authorization.cases)
    }

    static func facts(_ reference: String, in reader: borrowing LogReader) throws -> CaseAccessFacts? {
        guard let parsed = CaseReference(reference) else { return nil }
        return try CaseAccessFacts.read(reference, caseType: parsed.caseType, head: { try reader.streamHead($0) },
                                        record: { try reader.record(at: $0)?.recordedFor }, scan: { try reader.scanStream($0, $1) })
    }

    private static func subject(of reference: String, in reader: borrowing LogReader) throws -> String? {
        if CaseReference(reference)?.caseType == .subject { return reference }
        guard let head = try reader.streamHead(reference) else { return nil }
        return try CaseLifecycle(head: head).subject
    }

    /// The read as allowed, and the rule that refuses it if one does; nil for no such case.
    private static func decideRead(of reference: String, _ caseType: CaseType, by user: AccessUser, teams given: [String: String]?,
                                   in reader: borrowing LogReader) throws -> (ReadAuthorization, AccessDenied?)? {
        let known = try given ?? teams(for: user, in: reader)
        let teams: (String) -> String? = { known[$0] }
        guard let target = try facts(reference, in: reader) else { return nil }
        var reviewNames: [String] = []
        var namingCases: [String] = []
        let readsEverything = user.holds(.admin) || user.holds(.safeguardingLead) || user.holds(.manager)
        if (user.holds(.panelMember) || caseType == .subject) && !readsEverything {
            try reader.forEachStream { head in
                if head.name.hasPrefix("PR-") { reviewNames.append(head.name) }
                if caseType == .subject, !head.name.hasPrefix("P-"), CaseReference(head.name) != nil,
                   try CaseLifecycle(head: head).subject == reference {
                    namingCases.append(head.name)
                }
            }
        }
        var reviews: [CaseAccessFacts] = []
        if user.holds(.panelMember) {
            for name in reviewNames {
                if let review = try facts(name, in: reader), review.panel.contains(user.name) { reviews.append(review) }
            }
        }
        var denied = AccessPolicy.mayRead(target, by: user, teams: teams, reviews: reviews)
        if denied != nil && caseType == .subject {
            // A subject is read by whoever may read a case naming it.
            for name in namingCases {
                if let facts = try facts(name, in: reader), AccessPolicy.mayRead(facts, by: user, teams: teams, reviews: reviews) == nil {
                    denied = nil
                    break
                }
            }
        }
        var cases = [reference]
        if caseType == .review { cases += target.incidents }
        var subjects: Set<String> = []
        for name in cases { if let subject = try subject(of: name, in: reader) { subjects.insert(subject) } }
        return (ReadAuthorization(isBreakGlass: false, subjects: subjects.sorted(), cases: cases), denied)
    }

    /// The cases that pass `filter` and that `user` may read (`cases(matching:)`, then the policy
    /// row by row; a user who reads every case gets the list as it is).
    public func cases(matching filter: CaseFilter, visibleTo user: AccessUser, teams: [String: String]? = nil) throws -> CaseList {
        try log.read { reader in
            let list = try CaseList(in: reader, filter: filter)
            if user.holds(.admin) || user.holds(.safeguardingLead) || user.holds(.manager) { return list }
            let known = try teams ?? Self.teams(for: user, in: reader)
            var reviews: [CaseAccessFacts] = []
            if user.holds(.panelMember) {
                for row in list.rows where row.caseType == .review {
                    if let review = try Self.facts(row.reference, in: reader), review.panel.contains(user.name) { reviews.append(review) }
                }
            }
            return try list.keeping { row in
                guard let facts = try Self.facts(row.reference, in: reader) else { return false }
                return AccessPolicy.mayRead(facts, by: user, teams: { known[$0] }, reviews: reviews) == nil
            }
        }
    }

    /// The users' teams when `user`'s reads depend on them (a caseworker's do), else none: so
    /// that a read by a role that reads every case never folds the access stream, which grows
    /// with every logged read.
    private static func teams(for user: AccessUser, in reader: borrowing LogReader) throws -> [String: String] {
        guard user.holds(.caseworker) else { return [:] }
        return try AccessList(in: reader).users.compactMapValues(\.team)
    }

}

/// One read that returned † fields, as `access.personal-read` records it (DOMAIN.md §9, §13).
public struct PersonalRead: Sendable, Equatable {
    /// Who read.
    public var user: String
    /// The subjects whose † fields it returned.
    public var subjects: [String]
    /// The cases it read.
    public var cases: [String]
    /// Through what: the command or the route (`case`, `GET /v1/cases/{ref}`).
    public var purpose: String
    /// True when beyond the user's role (break glass).
    public var isBreakGlass: Bool
    /// The reason given for a break-glass read (†: kept in the event's personal section).
    public var reason: String?
    /// A bulk read (an export): how many subjects it covers and the positions it read, instead of lists.
    public var bulk: Bulk?
    /// Who the reader said they acted for (`--actor` on the command line), recorded beside them.
    public var onBehalfOf: String?
    /// Set (to the count of subjects) when this read took its user over the hourly limit
    /// (`UnusualAccessMonitor`): `access.unusual-detected` follows the read's entry.
    public var unusual: Int?

    /// A read of many subjects at once.
    public struct Bulk: Sendable, Equatable {
        public let subjectCount: Int
        public let positions: ClosedRange<UInt64>
        public init(subjectCount: Int, positions: ClosedRange<UInt64>) {
            self.subjectCount = subjectCount
            self.positions = positions
        }
    }

    public init(user: String, subjects: [String], cases: [String], purpose: String, isBreakGlass: Bool = false, reason: String? = nil) {
        self.user = user
        self.subjects = subjects
        self.cases = cases
        self.purpose = purpose
        self.isBreakGlass = isBreakGlass
        self.reason = reason
    }

    /// Appends the `access.personal-read` event to the access stream of `writer`'s write.
    func append(in writer: inout LogWriter) throws {
        // One builder of these events for the log and its tests (`AccessStream.personalReadEvent`).
        var event = AccessStream.personalReadEvent(
            user: user, subjects: bulk == nil ? subjects : nil, cases: cases, purpose: purpose, breakGlass: isBreakGlass,
            reason: reason.flatMap { $0.isEmpty ? nil : $0 }, subjectCount: bulk?.subjectCount, positions: bulk?.positions,
            onBehalfOf: onBehalfOf == user ? nil : onBehalfOf, at: writer.recordedAt)
        event.recordedAt = nil
        event.actor = user
        try writer.append(event, to: AccessStream.name)
        if let unusual {
            var flag = AccessStream.unusualDetectedEvent(user: user, rule: "subjects-per-hour", subjects: unusual, at: writer.recordedAt)
            flag.recordedAt = nil
            flag.actor = user
            try writer.append(flag, to: AccessStream.name)
        }
    }
}

extension CaseStore {
    /// Records `read` in the access log, in a write of its own (the command line's reads; the
    /// server gathers its into the group commit).
    public func recordPersonalRead(_ read: PersonalRead) throws {
        try log.write(actor: read.user) { writer in try read.append(in: &writer) }
    }
}
