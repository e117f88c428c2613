import CaseStore
import CaselogServer
import Casework
import EventLog
import Testing
import TestSupport

/// DOMAIN.md §9 over real HTTP: six users, one per role, in two teams, each route answered as
/// the policy says (allowed, 403 naming the rule, or allowed with break-glass and logged), and
/// every read that returned a † field in the access log.
@Suite("Roles over HTTP")
struct RoleAccessTests {
    /// A distinctive † value: no analyst answer may carry it.
    static let secretName = "Zebedee Quixote-Roles"
    static let secretNote = "Kept the keys under the blue pot"

    /// The fixture's admin (a.khan) adds the others; each gets a token.
    struct People {
        var tokens: [String: String] = [:]
    }

    static func people(_ fixture: ServerFixture) throws -> People {
        var people = People()
        people.tokens["a.khan"] = fixture.token
        for (name, role, team) in [("cw.north", AccessRole.caseworker, "North"), ("cw.south", .caseworker, "South"),
                                   ("sg.lead", .safeguardingLead, nil), ("p.member", .panelMember, nil),
                                   ("m.ager", .manager, "North"), ("an.alyst", .analyst, nil)] as [(String, AccessRole, String?)] {
            try fixture.store.addUser(name, role: role, team: team, actor: "owner")
            people.tokens[name] = try fixture.store.issueToken(to: name, actor: "owner").token
        }
        return people
    }

    static func post(_ client: ServerFixture.Client, _ token: String?, _ line: String) async throws -> ServerFixture.Answer {
        try await client.call(.post, "/v1/events", token: .some(token), body: line)
    }

    static func line(_ type: String, _ reference: String?, _ data: String) -> String {
        #"{"type":"\#(type)","# + (reference.map { #""case":"\#($0)","# } ?? "") + #""occurredAt":"2025-03-03T09:00:00Z","data":\#(data)}"#
    }

