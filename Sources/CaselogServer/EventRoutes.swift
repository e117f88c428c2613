import CaseStore
import Casework
import Codec
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `POST /v1/events` and `GET /v1/events` (JSON lines, or a live Server-Sent Events subscription).
extension CaselogHTTPServer {
    /// Records the body's events through the group committer, as the token's user: all or none.
    func postEvents(_ request: Request, context: CaselogRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let events = try EventsBody.events(in: Array(body.readableBytesView))
        let ifMatch = try request.headers[.ifMatch].map(Self.version(ifMatch:))
        guard let user = context.accessUser else { throw ServerProblem.unauthenticated("a bearer token is needed") }
        let policy = RecordingPolicy(user: user, teams: authenticator.teams())
        let recorded = try await committer.submit(GroupCommitRequest(events: events, actor: user.name, ifMatch: ifMatch, policy: policy))
        var json = JSONWriter(capacity: 64 * recorded.count + 16)
        json.beginObject()
        json.key("events")
        json.beginArray()
        for result in recorded {
            json.beginObject()
            json.key("case"); json.string(result.caseReference)
            json.key("version"); json.unsigned(result.version)
            json.key("position"); json.unsigned(result.position)
            if result.wasAlreadyRecorded { json.key("alreadyRecorded"); json.bool(true) }
            json.endObject()
        }
        json.endArray()
        let warnings = likelyDuplicateWarnings(recorded)
        if !warnings.isEmpty {
            json.key("warnings")
            json.beginArray()
            for warning in warnings { json.string(warning) }
            json.endArray()
        }
        json.endObject()
        json.bytes.append(0x0A)
        return Self.json(json.bytes, status: .created)
    }

    /// A warning for each subject just registered whose name and date of birth another subject
    /// has too (DOMAIN.md §13: a warning, never a refusal); none without a key store, or when
    /// the check fails (what was recorded stays recorded).
    func likelyDuplicateWarnings(_ recorded: [Recorder.Recorded]) -> [String] {
        let registered = recorded.filter { $0.version == 1 && !$0.wasAlreadyRecorded && CaseReference($0.caseReference)?.caseType == .subject }
        guard store.keyStore != nil, let found = try? store.likelyDuplicates(of: registered.map(\.caseReference)) else { return [] }
        return registered.compactMap { result in found[result.caseReference].map { CaseStore.likelyDuplicateWarning(result.caseReference, $0) } }
    }

    /// The version an `If-Match` header names: `"N"` (or `W/"N"`, or a bare N).
    static func version(ifMatch header: String) throws -> UInt64 {
        var text = Substring(header)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 { text = text.dropFirst().dropLast() }
        guard let version = UInt64(text) else {
            throw CaselogError(.usage, "If-Match takes the case's version in quotes, as \"3\", not \(header.prefix(40))",
                               cause: EventsBody.Malformed())
        }
        return version
    }

    /// The events from `?from=N` (or `?after=POSITION`, or `Last-Event-ID` for a subscription),
    /// `?limit=` of them as JSON lines, or all and every new one as Server-Sent Events with
    /// `Accept: text/event-stream`.
    func getEvents(_ request: Request, context: CaselogRequestContext) async throws -> Response {
        // Who reads every case follows the whole log; a caseworker or a panel member the cases
        // they may read (and subjects, without † fields); a user with no role nothing.
        let user = context.accessUser
        if let user, user.roles.isEmpty {
            let denied = AccessDenied(rule: "\(user.name) holds no role: a user reads nothing until `caselog user grant` gives one")
            throw CaselogError(.notPermitted, denied.rule, cause: denied)
        }
        let filtered = user.flatMap { AccessPolicy.mayReadViewsAndReports($0) == nil ? nil : $0 }
        let teams = filtered == nil ? [:] : authenticator.teams()
        let includingAccess = context.accessUser.map(AccessPolicy.mayReadStoreStreams) ?? true
        let query = request.uri.queryParameters
        let from = try Self.number(query["from"].map(String.init), "from", minimum: 1)
        let after = try Self.number(query["after"].map(String.init), "after", minimum: 0)
        let limit = try Self.number(query["limit"].map(String.init), "limit", minimum: 1) ?? 1_000
        if from != nil && after != nil { throw Self.usage("give from or after, not both") }
        guard limit <= 10_000 else { throw Self.usage("limit takes 1 to 10000, not \(limit)") }
        // The largest position a log can have is below UInt64.max: "after" it there is nothing.
        if after == .max { throw Self.usage("after takes a position below \(UInt64.max)") }
        var first = from ?? after.map { $0 + 1 } ?? 1
        if request.headers[.accept]?.contains("text/event-stream") == true {
            if let resume = request.headers[values: .lastEventID].last {
                guard let position = UInt64(resume), position < .max else {
                    throw Self.usage("Last-Event-ID is a position, not \(resume.prefix(40))")
                }
                first = position + 1
            }
            return subscription(from: first, includingAccess: includingAccess, visibleTo: filtered, teams: teams)
        }
        let (bytes, _) = try EventPage.read(store, from: first, limit: Int(limit), framing: .lines, includingAccess: includingAccess,
                                            visibleTo: filtered, teams: teams)
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A live subscription from `first`: what is in the log, then each event as it commits
    /// (woken by the group committer, and looking every `pollInterval` for other processes'
    /// writes), until the client goes or the server stops.
    private func subscription(from first: UInt64, includingAccess: Bool, visibleTo user: AccessUser?, teams: [String: String]) -> Response {
        let (store, signal, metrics, pollInterval) = (store, signal, metrics, pollInterval)
        let body = ResponseBody { writer in
            metrics.subscription(1)
            defer { metrics.subscription(-1) }
            try await withGracefulShutdownHandler {
                var next = first
                var quiet = Duration.zero
                try await writer.write(ByteBuffer(string: ": caselog events from \(first)\n\n"))
                while !signal.isClosed && !Task.isCancelled {
                    let generation = signal.generation
                    let (bytes, last) = try EventPage.read(store, from: next, limit: 256, framing: .serverSentEvents,
                                                           includingAccess: includingAccess, visibleTo: user, teams: teams)
                    if let last {
                        if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
                        next = last + 1
                        quiet = .zero
                        continue
                    }
                    if quiet >= .seconds(15) {
                        // A comment now and then, so that a client gone away is noticed.
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        quiet = .zero
                    }
                    await signal.wait(since: generation, atMost: pollInterval)
                    quiet += pollInterval
                }
            } onGracefulShutdown: {
                signal.close()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    private static func number(_ text: String?, _ name: String, minimum: UInt64) throws -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text), value >= minimum else {
            throw usage("\(name) takes a whole number from \(minimum), not \"\(text.prefix(40))\"")
        }
        return value
    }

    static func usage(_ message: String) -> CaselogError { CaselogError(.usage, message, cause: EventsBody.Malformed()) }
}

extension HTTPField.Name {
    /// `Last-Event-ID`: the id of the last event a Server-Sent Events client received.
    static var lastEventID: Self { .init("Last-Event-ID")! }
}
