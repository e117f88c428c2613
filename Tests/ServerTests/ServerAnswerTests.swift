import CaselogServer
import Testing

/// `ServerAnswer` reads back what the routes write: the one definition of the wire format
/// that the command line's `--server` relies on.
@Suite("Reading the server's answers")
struct ServerAnswerTests {
    @Test("a 201, a problem and /health, as the running server writes them, read back; anything else is nil")
    func answersReadBack() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let posted = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let recorded = try #require(ServerAnswer.recorded(Array(posted.body.utf8)))
            #expect(recorded.map(\.caseReference) == ["P-000001"] && recorded[0].version == 1 && !recorded[0].wasAlreadyRecorded)
            let refused = try await client.call(.post, "/v1/events", body: ServerFixture.note("P-000404"))
            let problem = try #require(ServerAnswer.problem(Array(refused.body.utf8)))
            #expect(problem.exitCode == 65 && problem.detail.contains("P-000404"))
            let health = try await client.call(.get, "/health", token: .some(nil))
            #expect(ServerAnswer.head(Array(health.body.utf8)) == recorded[0].position)
        }
        for body in ["", "{", "[]", #"{"events":[{"case":"P-000001","version":-1,"position":2}]}"#, #"{"detail":"x","exitCode":0}"#] {
            #expect(ServerAnswer.recorded(Array(body.utf8)) == nil && ServerAnswer.problem(Array(body.utf8)) == nil, "\(body)")
        }
        #expect(ServerAnswer.head(Array(#"{"head":"7"}"#.utf8)) == nil)
    }
}
