@_spi(Benchmarks) import CaselogServer
import CaseStore
import Testing

/// The Benchmarks package measures what the access log costs a read with a server whose
/// `logsPersonalReads` is off. The hook must be off nowhere else, and must leave out the log
/// and nothing more, or the benchmark would measure something else than the log.
@Suite("The benchmark's unlogged reads")
struct UnloggedReadHookTests {
    @Test("a server logs every † read unless the benchmark turns it off")
    func onByDefault() throws {
        #expect(ServerOptions().logsPersonalReads)
        #expect(try ServerOptions(listen: "127.0.0.1:0").logsPersonalReads)
    }

    @Test("turned off, the same † read is answered the same and leaves no access.personal-read", arguments: [true, false])
    func sameAnswer(logs: Bool) async throws {
        var options = ServerOptions()
        options.logsPersonalReads = logs
        let fixture = try ServerFixture(options: options)
        try await fixture.run { client in
            let posted = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            #expect(posted.status == 201)
            let read = try await client.call(.get, "/v1/cases/P-000001?include-personal=true")
            #expect(read.status == 200 && read.body.contains("Jane Example"))
        }
        let entries = try fixture.store.accessLog(AccessLogFilter()).entries
        #expect(entries.count == (logs ? 1 : 0))
    }
}
