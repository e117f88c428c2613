import CaseStore
import CaselogServer
import Casework
import HTTPTypes
import Testing
import TestSupport

/// DOMAIN.md §13 for the current views over real HTTP: "views hold only what the user may see
/// (a caseworker sees their team's rows)". A caseworker's view holds the rows about the cases
/// `AccessPolicy.mayRead` lets them read, its figures counted from those cases alone, in every
/// format; a panel member is still refused; who reads every case still gets every row.
@Suite("Views by role over HTTP")
struct ViewVisibilityTests {
    static let views = ["caseload", "complaints-sla", "safeguarding-register", "actions-due"]

    /// Two teams, a caseworker in none, and one user of each other role; then, each recorded by its user:
    /// - TS-2025-000001 opened by cw.north, assigned to cw.north2 (North);
    /// - TS-2025-000002 opened by cw.south (South);
    /// - TS-2025-000003 opened by cw.solo, assigned to cw.south (South; cw.solo opened it);
    /// - CMP-2025-000001 received by cw.north2 (North); CMP-2025-000002 received by cw.south, assigned to cw.solo
    ///   (South: cw.solo has no team, so the opener's team counts);
    /// - SG-2025-000001 raised by cw.north2 (a teammate's concern: not cw.north's), SG-2025-000002 by cw.north
    ///   with action A1 due 2025-03-05, SG-2025-000003 by cw.south with action B1;
    /// - PR-2025-0001 reviewing SG-2025-000001, p.member on its panel.
    static func prepared(_ fixture: ServerFixture, _ client: ServerFixture.Client) async throws -> [String: String] {
        var tokens = ["a.khan": fixture.token]
        for (name, role, team) in [("cw.north", AccessRole.caseworker, "North"), ("cw.north2", .caseworker, "North"),
                                   ("cw.south", .caseworker, "South"), ("cw.solo", .caseworker, nil),
                                   ("p.member", .panelMember, nil), ("m.ager", .manager, "North"),
                                   ("sg.lead", .safeguardingLead, nil), ("an.alyst", .analyst, nil)] as [(String, AccessRole, String?)] {
            try fixture.store.addUser(name, role: role, team: team, actor: "owner")
            tokens[name] = try fixture.store.issueToken(to: name, actor: "owner").token
        }
        let tenancy = #"{"household":"P-000001","tenancyRef":"T-1","source":"income-team","reasons":["rent-arrears"]}"#
        let complaint = #"{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Damp again"}"#
        let concern = #"{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":false,"description":"Hoarding"}"#
        let steps: [(String, String, String?, String)] = [
            ("a.khan", "subject.registered", nil, #"{"kind":"person","name":"Jane Example"}"#),
            ("cw.north", "tenancy.referral-received", nil, tenancy),
            ("cw.south", "tenancy.referral-received", nil, tenancy),
            ("cw.solo", "tenancy.referral-received", nil, tenancy),
            ("m.ager", "case.assigned", "TS-2025-000001", #"{"worker":"cw.north2"}"#),
            ("m.ager", "case.assigned", "TS-2025-000003", #"{"worker":"cw.south"}"#),
            ("cw.north2", "complaint.received", nil, complaint),
            ("cw.south", "complaint.received", nil, complaint),
            ("m.ager", "case.assigned", "CMP-2025-000002", #"{"worker":"cw.solo"}"#),
            ("cw.north2", "safeguarding.concern-raised", nil, concern),
            ("cw.north", "safeguarding.concern-raised", nil, concern),
            ("cw.north", "safeguarding.action-assigned", "SG-2025-000002", #"{"actionId":"A1","owner":"cw.north","dueDate":"2025-03-05"}"#),
            ("cw.south", "safeguarding.concern-raised", nil, concern),
            ("cw.south", "safeguarding.action-assigned", "SG-2025-000003", #"{"actionId":"B1","owner":"cw.south","dueDate":"2025-03-05"}"#),
            ("sg.lead", "review.opened", nil, #"{"incidents":["SG-2025-000001"],"trigger":"near-miss"}"#),
            ("sg.lead", "review.member-added", "PR-2025-0001", #"{"member":"p.member"}"#),
        ]
        for (user, type, reference, data) in steps {
            let posted = try await RoleAccessTests.post(client, tokens[user], RoleAccessTests.line(type, reference, data))
            try #require(posted.status == 201, "\(user) \(type): \(posted.body)")
        }
        return tokens
    }

    static func view(_ client: ServerFixture.Client, _ name: String, _ token: String?, format: String = "json") async throws
        -> ServerFixture.Answer {
        try await client.call(.get, "/v1/views/\(name)?at=2025-03-10&format=\(format)", token: .some(token))
    }

    /// Every case reference in `text`.
    static func references(in text: String) -> Set<String> {
        let pattern = /(?:TS|SG|CMP)-2025-\d{6}|PR-2025-\d{4}/
        return Set(text.matches(of: pattern).map { String($0.output) })
    }

    @Test("a North caseworker's views hold their team's cases' rows and the concerns they raised, none of South's, in json, table and csv; counts are of the kept rows")
    func northCaseworker() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let t = try await Self.prepared(fixture, client)
            let expected: [String: Set<String>] = [
                "complaints-sla": ["CMP-2025-000001"], "safeguarding-register": ["SG-2025-000002"], "actions-due": ["SG-2025-000002"],
            ]
            for (name, cases) in expected {
                for format in ["json", "table", "csv", "markdown"] {
                    let answer = try await Self.view(client, name, t["cw.north"], format: format)
                    #expect(answer.status == 200, "\(name) \(format): \(answer.body.prefix(300))")
                    #expect(Self.references(in: answer.body) == cases, "\(name) \(format): \(answer.body)")
                }
            }
            let sla = try await Self.view(client, "complaints-sla", t["cw.north"]).body
            #expect(sla.contains(#""summary":{"openComplaints":1,"#), "\(sla)")
            let register = try await Self.view(client, "safeguarding-register", t["cw.north"]).body
            #expect(register.contains(#""summary":{"openConcerns":1,"untriaged":1,"#), "\(register)")
            let actions = try await Self.view(client, "actions-due", t["cw.north"]).body
            #expect(actions.contains(#""summary":{"open":1,"overdue":1}"#) && actions.contains(#""owner":"cw.north""#), "\(actions)")
            // The table's figures travel as a note, counted from the kept rows too.
            let table = try await Self.view(client, "complaints-sla", t["cw.north"], format: "table")
            #expect(table.headers[values: HTTPField.Name(NoteHeader.name)!].contains { $0.contains("openComplaints 1") }, "\(table.headers)")
            // The caseload counts per worker the open cases North may read: TS-1 (cw.north2's), CMP-1 and SG-2 (unassigned).
            let caseload = try await Self.view(client, "caseload", t["cw.north"]).body
            #expect(caseload.contains(#""summary":{"workers":2,"openCases":3}"#), "\(caseload)")
            #expect(caseload.contains(#"{"worker":"(unassigned)","tenancy":0,"safeguarding":1,"complaints":1,"reviews":0,"openCases":2"#), "\(caseload)")
            #expect(caseload.contains(#"{"worker":"cw.north2","tenancy":1,"safeguarding":0,"complaints":0,"reviews":0,"openCases":1"#), "\(caseload)")
            #expect(!caseload.contains("cw.south") && !caseload.contains("cw.solo"), "\(caseload)")
            // South's caseworker sees South's rows, not North's.
            let south = try await Self.view(client, "complaints-sla", t["cw.south"]).body
            #expect(Self.references(in: south) == ["CMP-2025-000002"], "\(south)")
            let southRegister = try await Self.view(client, "safeguarding-register", t["cw.south"]).body
            #expect(Self.references(in: southRegister) == ["SG-2025-000003"], "\(southRegister)")
        }
    }

    @Test("a caseworker in no team sees only the cases assigned to them or opened by them; an empty view is an answer, not a refusal")
    func caseworkerWithoutTeam() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let t = try await Self.prepared(fixture, client)
            let sla = try await Self.view(client, "complaints-sla", t["cw.solo"])
            #expect(sla.status == 200 && Self.references(in: sla.body) == ["CMP-2025-000002"], "\(sla.body)")
            let caseload = try await Self.view(client, "caseload", t["cw.solo"]).body
            #expect(caseload.contains(#""summary":{"workers":2,"openCases":2}"#), "\(caseload)")
            #expect(caseload.contains(#"{"worker":"cw.solo","tenancy":0,"safeguarding":0,"complaints":1"#), "\(caseload)")
            #expect(caseload.contains(#"{"worker":"cw.south","tenancy":1,"safeguarding":0,"complaints":0"#), "\(caseload)")
            let register = try await Self.view(client, "safeguarding-register", t["cw.solo"], format: "table")
            #expect(register.status == 200 && register.body.contains("(nothing)") && Self.references(in: register.body).isEmpty,
                    "\(register.body)")
            let actions = try await Self.view(client, "actions-due", t["cw.solo"]).body
            #expect(actions.contains(#""summary":{"open":0,"overdue":0}"#) && Self.references(in: actions).isEmpty, "\(actions)")
        }
    }

    @Test("a panel member and a user with no role are refused every view (403, 77); managers, leads, analysts and admins get every row")
    func otherRoles() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            var t = try await Self.prepared(fixture, client)
            try fixture.store.addUser("no.role", role: .caseworker, actor: "owner")
            _ = try fixture.store.revokeRole(.caseworker, from: "no.role", actor: "owner")
            t["no.role"] = try fixture.store.issueToken(to: "no.role", actor: "owner").token
            for name in Self.views {
                for user in ["p.member", "no.role"] {
                    let refused = try await Self.view(client, name, t[user])
                    #expect(refused.status == 403 && refused.body.contains(#""exitCode":77"#), "\(user) \(name): \(refused.body)")
                }
            }
            let every: [String: Set<String>] = [
                "complaints-sla": ["CMP-2025-000001", "CMP-2025-000002"],
                "safeguarding-register": ["SG-2025-000001", "SG-2025-000002", "SG-2025-000003"],
                "actions-due": ["SG-2025-000002", "SG-2025-000003"],
            ]
            for user in ["a.khan", "m.ager", "sg.lead", "an.alyst"] {
                for (name, cases) in every {
                    let answer = try await Self.view(client, name, t[user])
                    #expect(answer.status == 200 && Self.references(in: answer.body) == cases, "\(user) \(name): \(answer.body)")
                }
                let caseload = try await Self.view(client, "caseload", t[user]).body
                #expect(caseload.contains(#""openCases":9}"#), "\(user): \(caseload)")
            }
        }
    }
}

/// `caselog view NAME --server` as a caseworker prints what the route answers them: the rows of
/// the cases `caselog cases --server` lists them, not a refusal.
@Suite("caselog view --server as a caseworker")
struct ClientViewVisibilityTests {
    static func references(in text: String) -> Set<String> {
        Set(text.matches(of: /(?:TS|SG|CMP)-\d{4}-\d{6}|PR-\d{4}-\d{4}/).map { String($0.output) })
    }

