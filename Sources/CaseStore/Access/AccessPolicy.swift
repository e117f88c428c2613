import Casework
import EventLog

/// What the policy needs to know of one case to decide a read or a write (DOMAIN.md §9, §13).
public struct CaseAccessFacts: Sendable, Equatable {
    /// The case's reference.
    public let reference: String
    /// Its type, from the reference.
    public let caseType: CaseType
    /// The worker of its latest `case.assigned`, if any.
    public let assignedTo: String?
    /// Who recorded its opening event (for a safeguarding concern: who raised it).
    public let openedBy: String?
    /// For a review: the users `review.member-added` made members of its panel.
    public let panel: Set<String>
    /// For a review: the cases it reviews.
    public let incidents: [String]

    public init(reference: String, caseType: CaseType, assignedTo: String? = nil, openedBy: String? = nil,
                panel: Set<String> = [], incidents: [String] = []) {
        self.reference = reference
        self.caseType = caseType
        self.assignedTo = assignedTo
        self.openedBy = openedBy
        self.panel = panel
        self.incidents = incidents
    }

    /// The facts of `reference` from its stream: the opener from its first record, the worker
    /// from its lifecycle, a review's panel and incidents from its events. Nil when the store
    /// has no such stream.
    static func read(_ reference: String, caseType: CaseType,
                     head: (String) throws -> StreamHead?, record: (UInt64) throws -> String?,
                     scan: (String, (RecordView) throws -> Void) throws -> Void,
                     pending: (String) -> CaseLifecycle? = { _ in nil }) throws -> CaseAccessFacts? {
        guard let stream = try head(reference) else { return nil }
        let openedBy = try record(stream.firstPosition)
        let lifecycle = try pending(reference) ?? CaseLifecycle(head: stream)
        var panel: Set<String> = []
        var incidents: [String] = []
        if caseType == .review {
            // A member added in error, or a review opened in error, is voided (`CaseVoids`): it grants nothing.
            var members: [(id: EventID, member: String)] = []
            var opening: EventID?
            var voided = Set<EventID>()
            try scan(reference) { record in
                let type = record.type
                if type == "review.member-added", let member = record.data["member"]?.string { members.append((record.eventID, member)) }
                if type == "review.opened" {
                    opening = record.eventID
                    incidents = []
                    record.data["incidents"]?.forEachElement { if let incident = $0.string { incidents.append(incident) } }
                }
                if let target = CaseVoids.target(of: record) { voided.insert(target) }
            }
            if let opening, voided.contains(opening) {
                incidents = []
            } else {
                panel = Set(members.filter { !voided.contains($0.id) }.map(\.member))
            }
        }
        return CaseAccessFacts(reference: reference, caseType: caseType, assignedTo: lifecycle.assignedTo,
                               openedBy: openedBy, panel: panel, incidents: incidents)
    }
}

/// Refused by the policy: `rule` says which rule, in words a user understands (403, exit 77).
public struct AccessDenied: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that refused, e.g. "an analyst reads views and reports, never a case".
    public let rule: String
    public var description: String { rule }

    public init(rule: String) { self.rule = rule }
}

/// Who may record and read what (DOMAIN.md §9, §13): one place, below the command line and the
/// server. Every decision is a pure function of the user, the case's facts and the users' teams.
///
/// A user holding several roles may do what any one of them allows. Where §9 is silent:
/// - a subject stream (`P-…`) may be recorded on by caseworkers, safeguarding leads and admins
///   (registering and updating people is desk work); it is read by whoever may read a case naming it;
/// - a panel member reads the reviews they sit on as well as the replay of their incidents;
/// - break-glass (a read beyond the role with a reason) is open to caseworkers, panel members and
///   managers; an analyst's work never needs a case, so an analyst cannot break glass;
/// - feedback (`FB-…`, §10, beside complaints) is read and recorded as complaints are: by the
///   caseworkers of its team, and by managers, who record complaint steps.
public enum AccessPolicy {
    /// The team of a case: its worker's team, else its opener's (DOMAIN.md §13).
    public static func team(of facts: CaseAccessFacts, teams: (String) -> String?) -> String? {
        (facts.assignedTo.flatMap(teams)) ?? (facts.openedBy.flatMap(teams))
    }

