import Casework
import EventLog
import Synchronization

/// Watches the reads of † fields as they are logged, and says when a user's reads within the
/// last hour have just named more distinct subjects than the setting
/// `access.unusual-subjects-per-hour` allows (DOMAIN.md §9, §13), so that the read's log entry
/// is followed by `access.unusual-detected` (which `caselog watch` can alert on and
/// `caselog access review` lists). Once per crossing: a user is flagged again only after their
/// hour has dropped back to the limit. A bulk read counts its subjects (as the review does).
///
/// The counts are the server's own, since it started; `access review` works the rule out from
/// the whole access log whenever it is asked.
public final class UnusualAccessMonitor: Sendable {
    private struct Seen {
        var reads: [(at: Int64, subjects: [String], bulk: Int)] = []
        var isFlagged = false
    }

    private struct State {
        var users: [String: Seen] = [:]
        var limit: Int?
        var limitReadAt: Int64 = .min
    }

    private static let hour: Int64 = 3_600_000_000
    private let state = Mutex(State())
    private let readLimit: @Sendable () throws -> Int

    /// A monitor whose limit `readLimit` gives (read again at most once a minute).
    public init(limit readLimit: @escaping @Sendable () throws -> Int) {
        self.readLimit = readLimit
    }

    /// A monitor of `store`'s setting `access.unusual-subjects-per-hour`.
    public convenience init(store: CaseStore) {
        self.init { try OrganisationSettings.inForce(in: store.log).value(.accessUnusualSubjectsPerHour) ?? 50 }
    }

    /// `read`, made at `time`, with `unusual` set when it takes its user over the limit.
    public func observe(_ read: PersonalRead, at time: Timestamp = .now()) throws -> PersonalRead {
        let now = time.microseconds
        let cached = state.withLock { $0.limitReadAt > now - 60_000_000 ? $0.limit : nil }
        let limit = try cached ?? readLimit()
        if cached == nil { state.withLock { $0.limit = limit; $0.limitReadAt = now } }
        let crossed: Int? = state.withLock { state in
            var seen = state.users[read.user] ?? Seen()
            seen.reads.removeAll { $0.at <= now - Self.hour }
            seen.reads.append((now, read.subjects, read.bulk?.subjectCount ?? 0))
            let count = Set(seen.reads.flatMap(\.subjects)).count + seen.reads.reduce(0) { $0 + $1.bulk }
            defer { state.users[read.user] = seen }
            guard count > limit else {
                seen.isFlagged = false
                return nil
            }
            if seen.isFlagged { return nil }
            seen.isFlagged = true
            return count
        }
        var flagged = read
        flagged.unusual = crossed
        return flagged
    }
}
