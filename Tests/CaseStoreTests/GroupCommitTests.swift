import CaseStore
import Casework
import Dispatch
import EventLog
import Synchronization
import Testing
import TestSupport

/// Group commit: concurrent requests gathered into few writes, each answered with its own
/// result, a refused request failing alone.
@Suite("Group commit")
struct GroupCommitTests {
    let scratch = TemporaryDirectory()
    static let monday = Timestamp(year: 2025, month: 3, day: 3, hour: 9)

    func newStore(durable: Bool = false) throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = durable
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    static func person(_ name: String) -> NewEvent {
        NewEvent(type: "subject.registered", occurredAt: monday, fields: ["kind": "person", "name": .text(name)])
    }

    static func note(on reference: String, expecting version: UInt64? = nil) -> NewEvent {
        NewEvent(type: "subject.details-changed", caseReference: reference, occurredAt: monday, fields: ["phone": "01234 567890"],
                 expectedVersion: version)
    }

    /// Returns once `condition` holds (polled every millisecond, for at most 10 s).
    static func until(_ condition: () -> Bool) async {
        for _ in 0..<10_000 where !condition() { try? await Task.sleep(for: .milliseconds(1)) }
    }

    static func outcome(_ body: () async throws -> [Recorder.Recorded]) async -> Result<[Recorder.Recorded], any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("concurrent submitters get distinct positions, each event stamped with its request's actor, in fewer commits than requests")
    func concurrentRequests() async throws {
        let store = try newStore(durable: true)
        let committer = GroupCommitter(store: store)
        let count = 64
        let results = try await withThrowingTaskGroup(of: (Int, [Recorder.Recorded]).self) { group in
            for index in 0..<count {
                group.addTask {
                    let request = GroupCommitRequest(events: [Self.person("Person \(index)")], actor: "worker.\(index)")
                    return (index, try await committer.submit(request))
                }
            }
            var all: [Int: [Recorder.Recorded]] = [:]
            for try await (index, recorded) in group { all[index] = recorded }
            return all
        }
        await committer.close()
        let positions = results.values.map { $0[0].position }
        #expect(Set(positions).count == count)
        #expect(Set(results.values.map { $0[0].caseReference }).count == count)
        let statistics = committer.statistics
        #expect(statistics.committedRequests == count)
        #expect(statistics.events == count)
        #expect(statistics.commits < count, "\(statistics.commits) commits for \(count) requests")
        print("group commit: \(statistics.commits) commits for \(count) concurrent requests")
        // Each event carries the actor of its own request, not the write's.
        try store.log.read { reader in
            for (index, recorded) in results {
                let record = try #require(try reader.record(at: recorded[0].position))
                #expect(record.actor == "worker.\(index)")
            }
        }
        #expect(try store.log.head().position == UInt64(count))
    }

    @Test("a refused request in the middle of a batch fails alone: the requests around it are committed")
    func refusedRequestFailsAlone() async throws {
        let store = try newStore()
        _ = try store.record(Self.person("First"), actor: "a.khan")
        // Gathered into one batch: another write holds the writer while a first request waits
        // for it and the four queue up behind, in order; then the writer is let go.
        let committer = GroupCommitter(store: store)
        let (holding, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        DispatchQueue.global().async {
            _ = try? store.log.write(actor: "holder") { _ in
                holding.signal()
                release.wait()
            }
        }
        holding.wait()
        let requests = [
            GroupCommitRequest(events: [Self.note(on: "P-000001")], actor: "a"),
            GroupCommitRequest(events: [Self.person("Second"), Self.note(on: "P-000099")], actor: "b"),  // no P-000099
            GroupCommitRequest(events: [Self.note(on: "P-000001", expecting: 2)], actor: "c"),  // version 3 by then
            GroupCommitRequest(events: [Self.note(on: "P-000001")], actor: "d"),
        ]
        let outcomes = await withTaskGroup(of: (Int, Result<[Recorder.Recorded], any Error>).self) { group in
            group.addTask { (-1, await Self.outcome { try await committer.submit(GroupCommitRequest(events: [Self.note(on: "P-000001")], actor: "z")) }) }
            // Taken, and waiting for the writer.
            await Self.until { committer.statistics.submittedRequests == 1 && committer.waitingRequests == 0 }
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await Self.outcome { try await committer.submit(request) }) }
                await Self.until { committer.waitingRequests == index + 1 }
            }
            release.signal()
            var all: [Int: Result<[Recorder.Recorded], any Error>] = [:]
            for await (index, outcome) in group { all[index] = outcome }
            return all
        }
        await committer.close()
        #expect(try outcomes[-1]!.get().map(\.version) == [2])
        #expect(try outcomes[0]!.get().map(\.version) == [3])
        // Named as `caselog record --stdin` names a line: the request's second event.
        let refused = try #require(outcomes[1].flatMap { if case .failure(let error) = $0 { CaselogError(error) } else { nil } })
        #expect(refused.cause is ValidationError)
        #expect(refused.message.hasPrefix("line 2: ") && refused.message.hasSuffix("; nothing was written"), "\(refused.message)")
        let conflict = try #require(outcomes[2].flatMap { if case .failure(let error) = $0 { error } else { nil } })
        #expect(CaselogError(conflict).kind == .conflict)
        #expect(try outcomes[3]!.get().map(\.version) == [4])
        // One write for the first request, one for the four, run three times.
        #expect(committer.statistics.commits == 2)
        #expect(committer.statistics.reruns == 2)
        // "Second" was in the refused request: not registered.
        #expect(try store.log.head().position == 4)
        #expect(try store.log.read { try $0.streamHead("P-000002") } == nil)
    }

    @Test("If-Match applies to the request's one event, and is refused with more than one")
    func ifMatch() async throws {
        let store = try newStore()
        _ = try store.record(Self.person("First"), actor: "a.khan")
        let committer = GroupCommitter(store: store)
        defer { Task { await committer.close() } }
        await #expect {
            try await committer.submit(GroupCommitRequest(events: [Self.note(on: "P-000001")], actor: "a", ifMatch: 5))
        } throws: { CaselogError($0).cause is AppendError }
        let recorded = try await committer.submit(GroupCommitRequest(events: [Self.note(on: "P-000001")], actor: "a", ifMatch: 1))
        #expect(recorded.map(\.version) == [2])
        let two = GroupCommitRequest(events: [Self.note(on: "P-000001"), Self.note(on: "P-000001")], actor: "a", ifMatch: 2)
        await #expect { try await committer.submit(two) } throws: { CaselogError($0).kind == .usage }
        #expect(try store.log.head().position == 2)
    }

    @Test("after close, a request is refused and nothing is written")
    func closedRefuses() async throws {
        let store = try newStore()
        let committer = GroupCommitter(store: store)
        await committer.close()
        await #expect { try await committer.submit(GroupCommitRequest(events: [Self.person("Late")], actor: "a")) }
            throws: { CaselogError($0).kind == .conflict }
        #expect(try store.log.head().position == 0)
    }

    @Test("the commit observer is told each commit with its requests and the head")
    func observer() async throws {
        let store = try newStore()
        let seen = Mutex<[GroupCommitter.Commit]>([])
        let committer = GroupCommitter(store: store) { commit in seen.withLock { $0.append(commit) } }
        _ = try await committer.submit(GroupCommitRequest(events: [Self.person("One"), Self.person("Two")], actor: "a"))
        await committer.close()
        let commits = seen.withLock { $0 }
        #expect(commits.map(\.events) == [2])
        #expect(commits.map(\.head) == [2])
    }
}
