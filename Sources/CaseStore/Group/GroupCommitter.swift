import Casework
import Dispatch
import EventLog
import Synchronization

/// Group commit: many callers' requests recorded in one write transaction (one fsync), each
/// caller answered only once its own events are durable (DESIGN.md, "Many people, one store").
///
/// Callers `submit` a request from any task and `await` its answer. One writer thread takes
/// every request that arrived while the previous write committed (up to `Limits`) and records
/// them, in arrival order, through one `Recorder` in one `EventStore.write`: the result is
/// what recording the requests one after another would give, at the cost of one commit.
/// A refused request (an event the catalogue or a lifecycle refuses, a version conflict)
/// fails alone: the write is abandoned, that request answered with its error, and the write
/// run again without it. An error of the write itself (the views, the commit, the disk) fails
/// every request of that batch: none of them was written.
///
/// ```swift
/// let committer = GroupCommitter(store: store)
/// let recorded = try await committer.submit(GroupCommitRequest(events: [event], actor: "a.khan"))
/// await committer.close()
/// ```
public final class GroupCommitter: Sendable {
    /// How much one write may gather.
    public struct Limits: Sendable {
        /// The most requests in one write.
        public var maximumRequests = 512
        /// The most events in one write (a request larger than this is written alone).
        public var maximumEvents = 10_000

        /// 512 requests, 10,000 events.
        public init() {}
    }

    /// What one commit wrote, as `onCommit` is told.
    public struct Commit: Sendable {
        /// The requests answered by it.
        public let requests: Int
        /// The events it appended.
        public let events: Int
        /// From the start of the write to its durable commit, re-runs included.
        public let duration: Duration
        /// The log's last position after it.
        public let head: UInt64
    }

    /// Counts since the committer started, for `/metrics`.
    public struct Statistics: Sendable, Equatable {
        /// Requests submitted (with at least one event) and accepted into the queue.
        public var submittedRequests = 0
        /// Requests answered with their results.
        public var committedRequests = 0
        /// Requests answered with an error.
        public var failedRequests = 0
        /// Events appended.
        public var events = 0
        /// Write transactions committed: fewer than `committedRequests` when requests were gathered.
        public var commits = 0
        /// Writes abandoned and run again without a refused request.
        public var reruns = 0
    }

    /// Thrown (as a usage `CaselogError`) for `If-Match` on a request without exactly one event.
    public struct IfMatchNeedsOneEvent: Error {}

