import CaseStore
import Casework
import EventLog
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Projections

/// The routes that answer what a read command prints: the reading's `printout` in `?format=`
/// (default json), so that a GET answers what the CLI prints with `--format json`, and the CLI
/// run with `--server` prints exactly what it prints locally (DOMAIN.md §13). Query
/// parameters take the CLI's option names; personal (†) fields only with
/// `include-personal=true`.
extension CaselogHTTPServer {
    func addReadRoutes(to router: Router<CaselogRequestContext>) {
        printoutRoute(router, "/v1/stats", StatisticsReading.formats) { [store] _, format in
            try store.statistics().printout(format)
        }
        printoutRoute(router, "/v1/types", EventTypeCatalogue.formats) { _, format in
            try CaseStore.types().printout(format)
        }
        printoutRoute(router, "/v1/types/{type}", EventTypeCatalogue.formats) { query, format in
            try CaseStore.types().printout(format, type: query.parameter("type"))
        }
        printoutRoute(router, "/v1/cases", CaseList.formats) { [store, authenticator] query, format in
            let filter = CaseFilter(type: try query.choice("type", of: CaseType.self), worker: query["worker"],
                                    state: try query.choice("state", of: CaseState.self), subject: query["subject"])
            return try store.cases(matching: filter, visibleTo: query.user, teams: authenticator.teams()).printout(format)
        }
        printoutRoute(router, "/v1/subjects", SubjectSearchResult.formats) { [self] query, format in
            let search = SubjectSearch(name: query["name"], dateOfBirth: query["dob"], postcode: query["postcode"])
            let result = try store.findSubjects(search, by: query.user, teams: authenticator.teams())
            let printout = result.printout(format)
            let read = AuthorizedRead(entry: store.findRead(result, by: query.user, purpose: "GET /v1/subjects"), committer: committer, monitor: unusualAccess,
                                      logs: options.logsPersonalReads)
            try await read.log()
            return printout
        }
        printoutRoute(router, "/v1/cases/{ref}", CaseReading.formats) { [self] query, format in
            let reference = query.parameter("ref")
            try CaseStore.checkReference(reference, refusedAs: .invalid)
            let read = try await authorize(reference, query, purpose: "GET /v1/cases/{ref}")
            guard let reading = try store.readCase(reference, asOf: try query.date("at") ?? EuropeLondon.today(),
                                                   includingPersonal: query.flag("include-personal"),
                                                   includingTimeline: format != .csv) else {
                throw CaselogError(.notFound, "no case \(reference) in the store", cause: Query.Refused())
            }
            // Printed before the log's commit is awaited, so that the commit waits on the disk
            // while this core answers other requests; the answer still leaves only after it.
            let printout = reading.printout(format)
            try await read.log(showing: reading.showsPersonalFields)
            return printout
        }
        printoutRoute(router, "/v1/views/{name}", ViewTable.formats) { [store, authenticator] query, format in
            // A caseworker's view holds the rows of the cases they may read; a panel member's is refused (DOMAIN.md §13).
            if case .failure(let denied) = AccessPolicy.viewRows(for: query.user) { try query.refuseUnless(denied) }
            let view = try query.choice("name", of: CurrentView.self, from: query.parameter("name"))!
            return try store.view(view, ViewQuery(asOf: try query.date("at"), worker: query["worker"]),
                                  visibleTo: query.user, teams: authenticator.teams()).printout(format)
        }
        printoutRoute(router, "/v1/replay/{ref}", Replay.formats, prefersHTML: true) { [self] query, format in
            let reference = query.parameter("ref")
            try CaseStore.checkReference(reference, refusedAs: .usage)
            let read = try await authorize(reference, query, purpose: "GET /v1/replay/{ref}")
            let request = ReplayRequest(knownAt: try query.instant("known-at"), asOf: try query.instant("as-of"),
                                        gapDays: try query.integer("gap-days"), includesPersonal: query.flag("include-personal"))
            guard let replay = try store.replay(reference, request) else {
                throw CaselogError(.notFound, "no case \(reference) in the store", cause: Query.Refused())
            }
            let printout = replay.printout(format)
            try await read.log()
            return printout
        }
        printoutRoute(router, "/v1/reports/{name}", ReportReading.formats) { [store] query, format in
            try query.refuseUnless(AccessPolicy.mayReadViewsAndReports(query.user))
            let kind = try query.choice("name", of: ReportKind.self, from: query.parameter("name"))!
            guard let from = query["from"], let to = query["to"] else {
                throw CaselogError(.usage, "a report needs ?from=YYYY-MM-DD&to=YYYY-MM-DD", cause: Query.Refused())
            }
            let request = ReportRequest(period: try ReportPeriod(from: from, to: to), knownAt: try query.instant("known-at"),
                                            explain: query["explain"], periods: try query.integer("periods") ?? ReportRequestDefaults.periods)
            return try store.report(kind, request).printout(format)
        }
        printoutRoute(router, "/v1/chronology/{subject}", SubjectChronology.formats) { [self] query, format in
            let subject = query.parameter("subject")
            // A chronology holds no † field (its summaries are non-personal), but it is a read of a person: the policy decides it.
            let read = CaseReference(subject)?.caseType == .subject ? try await authorize(subject, query, purpose: "GET /v1/chronology/{subject}") : nil
            guard let read, let chronology = try store.chronology(of: subject) else {
                throw CaselogError(.notFound, "no subject \(subject.prefix(60)) in the store", cause: Query.Refused())
            }
            let printout = chronology.printout(format)
            try await read.log()
            return printout
        }
    }

