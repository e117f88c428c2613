@testable import CaselogServer
import Logging
import Synchronization
import Testing
import TestSupport

/// Failed token checks limited per client address (issue 22, item 6): over real HTTP on
/// loopback, the limiter alone with an injected clock, and the log kept free of tokens, bodies
/// and † fields.
@Suite("Failed token checks are limited per address")
struct FailedAuthLimitTests {
    static let badToken = "caselog_" + String(repeating: "f00d", count: 16)

    /// Options with the given window.
    static func options(window: Duration, behindProxy: Bool = false) -> ServerOptions {
        var options = ServerOptions()
        options.failedTokenWindow = window
        options.isBehindProxy = behindProxy
        return options
    }

    @Test("the defaults are 10 failed tokens a minute")
    func defaults() {
        let options = ServerOptions()
        #expect(options.failedTokenLimit == 10)
        #expect(options.failedTokenWindow == .seconds(60))
    }

    // The window's end is the limiter's own test (`windowExpires`, on a clock of its own): a
    // window short enough to wait out here passed before the 11th request on a busy machine.
    @Test("after 10 bad tokens the 11th is 429 with Retry-After and problem+json, then even the good token")
    func eleventhIsRefused() async throws {
        let fixture = try ServerFixture(options: Self.options(window: .seconds(60)))
        try await fixture.run { client in
            for _ in 0..<10 {
                #expect(try await client.call(.get, "/v1/stats", token: .some(Self.badToken)).status == 401)
            }
            let refused = try await client.call(.get, "/v1/stats", token: .some(Self.badToken))
            #expect(refused.status == 429, "\(refused.body)")
            #expect(refused.headers[.retryAfter].flatMap { Int($0) }.map { (30...60).contains($0) } == true, "\(refused.headers)")
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(refused.body.contains(#""type":"urn:caselog:problem:too-many-requests""#), "\(refused.body)")
            #expect(refused.body.contains(#""title":"Too Many Requests""#) && refused.body.contains(#""exitCode":75"#))
            #expect(!refused.body.contains(Self.badToken))
            let good = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            #expect(good.status == 429, "the good token is not even checked while the address is refused")
            #expect(try await client.call(.get, "/health", token: .some(nil)).status == 200, "/health needs no token")
        }
        #expect(try fixture.store.log.head().position == 2, "the refused POST wrote nothing")
    }

    @Test("a request without a token is 401 but guesses nothing: it does not count")
    func missingTokenDoesNotCount() async throws {
        let fixture = try ServerFixture(options: Self.options(window: .seconds(60)))
        try await fixture.run { client in
            for _ in 0..<15 {
                let answer = try await client.call(.get, "/v1/stats", token: .some(nil))
                #expect(answer.status == 401)
            }
            let good = try await client.call(.get, "/v1/stats")
            #expect(good.status == 200)
        }
    }

    @Test("without --behind-proxy X-Forwarded-For is ignored: changing it does not escape the limit")
    func forwardedIgnoredWithoutProxy() async throws {
        let fixture = try ServerFixture(options: Self.options(window: .seconds(60)))
        try await fixture.run { client in
            for index in 0..<10 {
                let answer = try await client.call(.get, "/v1/stats", token: .some(Self.badToken),
                                                   headers: ["X-Forwarded-For": "192.0.2.\(index)"])
                #expect(answer.status == 401)
            }
            let other = try await client.call(.get, "/v1/stats", headers: ["X-Forwarded-For": "192.0.2.99"])
            #expect(other.status == 429)
        }
    }

    @Test("behind --behind-proxy each client the proxy names (the last X-Forwarded-For address) has its own count")
    func forwardedBehindProxy() async throws {
        let fixture = try ServerFixture(options: Self.options(window: .seconds(60), behindProxy: true))
        try await fixture.run { client in
            for index in 0..<11 {
                // The first addresses are the client's to write; the proxy appends the one it saw.
                let forwarded = ["X-Forwarded-For": "10.0.0.\(index), 198.51.100.7"]
                let answer = try await client.call(.get, "/v1/stats", token: .some(Self.badToken), headers: forwarded)
                #expect(answer.status == (index < 10 ? 401 : 429), "\(index)")
            }
            let blocked = try await client.call(.get, "/v1/stats", headers: ["X-Forwarded-For": "198.51.100.7"])
            #expect(blocked.status == 429)
            let another = try await client.call(.get, "/v1/stats", headers: ["X-Forwarded-For": "198.51.100.7, 198.51.100.8"])
            #expect(another.status == 200, "another client behind the proxy is not refused")
            #expect(try await client.call(.get, "/v1/stats").status == 200, "nor the proxy's own address")
        }
    }

    /// A clock a test moves by hand.
    final class ManualClock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test("the window: refused from the limit until it passes, with the seconds left rounded up; then counting starts again")
    func windowExpires() {
        let clock = ManualClock()
        let limiter = FailedAuthLimiter(limit: 3, window: .seconds(60), now: { clock.now })
        limiter.recordFailure(of: "192.0.2.1")
        limiter.recordFailure(of: "192.0.2.1")
        #expect(limiter.refusal(of: "192.0.2.1") == nil)
        clock.advance(by: .seconds(10))
        limiter.recordFailure(of: "192.0.2.1")
        #expect(limiter.refusal(of: "192.0.2.1") == 50, "the window runs from the first failure")
        #expect(limiter.refusal(of: "192.0.2.2") == nil, "another address is not refused")
        clock.advance(by: .milliseconds(49_500))
        #expect(limiter.refusal(of: "192.0.2.1") == 1)
        clock.advance(by: .milliseconds(500))
        #expect(limiter.refusal(of: "192.0.2.1") == nil)
        limiter.recordFailure(of: "192.0.2.1")
        limiter.recordFailure(of: "192.0.2.1")
        #expect(limiter.refusal(of: "192.0.2.1") == nil, "a new window counts from zero")
    }

    @Test("failures under the limit are forgotten when their window passes")
    func failuresUnderTheLimitExpire() {
        let clock = ManualClock()
        let limiter = FailedAuthLimiter(limit: 3, window: .seconds(60), now: { clock.now })
        limiter.recordFailure(of: "192.0.2.1")
        limiter.recordFailure(of: "192.0.2.1")
        clock.advance(by: .seconds(61))
        limiter.recordFailure(of: "192.0.2.1")
        limiter.recordFailure(of: "192.0.2.1")
        #expect(limiter.refusal(of: "192.0.2.1") == nil)
    }

    @Test("the table holds at most its capacity: the oldest addresses are dropped, the newest kept")
    func boundedMemory() {
        let clock = ManualClock()
        let limiter = FailedAuthLimiter(limit: 1, window: .seconds(60), capacity: 8, now: { clock.now })
        for index in 0..<100 {
            limiter.recordFailure(of: "192.0.2.\(index)")
            #expect(limiter.trackedAddresses <= 8)
            clock.advance(by: .milliseconds(10))
        }
        #expect(limiter.trackedAddresses >= 6)
        for index in 94..<100 {
            #expect(limiter.refusal(of: "192.0.2.\(index)") != nil, "the newest are kept: \(index)")
        }
        #expect(limiter.refusal(of: "192.0.2.0") == nil, "the oldest was dropped")
    }

    /// Every line a logger is given, as swift-log's stream handler would print it (metadata included).
    final class CapturedLog: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingLogHandler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let text = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let error = event.error.map { " error=\($0)" } ?? ""
            log.lines.withLock { $0.append("\(event.level) \(event.source): \(event.message) \(text)\(error)") }
        }
    }