    /// Whether `user` may read the case `facts` describes. `reviews` are the facts of the reviews
    /// `user` sits on (needed only for a panel member).
    public static func mayRead(_ facts: CaseAccessFacts, by user: AccessUser, teams: (String) -> String?,
                               reviews: [CaseAccessFacts] = []) -> AccessDenied? {
        if user.holds(.admin) || user.holds(.safeguardingLead) || user.holds(.manager) { return nil }
        if user.holds(.caseworker) && caseworkerMayRead(facts, user, teams) { return nil }
        if user.holds(.panelMember) {
            let sits = reviews.filter { $0.panel.contains(user.name) }
            if facts.caseType == .review && facts.panel.contains(user.name) { return nil }
            if sits.contains(where: { $0.incidents.contains(facts.reference) }) { return nil }
        }
        return AccessDenied(rule: readRule(of: user, for: facts))
    }

    private static func caseworkerMayRead(_ facts: CaseAccessFacts, _ user: AccessUser, _ teams: (String) -> String?) -> Bool {
        let own = facts.assignedTo == user.name || facts.openedBy == user.name
        switch facts.caseType {
        case .tenancy, .complaint, .feedback:
            if own { return true }
            guard let team = user.team else { return false }
            return Self.team(of: facts, teams: teams) == team
        case .safeguarding:
            return own
        case .review, .subject:
            return false
        }
    }

    private static func readRule(of user: AccessUser, for facts: CaseAccessFacts) -> String {
        let what = "\(facts.reference) is beyond \(user.name)'s role"
        if user.roles.isEmpty { return noRoleRule(of: user) }
        if user.roles == [.analyst] { return "\(what): an analyst reads views, reports and analysts' projections, never a case" }
        var rules: [String] = []
        if user.holds(.caseworker) {
            rules.append("a caseworker reads their team's tenancy-support cases, complaints and feedback, and the safeguarding concerns they raised or hold")
        }
        if user.holds(.panelMember) { rules.append("a panel member reads the reviews they sit on and the replay of those reviews' incidents") }
        return "\(what): " + rules.joined(separator: "; ") + " (a read beyond the role needs a reason: break glass)"
    }

    private static func noRoleRule(of user: AccessUser) -> String {
        "\(user.name) holds no role: a user reads nothing until `caselog user grant` gives one"
    }

    /// Whether `user` may state a reason and read beyond their role (break glass).
    public static func mayBreakGlass(_ user: AccessUser) -> Bool {
        user.holds(.caseworker) || user.holds(.panelMember) || user.holds(.manager)
            || user.holds(.safeguardingLead) || user.holds(.admin)
    }

    /// Whether `user` may receive † fields at all: every role but analyst (an analyst holding
    /// another role too may).
    public static func mayReadPersonal(_ user: AccessUser) -> AccessDenied? {
        if user.roles.contains(where: { $0 != .analyst }) { return nil }
        return AccessDenied(rule: "\(user.name) may not read personal (†) fields: an analyst never receives one")
    }

    /// Whether `user` may read the learning reports and every row of the current views (every
    /// team's cases); a caseworker reads the views cut down to their cases (`viewRows(for:)`).
    public static func mayReadViewsAndReports(_ user: AccessUser) -> AccessDenied? {
        if user.holds(.admin) || user.holds(.safeguardingLead) || user.holds(.manager) || user.holds(.analyst) { return nil }
        return AccessDenied(rule: "reports cover every team's cases: they are read by managers, safeguarding leads, analysts and admins, not by \(user.name)")
    }

    /// The rows of a current view a user reads (`viewRows(for:)`).
    public enum ViewRows: Sendable, Equatable {
        /// Every row: who reads every team's cases, and analysts (views hold no † field).
        case every
        /// Only the rows about the cases `mayRead` lets this user read, every figure of the view
        /// counted from those cases alone: a caseworker's, decided for their caseworker role only.
        case readableBy(AccessUser)
    }

