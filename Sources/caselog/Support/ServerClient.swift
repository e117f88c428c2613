import AsyncHTTPClient
import CaseStore
import CaselogServer
import Dispatch
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// The command line as a client of `caselog serve` (`--server URL` with `$CASELOG_TOKEN`,
/// docs/SERVER.md "The command line as a client"): each command asks the route that answers
/// what it prints, and prints the answer as it came, so that it prints the same bytes and
/// notes as against a local store.
///
/// Every failure is a `CommandFailure`: a problem answer's own line and exit code, a server
/// that cannot be reached exit 75 naming the URL. The token is sent, never printed.
struct ServerClient: Sendable {
    let address: ServerAddress
    private let token: String
    /// Why the user reads beyond their role (`--reason`): sent as `X-Caselog-Reason` (break glass, docs/ACCESS.md).
    var reason: String?

    /// The longest a request may take before it is given up (exit 75).
    static let requestTimeout = TimeAmount.seconds(60)
    /// The largest answer read (a replay's HTML pack of a long case is a few MiB).
    static let largestAnswer = 512 << 20

    /// A client of the server at `address`, sending `token`.
    ///
    /// - Throws: `CommandFailure` (64) for a token that is empty or could not be an HTTP header.
    init(address: ServerAddress, token: String?) throws(CommandFailure) {
        guard let token, !token.isEmpty else {
            throw CommandFailure(code: ExitStatus.usage, message: "--server needs a token: set CASELOG_TOKEN to a token from "
                + "`caselog token create NAME` on the store's machine")
        }
        guard token.utf8.count <= 1024, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw CommandFailure(code: ExitStatus.usage, message: "$CASELOG_TOKEN is not a token (printable ASCII without spaces, as "
                + "`caselog token create NAME` prints it)")
        }
        self.address = address
        self.token = token
    }

    // MARK: What commands ask

    /// Asks `path` (whose user-typed segments the caller percent-encoded) with `query`, and
    /// writes the printout it answers: its body to standard output, each `Caselog-Note` to
    /// standard error, as a local command writes its printout.
    func print(_ path: String, _ query: KeyValuePairs<String, String?> = [:]) throws {
        Terminal.write(try printout(path, query))
    }

    /// The printout `path` answers: the body byte for byte, the notes decoded.
    func printout(_ path: String, _ query: KeyValuePairs<String, String?> = [:]) throws -> Printout {
        let answer = try send(.GET, path, query)
        let notes = answer.headers["Caselog-Note"].map(PercentEncoding.decoded)
        return Printout(output: answer.body, notes: notes, mediaType: answer.headers.first(name: "Content-Type") ?? "")
    }

    /// Where a posted event went.
    typealias Recorded = ServerAnswer.Recorded

    /// Posts `lines` (event lines, docs/FORMAT.md §7) as one JSON array, recorded all or none;
    /// one line alone when `asArray` is false.
    ///
    /// - Returns: each event's case, version and position, in order.
    func record(_ lines: [[UInt8]], asArray: Bool = true) throws -> [Recorded] {
        var body: [UInt8] = asArray ? [UInt8(ascii: "[")] : []
        for (index, line) in lines.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += line
        }
        if asArray { body.append(UInt8(ascii: "]")) }
        let answer = try send(.POST, "/v1/events", [:], body: body, contentType: "application/json")
        guard let events = ServerAnswer.recorded(answer.body) else { throw unexpected(answer, "an answer without its events' case, version and position") }
        for warning in ServerAnswer.warnings(answer.body) { Terminal.writeError("warning: \(Terminal.visible(warning))\n") }
        return events
    }

    /// The position of the newest event (`GET /health`).
    func head() throws -> UInt64 {
        let answer = try send(.GET, "/health", [:])
        guard let head = ServerAnswer.head(answer.body) else { throw unexpected(answer, "a health answer without its head") }
        return head
    }

    /// At most `limit` event lines after position `after` (without † fields, each without its line break).
    func eventLines(after: UInt64, limit: Int) throws -> [[UInt8]] {
        let answer = try send(.GET, "/v1/events", ["after": String(after), "limit": String(limit)])
        return answer.body.split(separator: 0x0A).map(Array.init)
    }

    /// Calls `body` with each event line after position `after` as the server's subscription
    /// (Server-Sent Events) sends it, without end: a stream the server closes is opened again
    /// from the last event received (`Last-Event-ID`); a server that cannot be reached ends it (75).
    func follow(after: UInt64, _ body: @escaping @Sendable ([UInt8]) throws -> Void) throws -> Never {
        var last = after
        while true {
            last = try exchange { [self, last] in
                var request = self.request(.GET, "/v1/events", [:])
                request.headers.add(name: "Accept", value: "text/event-stream")
                request.headers.add(name: "Last-Event-ID", value: String(last))
                let response = try await HTTPClient.caselog.execute(request, deadline: .distantFuture)
                guard response.status == .ok else {
                    let answer = Answer(status: response.status, headers: response.headers,
                                        body: Array(try await response.body.collect(upTo: 1 << 20).readableBytesView))
                    throw self.failure(answer)
                }
                var stream = ServerSentEvents(lastID: last)
                for try await buffer in response.body {
                    try stream.read(buffer.readableBytesView, body)
                }
                return stream.lastID
            }
            sleep(1)
        }
    }

    // MARK: HTTP

    /// An answer read whole.
    struct Answer: Sendable {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    /// Sends a request and reads its answer whole.
    ///
    /// - Throws: `CommandFailure`: the problem's line and exit code for an answer that is not
    ///   2xx, 75 for a server that does not answer.
    private func send(_ method: HTTPMethod, _ path: String, _ query: KeyValuePairs<String, String?>, body: [UInt8]? = nil,
                      contentType: String? = nil) throws -> Answer {
        var request = request(method, path, query)
        if let body {
            request.body = .bytes(body)
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        let answer = try exchange { [request] in
            let response = try await HTTPClient.caselog.execute(request, timeout: Self.requestTimeout)
            let bytes = try await response.body.collect(upTo: Self.largestAnswer)
            return Answer(status: response.status, headers: response.headers, body: Array(bytes.readableBytesView))
        }
        guard (200..<300).contains(answer.status.code) else { throw failure(answer) }
        return answer
    }

    private func request(_ method: HTTPMethod, _ path: String, _ query: KeyValuePairs<String, String?>) -> HTTPClientRequest {
        let parameters = query.compactMap { name, value in value.map { "\(name)=\(PercentEncoding.encoded($0))" } }
        var request = HTTPClientRequest(url: address.url + path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")))
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "User-Agent", value: "caselog")
        if let reason { request.headers.add(name: "X-Caselog-Reason", value: reason) }
        return request
    }

    /// Runs `work` on the concurrency pool and waits for it (the commands are synchronous);
    /// a transport error (no connection, a timeout, a TLS handshake refused) is exit 75 naming the URL.
    private func exchange<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
            finished.signal()
        }
        finished.wait()
        do {
            return try outcome.result!.get()
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw CommandFailure(code: ExitStatus.conflict, message: "the server at \(address.url) did not answer within "
                + "\(Self.requestTimeout.nanoseconds / 1_000_000_000) s; try again")
        } catch {
            let reason = String(String(describing: error).map { $0.isNewline ? " " : $0 }.prefix(200))
            throw CommandFailure(code: ExitStatus.conflict, message: "cannot reach the server at \(address.url): \(reason); try again")
        }
    }

    /// The command's failure for `answer`, a problem (RFC 9457) or not, or a transport error.
    private func failure(_ answer: Answer) -> CommandFailure {
        if answer.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true,
           let problem = ServerAnswer.problem(answer.body) {
            return CommandFailure(code: problem.exitCode, message: problem.detail)
        }
        return unexpected(answer, "HTTP \(answer.status.code) \(answer.status.reasonPhrase)")
    }

    /// An answer that is not what a caselog server gives: exit 75, naming the URL.
    private func unexpected(_ answer: Answer, _ what: String) -> CommandFailure {
        CommandFailure(code: ExitStatus.conflict, message: "the server at \(address.url) answered \(what), not a caselog answer: "
            + "is it a caselog server (`caselog serve`)?")
    }
}

/// The value a task hands back to the thread that waits for it (set before the semaphore is
/// signalled, read after the wait).
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

extension HTTPClient {
    /// The command line's one client. Not `HTTPClient.shared`: that one retries a refused
    /// connection until its connect timeout, and a server that is not there should be said at
    /// once; and it follows redirects, which would carry the token to wherever one points.
    static let caselog: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