    /// A read of one case as the policy decides it for the request's user: refused (403) with
    /// the rule, allowed, or allowed beyond the role with `X-Caselog-Reason` (break glass).
    /// The read is logged (`access.personal-read`, through the group commit, durably) before
    /// its answer leaves when it returns † fields (`include-personal=true`) or breaks glass.
    struct AuthorizedRead: Sendable {
        let entry: PersonalRead?
        let committer: GroupCommitter
        let monitor: UnusualAccessMonitor
        /// `ServerOptions.logsPersonalReads`: false only in a benchmark.
        var logs = true
        /// Logs the read unless it showed no † field after all (`showing` false) and broke no glass.
        func log(showing: Bool = true) async throws {
            guard let entry, showing || entry.isBreakGlass, logs else { return }
            do {
                _ = try await committer.submit(GroupCommitRequest(logging: try monitor.observe(entry)))
            } catch {
                throw CaseStore.unloggedRead(error)
            }
        }
    }

    func authorize(_ reference: String, _ query: Query, purpose: String) async throws -> AuthorizedRead {
        let user = query.user
        let personal = query.flag("include-personal")
        if query.flag("include-personal") { try query.refuseUnless(AccessPolicy.mayReadPersonal(user)) }
        // An empty reason is none; any other is held to the library's rule for reasons.
        let given = query.request.headers[Self.reasonField].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let reason = try given.map { text throws(CaselogError) in try PersonalRead.checkedReason(text) }
        guard let authorization = try store.authorizeRead(of: reference, by: user, reason: reason, teams: authenticator.teams()) else {
            return AuthorizedRead(entry: nil, committer: committer, monitor: unusualAccess)   // no such case: the route answers 404
        }
        guard personal || authorization.isBreakGlass else { return AuthorizedRead(entry: nil, committer: committer, monitor: unusualAccess) }
        let entry = PersonalRead(user: user.name, subjects: authorization.subjects, cases: authorization.cases, purpose: purpose,
                                 isBreakGlass: authorization.isBreakGlass, reason: authorization.isBreakGlass ? reason : nil)
        return AuthorizedRead(entry: entry, committer: committer, monitor: unusualAccess, logs: options.logsPersonalReads)
    }

    /// `X-Caselog-Reason`: why a user reads beyond their role (break glass).
    static let reasonField = HTTPField.Name("X-Caselog-Reason")!

