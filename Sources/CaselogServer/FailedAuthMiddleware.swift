import HTTPTypes
import Hummingbird

/// Refuses, with 429 and `Retry-After`, every request but `/health` from a client address that
/// has presented too many rejected tokens (`FailedAuthLimiter`), before its token is checked;
/// counts each token `BearerAuthMiddleware`, just after it, rejects. A request with no
/// `Authorization` header is answered 401 but not counted: it guesses nothing.
///
/// The client is the connection's peer, or behind a proxy (`--behind-proxy`) the last address of
/// `X-Forwarded-For`: the one the proxy appended. The addresses before it are the client's to
/// write, and keying by them would let a guesser pick a fresh one for each request.
struct FailedAuthMiddleware: RouterMiddleware {
    typealias Context = CaselogRequestContext
    let limiter: FailedAuthLimiter
    let isBehindProxy: Bool
    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The middleware of `options`' limit, window and proxy; its table starts empty.
    init(options: ServerOptions) {
        limiter = FailedAuthLimiter(limit: options.failedTokenLimit, window: options.failedTokenWindow)
        isBehindProxy = options.isBehindProxy
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if BearerAuthMiddleware.open.contains(request.uri.path) { return try await next(request, context) }
        let client = clientAddress(request, context: context)
        if let seconds = limiter.refusal(of: client) { throw ServerProblem.tooManyFailedTokens(retryAfter: seconds) }
        do {
            return try await next(request, context)
        } catch let problem as ServerProblem where problem.status == 401 && request.headers[.authorization] != nil {
            limiter.recordFailure(of: client)
            throw problem
        }
    }

    /// The address counted for `request`: at most 64 characters, so that a long header cannot
    /// fill the table faster than addresses do.
    private func clientAddress(_ request: Request, context: Context) -> String {
        if isBehindProxy, let header = request.headers[values: Self.forwardedFor].last,
           let last = header.split(separator: ",").last {
            let address = last.drop { $0 == " " || $0 == "\t" }.prefix { $0 != " " && $0 != "\t" }
            if !address.isEmpty { return String(address.prefix(64)) }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
