import Casework
import EventLog
import Synchronization

/// Who a bearer token belongs to, as the access stream says now: the server asks it for every
/// request. Tokens issued or revoked by another process (`caselog token create` while the
/// server runs) count from the next request.
///
/// Each call reads the log's head (one read transaction, one look-up); when the log has moved
/// since the last check, the new records' streams are read (a few bytes each) and only when one
/// is on the access stream is that stream folded again into the map from each live token's
/// SHA-256 to its user. (Reading the access stream's head instead cost a read of the whole
/// unindexed tail while the group committer held the write: a tenth of the server's
/// throughput.) The presented token is hashed and looked up, and the hash found compared
/// again in constant time.
public final class TokenAuthenticator: Sendable {
    private struct Entry: Sendable {
        let hash: ChainHash
        let user: String
        let expiresAt: Timestamp
    }

    private struct Cache: Sendable {
        /// The log's position through which no access event is missing from `byHash`.
        var checkedThrough: UInt64?
        var byHash: [ChainHash: Entry] = [:]
        /// Every user, by name: their roles, team, and whether disabled.
        var users: [String: AccessUser] = [:] { didSet { teams = users.compactMapValues(\.team) } }
        /// Each user's team, by name: worked out once per change of the users, not per request.
        private(set) var teams: [String: String] = [:]
    }

    /// More new records than this since the last check: fold the access stream again rather than read them.
    private static let scanLimit: UInt64 = 100_000

    private let store: CaseStore
    private let cache = Mutex(Cache())

    /// An authenticator reading `store`'s access stream.
    public init(store: CaseStore) { self.store = store }

    /// The name of the user `bearer` authenticates (`authenticateUser(bearer:)`).
    public func authenticate(bearer: String) throws -> String? {
        try authenticateUser(bearer: bearer)?.name
    }

    /// The user `bearer` authenticates, with their roles and team as the access stream says
    /// now, or nil when it is no live token of this store (unknown, revoked or expired) or its
    /// user is disabled or has left the access stream.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func authenticateUser(bearer: String) throws -> AccessUser? {
        guard !bearer.isEmpty, bearer.utf8.count <= BearerToken.maximumLength else { return nil }
        let presented = BearerToken.hash(bearer)
        if try accessStreamMoved() { try rebuild() }
        guard let (entry, user) = cache.withLock({ cache in cache.byHash[presented].map { ($0, cache.users[$0.user]) } }),
              BearerToken.constantTimeEquals(entry.hash, presented),
              Timestamp.now() < entry.expiresAt,
              let user, !user.isDisabled
        else { return nil }
        return user
    }

    /// Each user's team, by name, as of the last request's check.
    public func teams() -> [String: String] {
        cache.withLock { $0.teams }
    }

    /// True when an access event may have been recorded since the last check (or there was none).
    private func accessStreamMoved() throws -> Bool {
        let checked = cache.withLock { $0.checkedThrough }
        guard let checked else { return true }
        let (head, moved) = try store.log.read { reader -> (UInt64, Bool) in
            let head = try reader.head().position
            guard head > checked else { return (head, false) }
            guard head - checked <= Self.scanLimit else { return (head, true) }
            var moved = false
            let name = AccessStream.name.utf8
            let read = AccessStream.personalRead.utf8
            try reader.scan(from: checked + 1, through: head) { record in
                // The access log's own reads change no user or token.
                if !moved && record.streamBytes.elementsEqual(name) && !record.typeBytes.elementsEqual(read) { moved = true }
            }
            return (head, moved)
        }
        if !moved { cache.withLock { $0.checkedThrough = max($0.checkedThrough ?? 0, head) } }
        return moved
    }

    private func rebuild() throws {
        let (head, list) = try store.log.read { reader in
            (try reader.head().position, try AccessList(in: reader))
        }
        var byHash: [ChainHash: Entry] = [:]
        for token in list.tokens where !token.isRevoked {
            guard let hash = list.hashes[token.tokenId] else { continue }
            byHash[hash] = Entry(hash: hash, user: token.user, expiresAt: token.expiresAt)
        }
        cache.withLock { cache in
            // A rebuild from an older snapshot than one already kept does not replace it.
            if (cache.checkedThrough ?? 0) <= head {
                cache = Cache(checkedThrough: head, byHash: byHash)
                cache.users = list.users
            }
        }
    }
}