    /// Adds `GET path` answering the printout `body` makes in the `?format=` asked for, one of
    /// `formats` (json when none is asked, or html when `prefersHTML` and `Accept` asks for
    /// text/html): the output as the body, its media type, and each note a `Caselog-Note` header
    /// (percent-encoded, `NoteHeader`).
    func printoutRoute(_ router: Router<CaselogRequestContext>, _ path: String, _ formats: [OutputFormat], prefersHTML: Bool = false,
                       _ body: @escaping @Sendable (Query, OutputFormat) async throws -> Printout) {
        router.get(RouterPath(path.replacingBraces)) { request, context in
            let query = Query(request: request, context: context)
            var asked = query["format"] ?? "json"
            if query["format"] == nil, prefersHTML, request.headers[.accept]?.contains("text/html") == true { asked = "html" }
            let printout = try await body(query, try OutputFormat.checked(asked, of: formats))
            var headers: HTTPFields = [.contentType: printout.mediaType]
            for note in printout.notes { headers.append(HTTPField(name: NoteHeader.fieldName, value: NoteHeader.encode(note))) }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: printout.output)))
        }
    }
}

/// A read's query parameters and path parameters, read as the CLI reads its options.
struct Query: Sendable {
    let request: Request
    let context: CaselogRequestContext
    /// The query string, parsed once (Hummingbird parses it again on every look-up).
    private let parameters: FlatDictionary<Substring, Substring>

    init(request: Request, context: CaselogRequestContext) {
        self.request = request
        self.context = context
        parameters = request.uri.queryParameters
    }

    /// A query parameter refused: the `CaselogError` carries the line.
    struct Refused: Error {}

    subscript(name: String) -> String? {
        parameters[Substring(name)].map(String.init)
    }

    /// The path parameter `name` (the route names it, so it is there).
    func parameter(_ name: String) -> String {
        context.parameters.get(name) ?? ""
    }

    /// The request's user (every route but /health has one; the owner's rights if none, as for the router alone).
    var user: AccessUser { context.accessUser ?? .owner("caselog") }

    /// Throws the refusal `denied` names (403, exit 77), if any.
    func refuseUnless(_ denied: AccessDenied?) throws {
        if let denied { throw CaselogError(.notPermitted, denied.rule, cause: denied) }
    }

    /// True for `name=true` (the CLI's flag).
    func flag(_ name: String) -> Bool { self[name] == "true" }

    func date(_ name: String) throws -> CalendarDate? {
        guard let text = self[name] else { return nil }
        guard let date = CalendarDate(text) else { throw Self.usage("\(name) \"\(text.prefix(60))\" is not a date (YYYY-MM-DD)") }
        return date
    }

    func instant(_ name: String) throws -> Timestamp? {
        guard let text = self[name] else { return nil }
        guard let instant = ReplayInstant.parse(text) else {
            throw Self.usage("\(name) \"\(text.prefix(60))\" is not a date (YYYY-MM-DD) or an ISO 8601 instant")
        }
        return instant
    }

    func integer(_ name: String) throws -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text) else { throw Self.usage("\(name) \"\(text.prefix(60))\" is not a whole number") }
        return value
    }

    /// The value of `T` named by the query parameter `name` (or by `given`), naming the choices when it is none.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, of type: T.Type, from given: String? = nil) throws -> T?
    where T.RawValue == String {
        guard let text = given ?? self[name] else { return nil }
        guard let value = T(rawValue: text) else {
            throw Self.usage("\(name) \"\(text.prefix(60))\" is not one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    static func usage(_ message: String) -> CaselogError { CaselogError(.usage, message, cause: Refused()) }
}

/// The `Caselog-Note` header: a note for standard error, percent-encoded so that any text
/// travels in a header (every byte outside printable ASCII, and `%`, as `%XX`).
public enum NoteHeader {
    /// The header's name.
    public static let name = "Caselog-Note"
    static let fieldName = HTTPField.Name(name)!

    /// `note` as a header value.
    public static func encode(_ note: String) -> String {
        var encoded = ""
        for byte in note.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// The note `encoded` carries; bytes that do not decode are replaced (U+FFFD).
    public static func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(encoded.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// `/v1/cases/{ref}` as Hummingbird writes a parameter: `/v1/cases/:ref`.
    fileprivate var replacingBraces: String {
        String(split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : part
        }.joined(separator: "/"))
    }

    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
