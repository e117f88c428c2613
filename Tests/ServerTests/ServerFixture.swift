import CaseStore
import CaselogServer
import Casework
import EventLog
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport

/// A store with a token, served by `CaselogHTTPServer` on a free loopback port for one test
/// (HummingbirdTesting's live mode: real HTTP).
struct ServerFixture {
    let scratch = TemporaryDirectory()
    let store: CaseStore
    /// A live token of user `a.khan`.
    let token: String
    let server: CaselogHTTPServer

    /// A fixture whose server has `options` (its address aside: the test picks a free port) and
    /// logs to `logger` (nowhere unless told); with `keyStore`, its store has a key store (so
    /// † fields are encrypted and people can be found, `GET /v1/subjects`).
    init(options: ServerOptions = ServerOptions(), keyStore: Bool = false,
         logger: Logger = Logger(label: "caselog-test") { _ in SwiftLogNoOpLogHandler() }) throws {
        var storeOptions = CaseStore.Options()
        storeOptions.isDurable = false
        if keyStore {
            storeOptions.keyStore = try KeyStore(path: scratch.appending("store.keys"), master: MasterKey.generate(), createIfMissing: true)
        }
        store = try CaseStore.create(at: scratch.appending("store"), options: storeOptions).store
        token = try store.issueToken(to: "a.khan", actor: "owner").token
        server = CaselogHTTPServer(store: store, options: options, logger: logger, pollInterval: .milliseconds(50))
    }

    /// An answer, its body as text.
    struct Answer {
        let status: Int
        let headers: HTTPFields
        let body: String
    }

    /// Runs `test` against the server listening on loopback; stops it and its committer after.
    func run(_ test: @Sendable (Client) async throws -> Void) async throws {
        let application = try server.application()
        try await application.test(.live) { client in try await test(Client(client: client, token: token)) }
        await server.close()
    }

    /// The test's client: each request with the fixture's token unless told otherwise.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let token: String
        var port: Int { client.port ?? 0 }

        func call(_ method: HTTPRequest.Method, _ uri: String, token: String?? = .none, headers: [String: String] = [:],
                  body: String? = nil) async throws -> Answer {
            var fields = HTTPFields()
            let bearer: String? = switch token { case .none: self.token; case .some(let given): given }
            if let bearer { fields[.authorization] = "Bearer \(bearer)" }
            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
            if body != nil { fields[.contentType] = "application/json" }
            let response = try await client.executeRequest(uri: uri, method: method, headers: fields,
                                                           body: body.map { ByteBuffer(string: $0) })
            return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }

    static let person = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}"#

    static func note(_ reference: String, expecting version: Int? = nil) -> String {
        #"{"type":"subject.details-changed","case":"\#(reference)","occurredAt":"2025-03-04T09:00:00Z","data":{"phone":"01234 567890"}"#
            + (version.map { #","expectedVersion":\#($0)"# } ?? "") + "}"
    }
}
