import CaseStore
import CaselogServer
import HTTPTypes
import Testing
import TestSupport
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// docs/openapi.yaml against the running server: each route it names exists, each status code
/// it lists for a route is produced by a request built here, and the server has no other route.
@Suite("The OpenAPI document matches the server")
struct OpenAPIConformanceTests {
    typealias Probe = @Sendable (ServerFixture.Client) async throws -> ServerFixture.Answer

    /// A request for each route and status the document lists, keyed "METHOD PATH STATUS". The
    /// store holds P-000001 (version 1) when they run.
    static let probes: [String: Probe] = [
        "GET /health 200": { try await $0.call(.get, "/health", token: .some(nil)) },
        "GET /metrics 200": { try await $0.call(.get, "/metrics") },
        "GET /metrics 401": { try await $0.call(.get, "/metrics", token: .some(nil)) },
        "GET /openapi.yaml 200": { try await $0.call(.get, "/openapi.yaml") },
        "GET /openapi.yaml 401": { try await $0.call(.get, "/openapi.yaml", token: .some("caselog_nobody")) },
        "POST /v1/events 201": { try await $0.call(.post, "/v1/events", body: ServerFixture.note("P-000001")) },
        "POST /v1/events 400": { try await $0.call(.post, "/v1/events", body: "{") },
        "POST /v1/events 401": { try await $0.call(.post, "/v1/events", token: .some(nil), body: ServerFixture.person) },
        "POST /v1/events 413": { try await $0.call(.post, "/v1/events", body: String(repeating: " ", count: 17 << 20)) },
        "POST /v1/events 409": { try await $0.call(.post, "/v1/events", body: ServerFixture.note("P-000001", expecting: 99)) },
        "POST /v1/events 412": { try await $0.call(.post, "/v1/events", headers: ["If-Match": "\"99\""], body: ServerFixture.note("P-000001")) },
        "POST /v1/events 422": { try await $0.call(.post, "/v1/events", body: ServerFixture.note("P-000404")) },
        "GET /v1/events 200": { try await $0.call(.get, "/v1/events?after=1&limit=1") },
        "GET /v1/events 400": { try await $0.call(.get, "/v1/events?limit=nope") },
        "GET /v1/events 401": { try await $0.call(.get, "/v1/events", token: .some(nil)) },
        "GET /v1/cases 200": { try await $0.call(.get, "/v1/cases?type=subject&format=table") },
        "GET /v1/cases 400": { try await $0.call(.get, "/v1/cases?state=pending") },
        "GET /v1/cases 401": { try await $0.call(.get, "/v1/cases", token: .some(nil)) },
        "GET /v1/cases/{ref} 200": { try await $0.call(.get, "/v1/cases/P-000001") },
        "GET /v1/cases/{ref} 400": { try await $0.call(.get, "/v1/cases/P-000001?at=yesterday") },
        "GET /v1/views/{name} 200": { try await $0.call(.get, "/v1/views/caseload?at=2025-03-07&format=csv") },
        "GET /v1/views/{name} 400": { try await $0.call(.get, "/v1/views/everything") },
        "GET /v1/views/{name} 401": { try await $0.call(.get, "/v1/views/caseload", token: .some(nil)) },
        "GET /v1/replay/{ref} 200": { try await $0.call(.get, "/v1/replay/P-000001?format=text") },
        "GET /v1/replay/{ref} 400": { try await $0.call(.get, "/v1/replay/P-000001?format=csv") },
        "GET /v1/replay/{ref} 401": { try await $0.call(.get, "/v1/replay/P-000001", token: .some(nil)) },
        "GET /v1/replay/{ref} 404": { try await $0.call(.get, "/v1/replay/SG-2025-000404") },
        "GET /v1/reports/{name} 200": { try await $0.call(.get, "/v1/reports/complaints-performance?from=2025-01-01&to=2025-03-31") },
        "GET /v1/reports/{name} 400": { try await $0.call(.get, "/v1/reports/complaints-performance?from=2025-04-01&to=2025-03-01") },
        "GET /v1/reports/{name} 401": { try await $0.call(.get, "/v1/reports/complaints-performance", token: .some(nil)) },
        "GET /v1/chronology/{subject} 200": { try await $0.call(.get, "/v1/chronology/P-000001?format=markdown") },
        "GET /v1/chronology/{subject} 400": { try await $0.call(.get, "/v1/chronology/P-000001?format=html") },
        "GET /v1/chronology/{subject} 401": { try await $0.call(.get, "/v1/chronology/P-000001", token: .some(nil)) },
        "GET /v1/chronology/{subject} 404": { try await $0.call(.get, "/v1/chronology/P-000404") },
        "GET /v1/types 200": { try await $0.call(.get, "/v1/types?format=text") },
        "GET /v1/types 400": { try await $0.call(.get, "/v1/types?format=yaml") },
        "GET /v1/types 401": { try await $0.call(.get, "/v1/types", token: .some(nil)) },
        "GET /v1/types/{type} 200": { try await $0.call(.get, "/v1/types/complaint.received") },
        "GET /v1/types/{type} 400": { try await $0.call(.get, "/v1/types/complaint.received?format=csv") },
        "GET /v1/types/{type} 401": { try await $0.call(.get, "/v1/types/complaint.received", token: .some(nil)) },
        "GET /v1/types/{type} 422": { try await $0.call(.get, "/v1/types/complaint.recieved") },
        "GET /v1/stats 400": { try await $0.call(.get, "/v1/stats?format=csv") },
        "GET /v1/cases/{ref} 401": { try await $0.call(.get, "/v1/cases/P-000001", token: .some(nil)) },
        "GET /v1/cases/{ref} 404": { try await $0.call(.get, "/v1/cases/P-000404") },
        "GET /v1/cases/{ref} 422": { try await $0.call(.get, "/v1/cases/not-a-reference") },
        "GET /v1/stats 200": { try await $0.call(.get, "/v1/stats") },
        "POST /v1/events 403": { try await $0.call(.post, "/v1/events", token: .some(analyst.token), body: ServerFixture.note("P-000001")) },
        "GET /v1/events 403": { try await $0.call(.get, "/v1/events", token: .some(roleless.token)) },
        "GET /v1/cases/{ref} 403": { try await $0.call(.get, "/v1/cases/P-000001", token: .some(analyst.token)) },
        "GET /v1/views/{name} 403": { try await $0.call(.get, "/v1/views/caseload", token: .some(roleless.token)) },
        "GET /v1/replay/{ref} 403": { try await $0.call(.get, "/v1/replay/P-000001", token: .some(analyst.token)) },
        "GET /v1/reports/{name} 403": {
            try await $0.call(.get, "/v1/reports/complaints-performance?from=2025-01-01&to=2025-03-31", token: .some(caseworker.token))
        },
        "GET /v1/chronology/{subject} 403": { try await $0.call(.get, "/v1/chronology/P-000001", token: .some(analyst.token)) },
        "GET /v1/stats 401": { try await $0.call(.get, "/v1/stats", token: .some(nil)) },
        "GET /metrics 429": Self.limited(.get, "/metrics"),
        "GET /openapi.yaml 429": Self.limited(.get, "/openapi.yaml"),
        "POST /v1/events 429": Self.limited(.post, "/v1/events", body: ServerFixture.person),
        "GET /v1/events 429": Self.limited(.get, "/v1/events"),
        "GET /v1/cases 429": Self.limited(.get, "/v1/cases"),
        "GET /v1/views/{name} 429": Self.limited(.get, "/v1/views/caseload"),
        "GET /v1/replay/{ref} 429": Self.limited(.get, "/v1/replay/P-000001"),
        "GET /v1/reports/{name} 429": Self.limited(.get, "/v1/reports/complaints-performance"),
        "GET /v1/chronology/{subject} 429": Self.limited(.get, "/v1/chronology/P-000001"),
        "GET /v1/types 429": Self.limited(.get, "/v1/types"),
        "GET /v1/types/{type} 429": Self.limited(.get, "/v1/types/complaint.received"),
        "GET /v1/cases/{ref} 429": Self.limited(.get, "/v1/cases/P-000001"),
        "GET /v1/stats 429": Self.limited(.get, "/v1/stats"),
        "GET /v1/subjects 200": { try await $0.call(.get, "/v1/subjects?name=Jane%20Example&format=table") },
        "GET /v1/subjects 400": { try await $0.call(.get, "/v1/subjects?dob=yesterday") },
        "GET /v1/subjects 401": { try await $0.call(.get, "/v1/subjects?name=Jane", token: .some(nil)) },
        "GET /v1/subjects 403": { try await $0.call(.get, "/v1/subjects?name=Jane", token: .some(analyst.token)) },
        "GET /v1/subjects 429": Self.limited(.get, "/v1/subjects?name=Jane"),
    ]

