import Synchronization

/// Rejected bearer tokens counted per client address, so that guessing tokens is slow: once an
/// address has presented `limit` rejected tokens within `window` of its first, it is refused
/// (`refusal(of:)`) until that window passes, whatever it presents. A token accepted resets
/// nothing, for its address or another; a request with no token is no guess and is not counted.
///
/// The window is fixed, from an address's first rejected token: at most `limit` guesses an
/// address a window. The table is bounded: at `capacity` addresses the expired entries go, then,
/// if it is still full, the oldest quarter (an attacker with that many addresses gets through
/// anyway). Each call takes one lock; at capacity, one pass over the table a quarter's inserts.
final class FailedAuthLimiter: Sendable {
    /// Rejected tokens an address may present within `window`.
    let limit: Int
    /// How long from an address's first rejected token its count lasts.
    let window: Duration
    /// The most addresses held.
    let capacity: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let table = Mutex<[String: Entry]>([:])

    /// One address's window: when it began and how many rejected tokens it has seen.
    private struct Entry {
        var start: ContinuousClock.Instant
        var failures: Int
    }

    /// A limiter of `limit` rejected tokens an address within `window`, remembering at most
    /// `capacity` addresses; `now` is the clock (a test's, or the continuous clock).
    init(limit: Int, window: Duration, capacity: Int = 10_000,
         now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limit = max(1, limit)
        self.window = window
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// Whole seconds (at least 1) until `address` may present a token again; nil when it may now.
    func refusal(of address: String) -> Int? {
        let now = now()
        return table.withLock { table in
            guard let entry = table[address], entry.failures >= limit else { return nil }
            let left = now.duration(to: entry.start + window)
            guard left > .zero else { return nil }
            let (seconds, attoseconds) = left.components
            return Int(seconds) + (attoseconds > 0 ? 1 : 0)
        }
    }

    /// Counts one rejected token of `address`, starting its window if none is running.
    func recordFailure(of address: String) {
        let now = now()
        table.withLock { table in
            if var entry = table[address], now < entry.start + window {
                entry.failures += 1
                table[address] = entry
                return
            }
            if table[address] == nil && table.count >= capacity { makeRoom(in: &table, at: now) }
            table[address] = Entry(start: now, failures: 1)
        }
    }

    /// How many addresses the table holds now.
    var trackedAddresses: Int { table.withLock { $0.count } }

    /// Drops the expired entries; if that frees nothing, the oldest quarter.
    private func makeRoom(in table: inout [String: Entry], at now: ContinuousClock.Instant) {
        table = table.filter { now < $0.value.start + window }
        guard table.count >= capacity else { return }
        let oldest = table.sorted { $0.value.start < $1.value.start }.prefix(max(1, capacity / 4))
        for (address, _) in oldest { table[address] = nil }
    }
}
