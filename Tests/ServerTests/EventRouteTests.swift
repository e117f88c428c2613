import CaseStore
import CaselogServer
import Casework
import EventLog
import Testing
import TestSupport

/// `POST /v1/events` and `GET /v1/events` over real HTTP on loopback.
@Suite("Event routes")
struct EventRouteTests {
    @Test("the last possible position as after= or Last-Event-ID is a 400, not a crash of the server")
    func lastPosition() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            #expect(try await client.call(.get, "/v1/events?after=18446744073709551615").status == 400)
            let resumed = try await client.call(.get, "/v1/events", headers: ["Accept": "text/event-stream", "Last-Event-ID": "18446744073709551615"])
            #expect(resumed.status == 400)
            #expect(try await client.call(.get, "/health", token: .some(nil)).status == 200)
        }
    }

    @Test("a body over 16 MiB is refused with 413 and the CLI's line, not an internal error")
    func bodyTooLarge() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let answer = try await client.call(.post, "/v1/events", body: String(repeating: "a", count: 17 << 20))
            #expect(answer.status == 413, "\(answer.body.prefix(300))")
            #expect(answer.headers[.contentType] == "application/problem+json")
            #expect(answer.body.contains("larger than 16 MiB") && answer.body.contains(#""exitCode":64"#))
        }
    }

    @Test("an event posted is recorded as the token's user and answered 201 with its case, version and position")
    func postOne() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let answer = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            #expect(answer.status == 201)
            #expect(answer.body == #"{"events":[{"case":"P-000001","version":1,"position":3}]}"# + "\n")
        }
        let actor = try fixture.store.log.read { try $0.record(at: 3)?.actor }
        #expect(actor == "a.khan")
    }

    @Test("an array is all or nothing: a refused second event leaves nothing written, named as record --stdin names its line")
    func arrayAllOrNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let answer = try await client.call(.post, "/v1/events", body: "[\(ServerFixture.person),\(ServerFixture.note("P-000077"))]")
            #expect(answer.status == 422)
            #expect(answer.body.contains(#""detail":"line 2: "#), "\(answer.body)")
            let both = try await client.call(.post, "/v1/events", body: "[\(ServerFixture.person),\(ServerFixture.note("P-000001"))]")
            #expect(both.body == #"{"events":[{"case":"P-000001","version":1,"position":3},{"case":"P-000001","version":2,"position":4}]}"# + "\n")
        }
    }

    @Test("an expectedVersion that is not the case's is 409 with exit code 75; nothing written")
    func conflict() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let answer = try await client.call(.post, "/v1/events", body: ServerFixture.note("P-000001", expecting: 5))
            #expect(answer.status == 409)
            #expect(answer.headers[.contentType] == "application/problem+json")
            #expect(answer.body.contains(#""status":409"#) && answer.body.contains(#""exitCode":75"#), "\(answer.body)")
        }
        #expect(try fixture.store.log.head().position == 3)
    }

    @Test("If-Match names the version of the one event's case: 412 when it is not, 201 when it is, 400 for several events")
    func ifMatch() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let stale = try await client.call(.post, "/v1/events", headers: ["If-Match": "\"2\""], body: ServerFixture.note("P-000001"))
            #expect(stale.status == 412)
            #expect(stale.body.contains(#""type":"urn:caselog:problem:precondition-failed""#) && stale.body.contains(#""exitCode":75"#))
            let fresh = try await client.call(.post, "/v1/events", headers: ["If-Match": "\"1\""], body: ServerFixture.note("P-000001"))
            #expect(fresh.status == 201)
            let two = "[\(ServerFixture.note("P-000001")),\(ServerFixture.note("P-000001"))]"
            #expect(try await client.call(.post, "/v1/events", headers: ["If-Match": "\"2\""], body: two).status == 400)
            #expect(try await client.call(.post, "/v1/events", headers: ["If-Match": "soon"], body: ServerFixture.note("P-000001")).status == 400)
        }
        #expect(try fixture.store.log.head().position == 4)
    }

    @Test("a refused event is 422 with the line `caselog record --stdin` prints for it, exit code 65")
    func refusalMatchesTheCommandLine() async throws {
        let line = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"persn","name":"Jane Example"}}"#
        let fixture = try ServerFixture()
        let cli = ChildProcess.run(caselogBinaryPath(), ["record", "--stdin", "--store", fixture.store.path],
                                   input: line + "\n", scratch: fixture.scratch)
        #expect(cli.status == 65)
        let printed = String(cli.standardError.dropFirst("caselog: ".count).dropLast())
        #expect(!printed.contains("Jane"))
        try await fixture.run { client in
            let answer = try await client.call(.post, "/v1/events", body: line)
            #expect(answer.status == 422)
            #expect(answer.body.contains(#""detail":"\#(printed.replacingQuotes)""#), "\(answer.body) vs \(printed)")
            #expect(answer.body.contains(#""exitCode":65"#))
        }
    }

    @Test("a body that is not an event line or an array of them is 400 with exit code 64; a line claiming an actor is 422")
    func malformed() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            for body in [#"{"type":"#, "", "42", #"["not an object"]"#, "[]", ServerFixture.person + " trailing"] {
                let answer = try await client.call(.post, "/v1/events", body: body)
                #expect(answer.status == 400, "\(body): \(answer.body)")
                #expect(answer.body.contains(#""exitCode":64"#))
            }
            let claimed = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","actor":"somebody.else","data":{"kind":"person","name":"X"}}"#
            let answer = try await client.call(.post, "/v1/events", body: claimed)
            #expect(answer.status == 422)
            #expect(answer.body.contains("may not carry actor"))
        }
        #expect(try fixture.store.log.head().position == 2)
    }

    @Test("a line whose data says onBehalfOf is 422, as one claiming an actor: on the server the actor is the token's user")
    func onBehalfOfRefused() async throws {
        let fixture = try ServerFixture()
        let head = try fixture.store.log.head().position
        try await fixture.run { client in
            let claimed = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"X","onBehalfOf":"s.patel"}}"#
            let answer = try await client.call(.post, "/v1/events", body: "[" + ServerFixture.person + "," + claimed + "]")
            #expect(answer.status == 422, "\(answer.body)")
            #expect(answer.body.contains("line 2: on the server the actor is the token's user") && answer.body.contains("onBehalfOf"), "\(answer.body)")
            #expect(answer.body.contains(#""exitCode":65"#))
        }
        #expect(try fixture.store.log.head().position == head)
    }

    @Test("GET /v1/events pages from a position or after one, without personal fields; a bad parameter is 400")
    func pages() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            for _ in 0..<3 { _ = try await client.call(.post, "/v1/events", body: ServerFixture.person) }
            let page = try await client.call(.get, "/v1/events?from=3&limit=2")
            #expect(page.status == 200)
            #expect(page.body.split(separator: "\n").map { $0.contains(#""position":3,"#) || $0.contains(#""position":4,"#) } == [true, true])
            #expect(!page.body.contains("Jane"))
            let after = try await client.call(.get, "/v1/events?after=4")
            #expect(after.body.split(separator: "\n").count == 1 && after.body.contains(#""position":5,"#))
            for bad in ["from=0", "limit=0", "limit=10001", "from=1&after=1", "after=x"] {
                #expect(try await client.call(.get, "/v1/events?\(bad)").status == 400, "\(bad)")
            }
        }
    }
}

extension String {
    /// The text as it stands inside a JSON string (quotes escaped).
    var replacingQuotes: String {
        var out = ""
        for character in self { out += character == "\"" ? "\\\"" : String(character) }
        return out
    }
}