    /// The tokens of an analyst, of a caseworker in no team and of a user holding no role,
    /// issued by the test before the probes run.
    final class RestrictedToken: @unchecked Sendable {
        /// Set once, before any probe reads it.
        var token = ""
    }
    static let analyst = RestrictedToken()
    static let caseworker = RestrictedToken()
    static let roleless = RestrictedToken()

    /// A request, with the good token, from a client that has presented too many wrong tokens:
    /// the proxy (the fixture's server is behind one) names it 198.51.100.29. The first such
    /// probe uses up the client's failures; the later ones find it refused at once.
    static func limited(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil) -> Probe {
        { client in
            let forwarded = ["X-Forwarded-For": "198.51.100.29"]
            for _ in 0..<ServerOptions().failedTokenLimit {
                let answer = try await client.call(.get, "/v1/stats", token: .some("caselog_wrong"), headers: forwarded)
                if answer.status == 429 { break }
            }
            return try await client.call(method, uri, headers: forwarded, body: body)
        }
    }

    static let documentPath: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/docs/openapi.yaml"
    }()

    @Test("each documented route and status is what the server answers, and the server has no undocumented route")
    func documentMatchesServer() async throws {
        var options = ServerOptions()
        options.isBehindProxy = true
        let fixture = try ServerFixture(options: options, keyStore: true)
        try fixture.store.addUser("an.alyst", role: .analyst, actor: "owner")
        try fixture.store.addUser("c.worker", role: .caseworker, actor: "owner")
        Self.analyst.token = try fixture.store.issueToken(to: "an.alyst", actor: "owner").token
        Self.caseworker.token = try fixture.store.issueToken(to: "c.worker", actor: "owner").token
        try fixture.store.addUser("no.role", role: .analyst, actor: "owner")
        Self.roleless.token = try fixture.store.issueToken(to: "no.role", actor: "owner").token
        try fixture.store.revokeRole(.analyst, from: "no.role", actor: "owner")
        try await fixture.run { client in
            #expect(try await client.call(.post, "/v1/events", body: ServerFixture.person).status == 201)
            let served = try await client.call(.get, "/openapi.yaml")
            #expect(served.headers[.contentType] == "application/yaml")
            let file = String(decoding: readFile(Self.documentPath) ?? [], as: UTF8.self)
            #expect(served.body == file, "the served document is not docs/openapi.yaml: run scripts/embed-openapi")
            let document = try #require(try Yams.load(yaml: served.body) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            var documented: Set<String> = []
            var checked = 0
            for (path, item) in paths {
                for (method, operation) in try #require(item as? [String: Any]) {
                    documented.insert("\(method.uppercased()) \(path)")
                    let responses = try #require((operation as? [String: Any])?["responses"] as? [String: Any])
                    for status in responses.keys.sorted() {
                        let key = "\(method.uppercased()) \(path) \(status)"
                        guard let probe = Self.probes[key] else {
                            Issue.record("no request of this test produces \(key)")
                            continue
                        }
                        let answer = try await probe(client)
                        #expect(String(answer.status) == status, "\(key): answered \(answer.status) \(answer.body)")
                        if answer.status >= 400 { #expect(answer.headers[.contentType] == "application/problem+json", "\(key)") }
                        checked += 1
                    }
                }
            }
            let routes = Set(CaselogHTTPServer.routes.map { "\($0.method) \($0.path)" })
            #expect(documented == routes, "documented \(documented.sorted()), served \(routes.sorted())")
            #expect(checked == Self.probes.count, "every probe answers a documented status")
            // A route the document does not name is not served.
            #expect(try await client.call(.get, "/v1/nothing-here").status == 404)
            let deleted = try await client.call(.delete, "/v1/events").status
            #expect(deleted == 404 || deleted == 405, "\(deleted)")
        }
    }
}
