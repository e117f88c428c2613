import CaseStore
import Codec
import EventLog
import Hummingbird
import NIOCore

/// An RFC 9457 problem (`application/problem+json`): what the command line would print and
/// exit with, as an HTTP answer. Built from a `CaselogError` only, so that the server and the
/// command line cannot disagree; the status is the error kind's (DOMAIN.md §13), except the
/// server's own 401 (no valid token), 412 (a failed `If-Match`) and 429 (too many rejected tokens).
struct ServerProblem: Error {
    let status: Int
    let failure: CaselogError
    /// Seconds until the request may be made again (`Retry-After`), for a 429.
    private(set) var retryAfterSeconds: Int?

    /// The problem `error` is, for a request that gave `If-Match` when `ifMatch`.
    init(_ error: any Error, ifMatch: Bool = false) {
        switch error {
        case let problem as ServerProblem:
            self = problem
        case let error as HTTPError:
            // The router's own: no route (404), a method the route does not take (405), a body too large (413).
            let code = Int(error.status.code)
            failure = CaselogError(code == 404 ? .notFound : .usage, Self.routerMessage(code), cause: error)
            status = code == 404 || code == 405 || code == 413 ? code : 400
        case is NIOTooManyBytesError:
            // A body collected past the route's limit (`collect(upTo:)`).
            failure = CaselogError(.usage, Self.routerMessage(413), cause: error)
            status = 413
        default:
            failure = CaselogError(error)
            if ifMatch && failure.kind == .conflict, let append = failure.cause as? AppendError, case .wrongExpectedVersion = append {
                status = 412
            } else if failure.cause is AccessLogUnwritable {
                // DOMAIN.md §13: a read that cannot be logged is not made; the service, not the user, is at fault.
                status = 503
            } else {
                status = failure.kind.httpStatus
            }
        }
    }

    private init(status: Int, failure: CaselogError) {
        self.status = status
        self.failure = failure
    }

    /// Why a request had no valid token.
    struct Unauthenticated: Error {}

    /// 401: `message` says whether the token was missing or not accepted.
    static func unauthenticated(_ message: String) -> ServerProblem {
        ServerProblem(status: 401, failure: CaselogError(.notPermitted, message, cause: Unauthenticated()))
    }

    private static func routerMessage(_ code: Int) -> String {
        switch code {
        case 404: "no such route: GET /openapi.yaml lists them"
        case 405: "this route does not take that method: GET /openapi.yaml lists them"
        case 413: "the body is larger than 16 MiB: send fewer events at a time"
        default: "the request could not be read (HTTP \(code))"
        }
    }

    /// Why a client address was refused before its token was checked.
    struct TooManyFailedTokens: Error {}

    /// 429 (exit 75, try again later): the client's address presented too many rejected tokens
    /// and may try again in `seconds`.
    static func tooManyFailedTokens(retryAfter seconds: Int) -> ServerProblem {
        var problem = ServerProblem(status: 429, failure: CaselogError(
            .conflict, "too many rejected tokens from this address: try again in \(seconds) s", cause: TooManyFailedTokens()))
        problem.retryAfterSeconds = seconds
        return problem
    }

    /// A short name of the problem's kind, the end of its `type` URI.
    var name: String {
        switch status {
        case 401: "unauthenticated"
        case 412: "precondition-failed"
        case 413: "content-too-large"
        case 429: "too-many-requests"
        case 405: "method-not-allowed"
        case 503: "access-log-unavailable"
        default:
            switch failure.kind {
            case .usage: "bad-request"
            case .invalid: "invalid"
            case .notFound: "not-found"
            case .software: "internal"
            case .cannotCreate: "cannot-create"
            case .storage: "storage"
            case .conflict: "conflict"
            case .notPermitted: "forbidden"
            }
        }
    }

    /// The status's reason phrase (RFC 9110).
    var title: String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: "Internal Server Error"
        }
    }

    /// The answer: the problem as JSON, `WWW-Authenticate: Bearer` with a 401, `Retry-After` with a 429.
    var response: Response {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type"); json.string("urn:caselog:problem:\(name)")
        json.key("title"); json.string(title)
        json.key("status"); json.integer(Int64(status))
        json.key("detail"); json.string(failure.message)
        json.key("exitCode"); json.integer(Int64(failure.kind.exitCode))
        json.endObject()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfterSeconds { headers[.retryAfter] = "\(retryAfterSeconds)" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}