    @Test("a caseworker's complaints-sla holds exactly the open complaints their cases --server lists; in a team of no case, nothing, exit 0")
    func caseworkerView() throws {
        let fixture = ClientFixture()
        try fixture.prepare()
        try fixture.serve()
        let all = fixture.local(["view", "complaints-sla", "--format", "json"]).standardOutput
        let worker = try #require(all.firstMatch(of: /"worker":"([^"]+)"/).map { String($0.1) })
        #expect(fixture.local(["user", "add", worker, "--role", "caseworker", "--team", "East"]).status == 0)
        #expect(fixture.local(["user", "add", "cw.none", "--role", "caseworker", "--team", "Nowhere"]).status == 0)
        func token(_ user: String) -> String {
            fixture.local(["token", "create", "--user", user]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let theirs = token(worker)
        let seen = fixture.remote(["view", "complaints-sla", "--format", "json"], token: theirs)
        #expect(seen.status == 0, "\(seen.standardError)")
        let listed = fixture.remote(["cases", "--type", "complaint", "--state", "open", "--format", "json"], token: theirs)
        #expect(listed.status == 0, "\(listed.standardError)")
        let rows = Self.references(in: seen.standardOutput)
        #expect(!rows.isEmpty && rows == Self.references(in: listed.standardOutput))
        #expect(rows.isSubset(of: Self.references(in: all)) && rows != Self.references(in: all))
        #expect(seen.standardOutput.contains(#""openComplaints":\#(rows.count),"#), "\(seen.standardOutput.prefix(300))")
        let nothing = fixture.remote(["view", "complaints-sla"], token: token("cw.none"))
        #expect(nothing.status == 0 && nothing.standardOutput.contains("(nothing)"), "\(nothing.standardError)")
    }
}