    @Test("no token, no request body and no † field reaches a log line at info, whether accepted, refused or limited")
    func nothingLeaksIntoTheLog() async throws {
        let log = CapturedLog()
        var logger = Logger(label: "caselog") { _ in CapturingLogHandler(log: log) }
        logger.logLevel = .info
        let fixture = try ServerFixture(options: Self.options(window: .seconds(60)), logger: logger)
        let name = "Zebedee Quixote-Leak"
        let person = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"\#(name)"}}"#
        try await fixture.run { client in
            let posted = try await client.call(.post, "/v1/events", body: person)
            #expect(posted.status == 201)
            #expect(try await client.call(.get, "/v1/cases/P-000001?include-personal=true").body.contains(name))
            #expect(try await client.call(.post, "/v1/events", body: #"{"type":"subject.registered","data":{"name":"\#(name)""#).status == 400)
            let unknownCase = #"{"type":"subject.details-changed","case":"P-000404","occurredAt":"2025-03-04T09:00:00Z","data":{"name":"\#(name)"}}"#
            #expect(try await client.call(.post, "/v1/events", body: unknownCase).status == 422)
            for _ in 0..<10 {
                #expect(try await client.call(.post, "/v1/events", token: .some(Self.badToken), body: person).status == 401)
            }
            #expect(try await client.call(.post, "/v1/events", token: .some(Self.badToken), body: person).status == 429)
            #expect(try await client.call(.get, "/v1/stats").status == 429)
        }
        let lines = log.lines.withLock { $0 }
        #expect(lines.contains { $0.contains("status=201") && $0.contains("actor=a.khan") }, "the log is captured: \(lines)")
        #expect(lines.contains { $0.contains("status=429") })
        for line in lines {
            for secret in [fixture.token, String(fixture.token.suffix(16)), Self.badToken, "f00df00d", "Zebedee", "Quixote", "subject.registered"] {
                #expect(!line.contains(secret), "\(secret) in \(line)")
            }
        }
    }
}
