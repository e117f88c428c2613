import CaseStore
import CaselogServer
import Testing
import TestSupport

/// Tokens at the door, and the read routes, over real HTTP on loopback.
@Suite("Access and read routes")
struct AccessRouteTests {
    @Test("no token, an unknown one and a revoked one are 401 with WWW-Authenticate: Bearer; /health needs none")
    func unauthorized() async throws {
        let fixture = try ServerFixture()
        try fixture.store.addUser("b.gone", role: .caseworker, actor: "owner")
        let revoked = try fixture.store.issueToken(to: "b.gone", actor: "owner").token
        try fixture.store.revokeTokens(of: "b.gone", actor: "owner")
        try await fixture.run { client in
            for token in [nil, "caselog_unknown", revoked] as [String?] {
                let answer = try await client.call(.get, "/v1/stats", token: .some(token))
                #expect(answer.status == 401)
                #expect(answer.headers[.wwwAuthenticate] == "Bearer")
                #expect(answer.body.contains(#""exitCode":77"#))
                if let token { #expect(!answer.body.contains(token)) }
            }
            let post = try await client.call(.post, "/v1/events", token: .some("caselog_unknown"), body: ServerFixture.person)
            #expect(post.status == 401)
            let health = try await client.call(.get, "/health", token: .some(nil))
            #expect(health.status == 200 && health.body == #"{"status":"ok","head":5}"# + "\n")
        }
        #expect(try fixture.store.log.head().position == 5)
    }

    @Test("a token issued while the server runs is accepted from the next request")
    func tokenIssuedWhileRunning() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let other = try CaseStore(openingAt: fixture.store.path)
            try other.addUser("c.new", role: .analyst, actor: "owner")
            let token = try other.issueToken(to: "c.new", actor: "owner").token
            #expect(try await client.call(.get, "/v1/stats", token: .some(token)).status == 200)
            try other.revokeTokens(of: "c.new", actor: "owner")
            #expect(try await client.call(.get, "/v1/stats", token: .some(token)).status == 401)
        }
    }

    @Test("GET /v1/cases/{ref} answers the case as `case --format json`, personal fields only when asked; 404 unknown, 422 not a reference")
    func cases() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let plain = try await client.call(.get, "/v1/cases/P-000001")
            #expect(plain.status == 200)
            #expect(plain.body.hasPrefix(#"{"case":"P-000001""#))
            #expect(!plain.body.contains("Jane Example"))
            let personal = try await client.call(.get, "/v1/cases/P-000001?include-personal=true")
            #expect(personal.body.contains("Jane Example"))
            let expected = try #require(try fixture.store.readCase("P-000001", asOf: EuropeLondonToday.date, includingPersonal: true))
            #expect(Array(personal.body.utf8) == expected.json())
            #expect(try await client.call(.get, "/v1/cases/P-000099").status == 404)
            #expect(try await client.call(.get, "/v1/cases/nonsense").status == 422)
        }
    }

    @Test("/v1/stats answers `stats --format json`; /metrics names the commits, batches, latency, subscriptions and views")
    func statsAndMetrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let stats = try await client.call(.get, "/v1/stats")
            #expect(stats.body.contains(#""events":3,"#))
            let metrics = try await client.call(.get, "/metrics").body
            for line in ["caselog_events_committed_total 1", "caselog_commits_total 1", "caselog_log_head_position 3",
                         #"caselog_view_checkpoint_position{view="case-summary"} 3"#, #"caselog_view_lag_events{view="case-summary"} 0"#,
                         "caselog_open_subscriptions 0", "caselog_commit_duration_seconds_count 1", "caselog_commit_batch_requests_count 1"] {
                #expect(metrics.contains(line), "\(line)")
            }
        }
    }
}

import Casework
enum EuropeLondonToday {
    static var date: CalendarDate { EuropeLondon.today() }
}
