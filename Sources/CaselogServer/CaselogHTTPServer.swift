import CaseStore
import Casework
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle

/// `caselog serve`: the store's routes over HTTP, translation only (DESIGN.md): every rule is
/// CaseStore's, every error a `CaselogError` answered as problem+json, every write a request to
/// one `GroupCommitter`, every route but `/health` behind a bearer token of the access stream.
///
/// ```swift
/// let server = CaselogHTTPServer(store: store, options: options, logger: logger)
/// try await server.run { url in print("listening on \(url)") }   // until SIGTERM or SIGINT
/// ```
public final class CaselogHTTPServer: Sendable {
    /// The store served.
    public let store: CaseStore
    /// Where and how it listens.
    public let options: ServerOptions
    let logger: Logger
    let committer: GroupCommitter
    let authenticator: TokenAuthenticator
    /// Flags a user whose † reads name more subjects within an hour than the setting allows.
    let unusualAccess: UnusualAccessMonitor
    let signal = CommitSignal()
    let metrics = ServerMetrics()
    /// How often a subscriber with nothing new looks for other processes' writes.
    let pollInterval: Duration

    /// A server for `store`, not yet listening; its group committer starts now.
    public init(store: CaseStore, options: ServerOptions = ServerOptions(), logger: Logger,
                pollInterval: Duration = .milliseconds(200)) {
        self.store = store
        self.options = options
        self.logger = logger
        self.pollInterval = pollInterval
        authenticator = TokenAuthenticator(store: store)
        unusualAccess = UnusualAccessMonitor(store: store)
        let (signal, metrics) = (signal, metrics)
        committer = GroupCommitter(store: store) { commit in
            metrics.record(commit)
            signal.notify()
        }
    }

    /// Every route, as `docs/openapi.yaml` must name it (a test holds them together).
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/health"), ("GET", "/metrics"), ("GET", "/openapi.yaml"),
        ("POST", "/v1/events"), ("GET", "/v1/events"), ("GET", "/v1/cases"), ("GET", "/v1/cases/{ref}"),
        ("GET", "/v1/views/{name}"), ("GET", "/v1/replay/{ref}"), ("GET", "/v1/reports/{name}"),
        ("GET", "/v1/chronology/{subject}"), ("GET", "/v1/types"), ("GET", "/v1/types/{type}"), ("GET", "/v1/stats"),
        ("GET", "/v1/subjects"),
    ]

    /// The router: the middlewares (log, problems, tokens), then each route of `routes`.
    public func router() -> Router<CaselogRequestContext> {
        let router = Router(context: CaselogRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: FailedAuthMiddleware(options: options))
        router.add(middleware: BearerAuthMiddleware(authenticator: authenticator))
        router.get("/health") { [self] _, _ in try health() }
        router.get("/metrics") { [self] _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: try metrics.text(store: store, committer: committer))))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        router.post("/v1/events") { [self] request, context in try await postEvents(request, context: context) }
        router.get("/v1/events") { [self] request, context in try await getEvents(request, context: context) }
        addReadRoutes(to: router)
        return router
    }

    /// The application: the router on `options`' address, over TLS when given a certificate.
    /// `onListening` is told the address once bound (with the actual port for port 0).
    public func application(onListening: @escaping @Sendable (String) -> Void = { _ in }) throws -> some ApplicationProtocol {
        var server: HTTPServerBuilder = .http1()
        if let certificate = options.tlsCertificatePath, let key = options.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        }
        let options = options
        return Application(router: router(), server: server,
                           configuration: .init(address: .hostname(options.host, port: options.port), serverName: "caselog"),
                           onServerRunning: { channel in onListening(options.url(port: channel.localAddress?.port ?? options.port)) },
                           logger: logger)
    }

    /// Serves until SIGTERM or SIGINT: then stops taking connections, lets the requests in
    /// flight finish, ends the subscriptions, drains the group committer, and returns.
    ///
    /// - Throws: when the address cannot be bound, or the TLS files cannot be read.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [try application(onListening: onListening)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            signal.close()
            await committer.close()
            throw error
        }
        signal.close()
        await committer.close()
    }

    /// Stops the group committer after the last request (for tests that run the router alone).
    public func close() async {
        signal.close()
        await committer.close()
    }

    private func health() throws -> Response {
        let head = try store.log.head()
        return Self.json(Array("{\"status\":\"ok\",\"head\":\(head.position)}\n".utf8))
    }

    /// A `200` (or `status`) answer of JSON bytes a library value wrote (`json()`).
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