    @Test("each role records and reads what §9 allows; the rest is 403 with the rule, or break-glass with a reason, logged")
    func everyRoleEveryRoute() async throws {
        let fixture = try ServerFixture()
        let people = try Self.people(fixture)
        try await fixture.run { client in
            let t = people.tokens
            // The north caseworker registers a person and opens a tenancy case: new cases are theirs to open.
            #expect(try await Self.post(client, t["cw.north"], Self.line("subject.registered", nil, #"{"kind":"person","name":"\#(Self.secretName)"}"#)).status == 201)
            let tenancy = Self.line("tenancy.referral-received", nil,
                                    #"{"household":"P-000001","tenancyRef":"T-1","source":"income-team","reasons":["rent-arrears"]}"#)
            #expect(try await Self.post(client, t["cw.north"], tenancy).status == 201)
            #expect(try await Self.post(client, t["cw.north"], Self.line("case.note-added", "TS-2025-000001", #"{"text":"\#(Self.secretNote)"}"#)).status == 201)
            // The south caseworker raises a concern about the same person.
            let concern = Self.line("safeguarding.concern-raised", nil,
                                    #"{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":false,"description":"Hoarding"}"#)
            #expect(try await Self.post(client, t["cw.south"], concern).status == 201)
            // The south caseworker may not record on the north team's case; the analyst records nothing.
            let south = try await Self.post(client, t["cw.south"], Self.line("case.note-added", "TS-2025-000001", #"{"text":"x"}"#))
            #expect(south.status == 403 && south.body.contains("a caseworker records new cases and on cases assigned to them or their team"))
            #expect(try await Self.post(client, t["an.alyst"], Self.line("case.note-added", "TS-2025-000001", #"{"text":"x"}"#)).status == 403)
            // The lead opens a review of the concern and seats the panel member; the panel member records a finding.
            #expect(try await Self.post(client, t["sg.lead"], Self.line("review.opened", nil, #"{"incidents":["SG-2025-000001"],"trigger":"near-miss"}"#)).status == 201)
            #expect(try await Self.post(client, t["p.member"], Self.line("review.member-added", "PR-2025-0001", #"{"member":"p.member"}"#)).status == 403)
            #expect(try await Self.post(client, t["sg.lead"], Self.line("review.member-added", "PR-2025-0001", #"{"member":"p.member"}"#)).status == 201)
            #expect(try await Self.post(client, t["p.member"],
                                        Self.line("review.finding-recorded", "PR-2025-0001", #"{"findingId":"F1","contributingFactors":["recording"]}"#)).status == 201)
            // The manager assigns the tenancy case to the south caseworker: now theirs to read.
            #expect(try await Self.post(client, t["m.ager"], Self.line("case.assigned", "TS-2025-000001", #"{"worker":"cw.south"}"#)).status == 201)

            // Reads of one case, by role.
            let expected: [(String, String, Int)] = [
                ("a.khan", "TS-2025-000001", 200), ("sg.lead", "TS-2025-000001", 200), ("m.ager", "SG-2025-000001", 200),
                ("cw.south", "TS-2025-000001", 200), ("cw.north", "TS-2025-000001", 200),   // opener's own case
                ("cw.north", "SG-2025-000001", 403), ("cw.south", "SG-2025-000001", 200),   // raised it
                ("cw.north", "PR-2025-0001", 403), ("p.member", "PR-2025-0001", 200), ("p.member", "SG-2025-000001", 200),
                ("p.member", "TS-2025-000001", 403), ("an.alyst", "TS-2025-000001", 403), ("an.alyst", "P-000001", 403),
                ("cw.north", "P-000001", 200),   // named by a case they may read
            ]
            for (user, reference, status) in expected {
                let answer = try await client.call(.get, "/v1/cases/\(reference)", token: .some(t[user]))
                #expect(answer.status == status, "\(user) reading \(reference): \(answer.status) \(answer.body.prefix(200))")
                if status == 403 { #expect(answer.body.contains(#""exitCode":77"#) && answer.body.contains("beyond")) }
            }
            // Break glass: the north caseworker states a reason and reads the concern; logged as such.
            let glass = try await client.call(.get, "/v1/cases/SG-2025-000001", token: .some(t["cw.north"]),
                                              headers: ["X-Caselog-Reason": "Tenant at the door, worried about a neighbour"])
            #expect(glass.status == 200)
            // A reason longer than 500 characters is refused (400), not stored.
            let long = try await client.call(.get, "/v1/cases/SG-2025-000001", token: .some(t["cw.north"]),
                                             headers: ["X-Caselog-Reason": String(repeating: "why ", count: 130)])
            #expect(long.status == 400 && long.body.contains("at most 500 characters"))
            // An analyst cannot break glass, and never asks for † fields.
            #expect(try await client.call(.get, "/v1/cases/TS-2025-000001", token: .some(t["an.alyst"]),
                                          headers: ["X-Caselog-Reason": "curious"]).status == 403)
            #expect(try await client.call(.get, "/v1/cases/TS-2025-000001?include-personal=true", token: .some(t["an.alyst"])).status == 403)

            // Views: managers, leads, analysts and admins, and a caseworker their own cases' rows (ViewVisibilityTests);
            // reports: not caseworkers; neither for panel members.
            for (user, views, reports) in [("an.alyst", 200, 200), ("m.ager", 200, 200), ("sg.lead", 200, 200),
                                           ("cw.north", 200, 403), ("p.member", 403, 403)] {
                #expect(try await client.call(.get, "/v1/views/caseload", token: .some(t[user])).status == views, "\(user) views")
                #expect(try await client.call(.get, "/v1/reports/safeguarding-learning?from=2025-01-01&to=2025-12-31",
                                              token: .some(t[user])).status == reports, "\(user) reports")
            }
            // The event stream: everything for those who read every case; a caseworker's and a panel member's cases only.
            for user in ["an.alyst", "m.ager", "sg.lead", "cw.north", "p.member"] {
                #expect(try await client.call(.get, "/v1/events?from=1", token: .some(t[user])).status == 200, "\(user) events")
            }
            let northEvents = try await client.call(.get, "/v1/events?from=1&limit=10000", token: .some(t["cw.north"])).body
            #expect(northEvents.contains(#""case":"TS-2025-000001""#) && northEvents.contains(#""case":"P-000001""#))
            #expect(!northEvents.contains(#""case":"SG-2025-000001""#) && !northEvents.contains(#""case":"PR-2025-0001""#))
            #expect(!northEvents.contains(#""case":"access""#))
            let panelEvents = try await client.call(.get, "/v1/events?from=1&limit=10000", token: .some(t["p.member"])).body
            #expect(panelEvents.contains(#""case":"PR-2025-0001""#) && panelEvents.contains(#""case":"SG-2025-000001""#))
            #expect(!panelEvents.contains(#""case":"TS-2025-000001""#))
            // Lists hold only what the user may read.
            let northList = try await client.call(.get, "/v1/cases", token: .some(t["cw.north"]))
            #expect(northList.status == 200 && northList.body.contains("TS-2025-000001") && !northList.body.contains("SG-2025-000001"))
            let panelList = try await client.call(.get, "/v1/cases", token: .some(t["p.member"]))
            #expect(panelList.body.contains("PR-2025-0001") && panelList.body.contains("SG-2025-000001") && !panelList.body.contains("TS-2025-000001"))

            // A † read by the lead is logged before the answer leaves.
            let personal = try await client.call(.get, "/v1/cases/TS-2025-000001?include-personal=true", token: .some(t["sg.lead"]))
            #expect(personal.status == 200 && personal.body.contains(Self.secretNote))

            // The access stream (who read whom, users, token hashes) is in the lead's event stream, not the analyst's.
            let leadEvents = try await client.call(.get, "/v1/events?from=1&limit=10000", token: .some(t["sg.lead"]))
            let analystEvents = try await client.call(.get, "/v1/events?from=1&limit=10000", token: .some(t["an.alyst"]))
            #expect(leadEvents.body.contains(#""case":"access""#) && leadEvents.body.contains("access.personal-read"))
            #expect(analystEvents.status == 200 && !analystEvents.body.contains(#""case":"access""#) && analystEvents.body.contains("TS-2025-000001"))

            // The analyst finds no † value in any answer of any route.
            for route in ["/v1/cases", "/v1/views/caseload", "/v1/views/deadlines", "/v1/events?from=1", "/v1/stats", "/v1/types",
                          "/v1/reports/safeguarding-learning?from=2025-01-01&to=2025-12-31", "/v1/replay/SG-2025-000001",
                          "/v1/chronology/P-000001", "/v1/cases/P-000001?include-personal=true"] {
                let answer = try await client.call(.get, route, token: .some(t["an.alyst"]))
                #expect(!answer.body.contains(Self.secretName) && !answer.body.contains(Self.secretNote), "\(route)")
            }
        }
        // The access log: the break-glass read and the lead's † read, with user, subjects, cases, purpose.
        var reads: [(user: String, subjects: String, breakGlass: Bool, purpose: String)] = []
        try fixture.store.log.read { reader in
            try reader.scanStream(AccessStream.name) { record in
                guard record.type == AccessStream.personalRead else { return }
                let data = record.data
                var subjects: [String] = []
                data["subjects"]?.forEachElement { if let subject = $0.string { subjects.append(subject) } }
                reads.append((data["user"]?.string ?? "", subjects.joined(separator: ","), data["breakGlass"]?.bool ?? false,
                              data["purpose"]?.string ?? ""))
                #expect(record.actor == data["user"]?.string)
            }
        }
        #expect(reads.contains { $0.user == "cw.north" && $0.breakGlass && $0.subjects == "P-000001" && $0.purpose == "GET /v1/cases/{ref}" })
        #expect(reads.contains { $0.user == "sg.lead" && !$0.breakGlass && $0.subjects == "P-000001" })
        #expect(!reads.contains { $0.user == "an.alyst" })
        // And the access log verifies with the chain.
        let report = try fixture.store.log.verify()
        #expect(report.isIntact)
    }

    @Test("a disabled user's tokens stop at once; an expired one is refused; a token goes only to a known user")
    func disabledAndExpired() async throws {
        let fixture = try ServerFixture()
        let people = try Self.people(fixture)
        try await fixture.run { client in
            #expect(try await client.call(.get, "/v1/stats", token: .some(people.tokens["cw.north"])).status == 200)
            let (_, revoked) = try fixture.store.disableUser("cw.north", actor: "owner")
            #expect(revoked.count == 1)
            #expect(try await client.call(.get, "/v1/stats", token: .some(people.tokens["cw.north"])).status == 401)
            #expect { try fixture.store.issueToken(to: "cw.north", actor: "owner") } throws: { CaselogError($0).kind == .notPermitted }
            #expect { try fixture.store.issueToken(to: "nobody", actor: "owner") } throws: { CaselogError($0).kind == .notFound }
        }
    }
}

/// `access.unusual-detected` as reads happen (DOMAIN.md §13), so that `watch` can alert on it.
@Suite("Unusual access")
struct UnusualAccessTests {
    @Test("the read that takes a user past the hourly limit of subjects is followed by access.unusual-detected, once")
    func flaggedOnce() async throws {
        let fixture = try ServerFixture()
        _ = try OrganisationSettings.change(.accessUnusualSubjectsPerHour, to: 2, in: fixture.store.log, actor: "owner")
        try fixture.store.addUser("sg.lead", role: .safeguardingLead, actor: "owner")
        let lead = try fixture.store.issueToken(to: "sg.lead", actor: "owner").token
        try await fixture.run { client in
            for _ in 0..<4 {
                let posted = try await client.call(.post, "/v1/events", body: ServerFixture.person)
                #expect(posted.status == 201)
            }
            for subject in ["P-000001", "P-000002", "P-000003", "P-000004", "P-000001"] {
                let read = try await client.call(.get, "/v1/cases/\(subject)?include-personal=true", token: .some(lead))
                #expect(read.status == 200)
            }
        }
        var flags: [(String, String, Int64)] = []
        try fixture.store.log.read { reader in
            try reader.scanStream(AccessStream.name) { record in
                guard record.type == AccessStream.unusualDetected else { return }
                flags.append((record.data["user"]?.string ?? "", record.data["rule"]?.string ?? "", record.data["subjects"]?.integer ?? 0))
            }
        }
        #expect(flags.count == 1)
        #expect(flags.first.map { $0.0 == "sg.lead" && $0.1 == "subjects-per-hour" && $0.2 == 3 } == true)
    }

    @Test("the monitor forgets reads older than an hour, and flags again after a user's hour drops back to the limit")
    func window() throws {
        let monitor = UnusualAccessMonitor { 1 }
        let start = Timestamp(microseconds: 1_000_000_000_000)
        func read(_ subject: String, minutes: Int64) throws -> Int? {
            try monitor.observe(PersonalRead(user: "u", subjects: [subject], cases: [], purpose: "test"),
                                at: Timestamp(microseconds: start.microseconds + minutes * 60_000_000)).unusual
        }
        #expect(try read("P-000001", minutes: 0) == nil)
        #expect(try read("P-000002", minutes: 1) == 2)
        #expect(try read("P-000003", minutes: 2) == nil)      // flagged already
        #expect(try read("P-000004", minutes: 130) == nil)    // the hour has passed: one subject
        #expect(try read("P-000005", minutes: 131) == 2)      // over again
    }
}