    /// Which rows of the current views `user` reads (DOMAIN.md §13: views hold only what the
    /// user may see): every row for managers, safeguarding leads, analysts and admins; a
    /// caseworker the rows of the cases they may read (their team's, the concerns they raised or
    /// hold). A panel member is refused: their reads are the replay of their reviews' incidents,
    /// so a caseworker who also sits on a panel sees only their caseworker's rows.
    public static func viewRows(for user: AccessUser) -> Result<ViewRows, AccessDenied> {
        if mayReadViewsAndReports(user) == nil { return .success(.every) }
        if user.holds(.caseworker) { return .success(.readableBy(AccessUser(name: user.name, roles: [.caseworker], team: user.team))) }
        if user.roles.isEmpty { return .failure(AccessDenied(rule: noRoleRule(of: user))) }
        return .failure(AccessDenied(rule: "the current views are read by managers, safeguarding leads, analysts and admins, and by caseworkers "
                                         + "(the rows of their own cases), not by \(user.name): a panel member reads the replay of their reviews' incidents"))
    }

    /// Whether `user` may follow the whole log (`GET /v1/events`) and read the store's own
    /// streams (settings, access): admins and safeguarding leads.
    public static func mayReadStoreStreams(_ user: AccessUser) -> Bool {
        user.holds(.admin) || user.holds(.safeguardingLead)
    }

    /// Whether `user` may record an event of `type` on the case `facts` describes, or, for an
    /// opening event (`facts` nil), open a case of `caseType`.
    public static func mayRecord(_ type: String, caseType: CaseType, on facts: CaseAccessFacts?, by user: AccessUser,
                                 teams: (String) -> String?) -> AccessDenied? {
        if user.holds(.admin) { return nil }
        if user.holds(.safeguardingLead) && [.safeguarding, .review, .subject].contains(caseType) { return nil }
        if user.holds(.manager) && (type == "case.assigned" || caseType == .complaint || caseType == .feedback) { return nil }
        if user.holds(.panelMember), caseType == .review, let facts, facts.panel.contains(user.name),
           type.hasPrefix("review."), type != "review.opened", type != "review.member-added" { return nil }
        if user.holds(.caseworker) {
            switch caseType {
            case .subject: return nil
            case .review: break
            case .tenancy, .complaint, .feedback, .safeguarding:
                guard let facts else { return nil }   // a new case
                if facts.assignedTo == user.name || (facts.assignedTo == nil && facts.openedBy == user.name) { return nil }
                if let team = user.team, Self.team(of: facts, teams: teams) == team { return nil }
            }
        }
        return AccessDenied(rule: recordRule(of: user, type: type, caseType: caseType, reference: facts?.reference))
    }

    /// The roles whose holder may record events of `spec` on some case of theirs (their own or
    /// their team's, a review they sit on), as the catalogue's "recordable by" column shows
    /// them; empty for the store's own streams, which caselog writes itself.
    public static func recordableBy(_ spec: EventTypeSpec) -> [AccessRole] {
        guard spec.storeStream == nil, spec.writtenBy == nil else { return [] }
        return AccessRole.allCases.filter { role in
            let user = AccessUser(name: "someone", roles: [role], team: "a team")
            return spec.caseTypes.contains { caseType in
                let facts = spec.opensStream ? nil
                    : CaseAccessFacts(reference: CaseReference.example(for: caseType), caseType: caseType,
                                      assignedTo: user.name, openedBy: user.name, panel: [user.name])
                return mayRecord(spec.name, caseType: caseType, on: facts, by: user, teams: { _ in user.team }) == nil
            }
        }
    }

    private static func recordRule(of user: AccessUser, type: String, caseType: CaseType, reference: String?) -> String {
        let what = "\(user.name) may not record \(type)" + (reference.map { " on \($0)" } ?? "")
        if user.roles.isEmpty { return "\(what): they hold no role" }
        if user.roles == [.analyst] { return "\(what): an analyst records nothing" }
        var rules: [String] = []
        if user.holds(.caseworker) { rules.append("a caseworker records new cases and on cases assigned to them or their team") }
        if user.holds(.panelMember) { rules.append("a panel member records findings and recommendations on the reviews they sit on") }
        if user.holds(.manager) { rules.append("a manager records assignments, complaint steps and feedback") }
        if user.holds(.safeguardingLead) { rules.append("a safeguarding lead records on safeguarding concerns, reviews and subjects") }
        return "\(what): " + rules.joined(separator: "; ")
    }
}
