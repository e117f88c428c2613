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
    /// One user's reads within the last hour: O(1) per read to keep (each read's subjects are
    /// counted in and, an hour later, out).
    private struct Seen {
        var reads: [(at: Int64, subjects: [String], bulk: Int)] = []
        var first = 0
        var subjects: [String: Int] = [:]
        var bulk = 0
        var isFlagged = false

        var count: Int { subjects.count + bulk }

        mutating func forget(before cutoff: Int64) {
            while first < reads.count && reads[first].at <= cutoff {
                for subject in reads[first].subjects {
                    if subjects[subject] == 1 { subjects[subject] = nil } else { subjects[subject, default: 1] -= 1 }
                }
                bulk -= reads[first].bulk
                first += 1
            }
            if first > 1024 && first * 2 > reads.count {
                reads.removeFirst(first)
                first = 0
            }
        }

        mutating func add(_ read: (at: Int64, subjects: [String], bulk: Int)) {
            reads.append(read)
            for subject in read.subjects { subjects[subject, default: 0] += 1 }
            bulk += read.bulk
        }
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
            var seen = state.users.removeValue(forKey: read.user) ?? Seen()
            seen.forget(before: now - Self.hour)
            seen.add((now, read.subjects, read.bulk?.subjectCount ?? 0))
            let count = seen.count
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
