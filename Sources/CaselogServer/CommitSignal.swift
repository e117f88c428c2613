import Synchronization

/// Wakes the server's subscribers when the group committer commits: each waits for the next
/// commit, or at most a while (to look for other processes' writes), whichever comes first.
final class CommitSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
        /// Waits whose time ran out before they began to wait.
        var expired: Set<UInt64> = []
        var isClosed = false
    }

    private let state = Mutex(State())

    /// Counts the commits so far: read it before looking at the log, then wait `since` it.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// True once `close()` was called (the server is stopping).
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Wakes every waiter: a commit happened.
    func notify() {
        let woken = state.withLock { state in
            state.generation &+= 1
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Wakes every waiter for good: the server is stopping.
    func close() {
        state.withLock { $0.isClosed = true }
        notify()
    }

    /// Returns at the first commit after `generation` (at once if there was one already), or
    /// after `timeout`, or when closed.
    func wait(since generation: UInt64, atMost timeout: Duration) async {
        let id = state.withLock { state in
            defer { state.nextID &+= 1 }
            return state.nextID
        }
        let timer = Task {
            // Cancelled (the wait ended first): no expiry to record, or `expired` would keep it for good.
            do { try await Task.sleep(for: timeout) } catch { return }
            wake(id)
        }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.generation != generation || state.isClosed || state.expired.remove(id) != nil { return true }
                state.waiting[id] = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
        state.withLock { _ = $0.expired.remove(id) }
    }

    private func wake(_ id: UInt64) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let continuation = state.waiting.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil
            }
            return continuation
        }?.resume()
    }
}