    /// The store is being closed: the request was not written.
    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the server is stopping; nothing was written (retry)" }
    }

    private struct Waiting {
        let events: [NewEvent]
        let policy: RecordingPolicy?
        let personalRead: PersonalRead?
        let continuation: CheckedContinuation<[Recorder.Recorded], any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var isClosed = false
        var statistics = Statistics()
        var whenFinished: [CheckedContinuation<Void, Never>] = []
        var hasFinished = false
    }

    private let store: CaseStore
    private let limits: Limits
    private let onCommit: @Sendable (Commit) -> Void
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    /// A committer writing to `store` on a thread of its own, until `close()`.
    ///
    /// - Parameter onCommit: called on the writer thread after each durable commit, before its
    ///   requests are answered (the server wakes its subscribers from it): keep it short.
    public init(store: CaseStore, limits: Limits = Limits(), onCommit: @escaping @Sendable (Commit) -> Void = { _ in }) {
        self.store = store
        self.limits = limits
        self.onCommit = onCommit
        DispatchQueue(label: "caselog.group-commit").async { [self] in runWriter() }
    }

    /// Records `request`'s events, all or none, and answers once they are durable.
    ///
    /// - Returns: where each event went, in the request's order.
    /// - Throws: for a refused event, a `CaselogError` whose message names it as
    ///   `caselog record --stdin` names a line ("line 2: …; nothing was written") and whose
    ///   `cause` is what recording it alone throws (`ValidationError`,
    ///   `AppendError.wrongExpectedVersion`, …); nothing of the request is written. The
    ///   write's own error (`StoreError`, …) as it is; a usage `CaselogError` for `ifMatch`
    ///   without exactly one event; a conflict `CaselogError` after `close()`.
    public func submit(_ request: GroupCommitRequest) async throws -> [Recorder.Recorded] {
        let events = try request.stampedEvents()
        if events.isEmpty && request.personalRead == nil { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let isOpen = state.withLock { state in
                if state.isClosed { return false }
                state.queue.append(Waiting(events: events, policy: request.policy, personalRead: request.personalRead,
                                           continuation: continuation))
                state.statistics.submittedRequests += 1
                return true
            }
            guard isOpen else { return continuation.resume(throwing: CaselogError(.conflict, "\(Closed())", cause: Closed())) }
            wake.signal()
        }
    }

    /// The counts so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Requests submitted and not yet taken into a write.
    public var waitingRequests: Int { state.withLock { $0.queue.count } }

    /// Refuses new requests, records those already submitted, and returns when the last is answered.
    public func close() async {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state in
                state.isClosed = true
                if state.hasFinished { return true }
                state.whenFinished.append(continuation)
                return false
            }
            if finished { continuation.resume() } else { wake.signal() }
        }
    }

    // MARK: The writer thread

    private func runWriter() {
        while true {
            wake.wait()
            while let batch = takeBatch() { write(batch) }
            let finished: [CheckedContinuation<Void, Never>]? = state.withLock { state in
                guard state.isClosed && state.queue.isEmpty else { return nil }
                state.hasFinished = true
                defer { state.whenFinished = [] }
                return state.whenFinished
            }
            if let finished {
                finished.forEach { $0.resume() }
                return
            }
        }
    }

    /// The requests waiting, oldest first, up to the limits; nil when none is.
    private func takeBatch() -> [Waiting]? {
        state.withLock { state in
            guard !state.queue.isEmpty else { return nil }
            var count = 0
            var events = 0
            for waiting in state.queue {
                let size = max(1, waiting.events.count)
                if count > 0 && (count == limits.maximumRequests || events + size > limits.maximumEvents) { break }
                count += 1
                events += size
            }
            defer { state.queue.removeFirst(count) }
            return Array(state.queue.prefix(count))
        }
    }

    /// A request's own refusal, carried out of the write so that it is abandoned.
    private struct Refused: Error {
        let index: Int
        let error: any Error
    }

    /// Writes `batch` in one transaction, dropping each refused request and writing the rest
    /// again, and answers every request.
    private func write(_ batch: [Waiting]) {
        let clock = ContinuousClock()
        let start = clock.now
        var batch = batch
        var reruns = 0
        while !batch.isEmpty {
            do {
                let (results, head) = try record(batch)
                let events = results.reduce(0) { $0 + $1.count }
                state.withLock { state in
                    state.statistics.commits += 1
                    state.statistics.committedRequests += batch.count
                    state.statistics.events += events
                    state.statistics.reruns += reruns
                }
                onCommit(Commit(requests: batch.count, events: events, duration: start.duration(to: clock.now), head: head))
                for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
                return
            } catch let refused as Refused {
                answer([batch.remove(at: refused.index)], with: refused.error)
                reruns += 1
            } catch {
                answer(batch, with: error)
                return
            }
        }
        state.withLock { $0.statistics.reruns += reruns }
    }

    private func answer(_ requests: [Waiting], with error: any Error) {
        state.withLock { $0.statistics.failedRequests += requests.count }
        for waiting in requests { waiting.continuation.resume(throwing: error) }
    }

    /// One write of every request of `batch`, in order; throws `Refused` for the first request
    /// refused (the write is then abandoned), or the write's own error.
    private func record(_ batch: [Waiting]) throws -> (results: [[Recorder.Recorded]], head: UInt64) {
        try store.log.write(actor: "caselog") { writer in
            // The write may run more than once (a map grown): nothing outlives a run.
            var recorder = Recorder()
            var results: [[Recorder.Recorded]] = []
            results.reserveCapacity(batch.count)
            for (index, waiting) in batch.enumerated() {
                if let read = waiting.personalRead { try read.append(in: &writer) }
                var recorded: [Recorder.Recorded] = []
                recorded.reserveCapacity(waiting.events.count)
                for (line, event) in waiting.events.enumerated() {
                    do {
                        try waiting.policy?.check(event, in: writer, recorder: recorder)
                        recorded.append(try recorder.record(event, in: &writer))
                    } catch {
                        // The store failing is every request's failure, not this one's.
                        guard Self.isRequestsOwn(error) else { throw error }
                        throw Refused(index: index, error: Self.refusal(error, line: line + 1))
                    }
                }
                results.append(recorded)
            }
            try recorder.finish(in: &writer)
            return (results, writer.head.position)
        }
    }

    /// `error`, refusing the request's event `line` (from 1), as `caselog record --stdin`
    /// words it for the same line: "line N: …; nothing was written".
    private static func refusal(_ error: any Error, line: Int) -> CaselogError {
        let message = switch error {
        case let error as EventLineError: error.message
        case let error as ValidationError: error.description
        case let error as CaselogError: error.message
        default: "\(error)"
        }
        return CaselogError(CaselogError(error).kind, "line \(line): \(message); nothing was written", cause: error)
    }

    /// True for an error that refuses what a request asked (its data, its lifecycle, its
    /// expected version), false for one of the store (reading or writing it failed).
    ///
    /// Decided by the error's type, not its kind: a store that may not be written (EACCES) is
    /// "not permitted" too, and taking it for one request's fault would drop and re-run the
    /// batch once per request.
    private static func isRequestsOwn(_ error: any Error) -> Bool {
        switch error {
        case is ValidationError, is AppendError, is EventLineError: true
        case let failure as CaselogError: failure.kind != .storage && failure.kind != .software && !(failure.cause is StoreError)
        default: false
        }
    }
}
