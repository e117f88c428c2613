import CaseStore
import Hummingbird
import Logging

/// One structured line per request on the server's log: method, route (the pattern, never the
/// path's values or query), status, duration and actor. Never a body, a token or a † field.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = CaselogRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The problem middleware answers every error; this is only in case.
            response = ServerProblem(error).response
        }
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(response.status.code)",
            "durationMs": "\((milliseconds * 1000).rounded() / 1000)",
            "actor": "\(context.user ?? "-")",
        ])
        return response
    }
}

/// Turns every error a route throws into a problem+json answer (`ServerProblem`).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = CaselogRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ServerProblem(error, ifMatch: request.headers[.ifMatch] != nil).response
        }
    }
}

/// Every route but `/health` needs `Authorization: Bearer TOKEN` of a live token; its user is
/// the request's actor.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CaselogRequestContext
    let authenticator: TokenAuthenticator
    /// Paths answered without a token.
    static let open: Set<String> = ["/health"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.open.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw ServerProblem.unauthenticated("a bearer token is needed: Authorization: Bearer TOKEN (`caselog token create NAME` issues one)")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let user = try authenticator.authenticateUser(bearer: String(parts[1]).trimmingSpaces)
        else {
            throw ServerProblem.unauthenticated("the bearer token is not accepted: unknown, revoked, expired, or its user disabled")
        }
        context.accessUser = user
        return try await next(request, context)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
