import CaseStore
import CaselogServer
import Testing
import TestSupport

/// `GET /v1/events` with `Accept: text/event-stream`: a live subscription.
@Suite("Subscriptions")
struct SubscriptionTests {
    @Test("a subscription resumes after Last-Event-ID and receives an event as it commits, within a few hundred milliseconds")
    func resumesAndFollows() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            _ = try await client.call(.post, "/v1/events", body: ServerFixture.person)
            let raw = LoopbackClient(port: client.port)
            let stream = try #require(raw.open("/v1/events", headers: ["Authorization": "Bearer \(fixture.token)",
                                                                       "Accept": "text/event-stream", "Last-Event-ID": "3"]))
            #expect(await stream.read(until: "id: 4\n", atMostSeconds: 5))
            #expect(stream.text.contains("text/event-stream"))
            #expect(!stream.text.contains("id: 3\n"), "resumed after 3")
            #expect(!stream.text.contains("Jane"), "no personal field")
            let clock = ContinuousClock()
            let posted = clock.now
            let answer = try await client.call(.post, "/v1/events", body: ServerFixture.note("P-000001"))
            #expect(answer.status == 201)
            #expect(await stream.read(until: "id: 5\ndata: {\"position\":5,", atMostSeconds: 5))
            let waited = posted.duration(to: clock.now)
            #expect(waited < .seconds(1), "\(waited)")
            let metrics = try await client.call(.get, "/metrics").body
            #expect(metrics.contains("caselog_open_subscriptions 1"))
        }
    }

    @Test("an event written by another process reaches a subscriber too (the server looks at the head)")
    func seesOtherProcesses() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let raw = LoopbackClient(port: client.port)
            let stream = try #require(raw.open("/v1/events?from=3", headers: ["Authorization": "Bearer \(fixture.token)",
                                                                               "Accept": "text/event-stream"]))
            #expect(await stream.read(until: ": caselog events from 3", atMostSeconds: 5))
            let other = try CaseStore(openingAt: fixture.store.path)
            _ = try other.record(NewEventSamples.person, actor: "local.user")
            #expect(await stream.read(until: "id: 3\n", atMostSeconds: 5), "\(stream.text)")
        }
    }
}

import Casework
import EventLog
enum NewEventSamples {
    static let person = NewEvent(type: "subject.registered", occurredAt: Timestamp(year: 2025, month: 3, day: 3, hour: 9),
                                 fields: ["kind": "person", "name": "Kerry Asante"])
}
