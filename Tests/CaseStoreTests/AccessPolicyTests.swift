import CaseStore
import Casework
import Testing

/// The policy against DOMAIN.md §9's table, written out here independently of it: the
/// catalogue's "recordable by" column and single decisions.
@Suite("The access policy")
struct AccessPolicyTests {
    static let catalogue = EventTypeCatalogue()

    /// What §9 says each role may record, type by type (for a case of theirs).
    static func table(_ role: AccessRole, _ spec: EventTypeSpec) -> Bool {
        let type = spec.name
        switch role {
        case .admin: return true
        case .analyst: return false
        case .panelMember: return type.hasPrefix("review.") && type != "review.opened" && type != "review.member-added"
        // Feedback (§10) is recorded by whoever records complaints.
        case .manager: return type == "case.assigned" || spec.caseTypes.contains(.complaint) && (type.hasPrefix("complaint.") || type.hasPrefix("case."))
            || spec.caseTypes.contains(.feedback) && type.hasPrefix("feedback.")
        case .safeguardingLead:
            return spec.caseTypes.contains { [.safeguarding, .review, .subject].contains($0) }
        case .caseworker:
            return spec.caseTypes.contains { $0 != .review }
        }
    }

    @Test("the catalogue's recordable-by column is §9's table, type by type; the store's own streams are caselog's alone")
    func recordableByColumn() {
        for spec in Self.catalogue.types {
            // The store's own streams, and subject.erased (`caselog erase` only): caselog's alone.
            let expected = spec.storeStream != nil || spec.writtenBy != nil ? [] : AccessRole.allCases.filter { Self.table($0, spec) }
            #expect(AccessPolicy.recordableBy(spec) == expected, "\(spec.name)")
        }
        let json = String(decoding: EventTypeCatalogue.json(of: try! Self.catalogue.type(named: "review.finding-recorded")), as: UTF8.self)
        #expect(json.contains(#""recordableBy":["safeguarding-lead","panel-member","admin"]"#))
    }

    static let north = AccessUser(name: "cw.north", roles: [.caseworker], team: "North")
    static let teams: [String: String] = ["cw.north": "North", "cw.north2": "North", "cw.south": "South"]

    @Test("a caseworker reads their team's tenancy cases and complaints, and only the concerns they raised or hold")
    func caseworkerReads() {
        let teamCase = CaseAccessFacts(reference: "TS-2025-000001", caseType: .tenancy, assignedTo: "cw.north2", openedBy: "cw.south")
        let southCase = CaseAccessFacts(reference: "TS-2025-000002", caseType: .tenancy, assignedTo: "cw.south", openedBy: "cw.north2")
        let unassigned = CaseAccessFacts(reference: "CMP-2025-000001", caseType: .complaint, openedBy: "cw.north2")
        let concern = CaseAccessFacts(reference: "SG-2025-000001", caseType: .safeguarding, assignedTo: "cw.north2", openedBy: "cw.north2")
        let mine = CaseAccessFacts(reference: "SG-2025-000002", caseType: .safeguarding, openedBy: "cw.north")
        let lookup: (String) -> String? = { Self.teams[$0] }
        #expect(AccessPolicy.mayRead(teamCase, by: Self.north, teams: lookup) == nil)
        #expect(AccessPolicy.mayRead(southCase, by: Self.north, teams: lookup) != nil)   // the worker's team decides
        #expect(AccessPolicy.mayRead(unassigned, by: Self.north, teams: lookup) == nil)  // else the opener's
        #expect(AccessPolicy.mayRead(concern, by: Self.north, teams: lookup) != nil)     // a teammate's concern is not theirs
        #expect(AccessPolicy.mayRead(mine, by: Self.north, teams: lookup) == nil)
        #expect(AccessPolicy.mayRead(concern, by: Self.north, teams: lookup)?.rule.contains("break glass") == true)
        // Feedback (§10) is read as complaints are: the team's, not another team's.
        let teamFeedback = CaseAccessFacts(reference: "FB-2025-000001", caseType: .feedback, openedBy: "cw.north2")
        let southFeedback = CaseAccessFacts(reference: "FB-2025-000002", caseType: .feedback, openedBy: "cw.south")
        #expect(AccessPolicy.mayRead(teamFeedback, by: Self.north, teams: lookup) == nil)
        #expect(AccessPolicy.mayRead(southFeedback, by: Self.north, teams: lookup) != nil)
    }

