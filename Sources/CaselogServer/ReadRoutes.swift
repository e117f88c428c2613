import CaseStore
import Casework
import Hummingbird

/// The routes that answer what a read command prints with `--format json`: each a few lines
/// over a library value's `json()` (DOMAIN.md §13: query parameters take the CLI's option names).
extension CaselogHTTPServer {
    func addReadRoutes(to router: Router<CaselogRequestContext>) {
        jsonRoute(router, "/v1/stats") { [store] _, _ in try store.log.statistics().json(storePath: store.path) }
        jsonRoute(router, "/v1/cases/{ref}") { [store] request, context in
            let reference = context.parameters.get("ref") ?? ""
            guard CaseReference(reference) != nil else {
                throw CaselogError(.invalid, "\"\(reference.prefix(60))\" is not a reference: expected "
                    + CaseType.allCases.map(\.pattern).joined(separator: ", "), cause: EventsBody.Malformed())
            }
            let personal = request.uri.queryParameters["include-personal"] == "true"
            guard let reading = try store.readCase(reference, asOf: EuropeLondon.today(), includingPersonal: personal) else {
                throw CaselogError(.notFound, "no case \(reference) in the store", cause: EventsBody.Malformed())
            }
            return reading.json()
        }
    }

    /// Adds `GET path` answering `body`'s JSON bytes with 200; what it throws is a problem.
    func jsonRoute(_ router: Router<CaselogRequestContext>, _ path: String,
                   _ body: @escaping @Sendable (Request, CaselogRequestContext) throws -> [UInt8]) {
        router.get(RouterPath(path.replacingBraces)) { request, context in Self.json(try body(request, context)) }
    }
}

extension String {
    /// `/v1/cases/{ref}` as Hummingbird writes a parameter: `/v1/cases/:ref`.
    fileprivate var replacingBraces: String {
        String(split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : part
        }.joined(separator: "/"))
    }
}
