import Foundation
import CaseStore
import CaselogServer
import Casework
import EventLog
import Testing
import TestSupport

/// `GET /v1/subjects` (caselog find --server) and the likely-duplicate warning of `POST /v1/events`.
@Suite("Finding people over HTTP")
struct FindRouteTests {
    @Test("each role finds what its reads allow, every search is logged with the subjects returned, a duplicate is a warning")
    func findAndWarn() async throws {
        let fixture = try ServerFixture(keyStore: true)
        var issued: [String: String] = ["a.khan": fixture.token]
        for (name, role, team) in [("cw.north", AccessRole.caseworker, "North"), ("cw.south", .caseworker, "South"),
                                   ("an.alyst", .analyst, nil)] as [(String, AccessRole, String?)] {
            try fixture.store.addUser(name, role: role, team: team, actor: "owner")
            issued[name] = try fixture.store.issueToken(to: name, actor: "owner").token
        }
        let tokens = issued
        try await fixture.run { client in
            let person = RoleAccessTests.line("subject.registered", nil,
                                              #"{"kind":"person","name":"Jane Example","dateOfBirth":"1980-02-03"}"#)
            let first = try await RoleAccessTests.post(client, tokens["cw.north"], person)
            #expect(first.status == 201 && !first.body.contains("warnings"), "\(first.body)")
            let tenancy = RoleAccessTests.line("tenancy.referral-received", nil,
                                               #"{"household":"P-000001","tenancyRef":"T-1","reasons":["rent-arrears"]}"#)
            #expect(try await RoleAccessTests.post(client, tokens["cw.north"], tenancy).status == 201)
            let again = try await RoleAccessTests.post(client, tokens["cw.south"], person.replacingOccurrences(of: "Jane Example", with: "JANE  EXAMPLE"))
            #expect(again.status == 201 && again.body.contains(#""warnings":["P-000002 has the name and date of birth of P-000001"#), "\(again.body)")

            let byName = "/v1/subjects?name=jane%20example"
            let north = try await client.call(.get, byName, token: .some(tokens["cw.north"]))
            #expect(north.status == 200 && north.body.contains(#""subject":"P-000001""#) && !north.body.contains("P-000002"), "\(north.body)")
            let south = try await client.call(.get, byName, token: .some(tokens["cw.south"]))
            #expect(south.status == 200 && south.body.contains(#""subjects":[]"#), "\(south.body)")
            let exact = try await client.call(.get, byName + "&dob=1980-02-03", token: .some(tokens["cw.south"]))
            #expect(exact.body.contains("P-000001") && exact.body.contains("P-000002") && exact.body.contains("Jane Example"), "\(exact.body)")
            let analyst = try await client.call(.get, byName, token: .some(tokens["an.alyst"]))
            #expect(analyst.status == 403 && !analyst.body.contains("Jane"), "\(analyst.body)")
        }
        let log = try fixture.store.accessLog(AccessLogFilter()).entries.filter { $0.purpose == "GET /v1/subjects" }
        #expect(log.map(\.user) == ["cw.north", "cw.south", "cw.south"])
        #expect(log.map { $0.subjects ?? [] } == [["P-000001"], [], ["P-000001", "P-000002"]])
    }
}