    @Test("leads, managers and admins read every case; an analyst none, and never a † field; a user without roles nothing")
    func otherRoles() {
        let concern = CaseAccessFacts(reference: "SG-2025-000001", caseType: .safeguarding, openedBy: "x")
        for role in [AccessRole.safeguardingLead, .manager, .admin] {
            #expect(AccessPolicy.mayRead(concern, by: AccessUser(name: "u", roles: [role]), teams: { _ in nil }) == nil)
            #expect(AccessPolicy.mayReadPersonal(AccessUser(name: "u", roles: [role])) == nil)
        }
        let analyst = AccessUser(name: "an", roles: [.analyst])
        #expect(AccessPolicy.mayRead(concern, by: analyst, teams: { _ in nil })?.rule.contains("never a case") == true)
        #expect(AccessPolicy.mayReadPersonal(analyst) != nil)
        #expect(!AccessPolicy.mayBreakGlass(analyst))
        #expect(AccessPolicy.mayReadViewsAndReports(analyst) == nil)
        #expect(AccessPolicy.mayReadViewsAndReports(Self.north) != nil)
        let nobody = AccessUser(name: "n", roles: [])
        #expect(AccessPolicy.mayRead(concern, by: nobody, teams: { _ in nil })?.rule.contains("holds no role") == true)
        #expect(AccessPolicy.mayRecord("case.note-added", caseType: .tenancy, on: nil, by: nobody, teams: { _ in nil }) != nil)
    }

    @Test("a panel member reads the reviews they sit on and those reviews' incidents, nothing else")
    func panelMember() {
        let member = AccessUser(name: "p", roles: [.panelMember])
        let review = CaseAccessFacts(reference: "PR-2025-0001", caseType: .review, openedBy: "lead", panel: ["p"], incidents: ["SG-2025-000001"])
        let other = CaseAccessFacts(reference: "PR-2025-0002", caseType: .review, openedBy: "lead", panel: ["q"], incidents: ["TS-2025-000001"])
        let incident = CaseAccessFacts(reference: "SG-2025-000001", caseType: .safeguarding, openedBy: "x")
        let elsewhere = CaseAccessFacts(reference: "TS-2025-000001", caseType: .tenancy, openedBy: "x")
        #expect(AccessPolicy.mayRead(review, by: member, teams: { _ in nil }, reviews: [review, other]) == nil)
        #expect(AccessPolicy.mayRead(other, by: member, teams: { _ in nil }, reviews: [review, other]) != nil)
        #expect(AccessPolicy.mayRead(incident, by: member, teams: { _ in nil }, reviews: [review, other]) == nil)
        #expect(AccessPolicy.mayRead(elsewhere, by: member, teams: { _ in nil }, reviews: [review, other]) != nil)
        #expect(AccessPolicy.mayRecord("review.finding-recorded", caseType: .review, on: other, by: member, teams: { _ in nil }) != nil)
        #expect(AccessPolicy.mayRecord("review.finding-recorded", caseType: .review, on: review, by: member, teams: { _ in nil }) == nil)
    }

    @Test("views: every row for leads, managers, analysts and admins; a caseworker's own cases' rows, as a caseworker only; a panel member or a user without roles none")
    func viewRows() {
        for role in [AccessRole.safeguardingLead, .manager, .analyst, .admin] {
            #expect(AccessPolicy.viewRows(for: AccessUser(name: "u", roles: [role, .caseworker])) == .success(.every), "\(role)")
        }
        #expect(AccessPolicy.viewRows(for: Self.north) == .success(.readableBy(Self.north)))
        // Sitting on a panel adds no rows to a caseworker's views: a panel member's reads are the replay of the incidents.
        let both = AccessUser(name: "cw.north", roles: [.caseworker, .panelMember], team: "North")
        #expect(AccessPolicy.viewRows(for: both) == .success(.readableBy(Self.north)))
        guard case .failure(let panel) = AccessPolicy.viewRows(for: AccessUser(name: "p", roles: [.panelMember])),
              case .failure(let nobody) = AccessPolicy.viewRows(for: AccessUser(name: "n", roles: [])) else {
            Issue.record("a panel member and a user without roles read views")
            return
        }
        #expect(panel.rule.contains("caseworkers (the rows of their own cases), not by p"))
        #expect(nobody.rule.contains("holds no role"))
    }
}
