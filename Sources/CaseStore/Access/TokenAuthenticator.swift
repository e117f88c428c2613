import Casework
import EventLog
import Synchronization

/// Who a bearer token belongs to, as the access stream says now: the server asks it for every
/// request. Tokens issued or revoked by another process (`caselog token create` while the
/// server runs) count from the next request.
///
/// Each call reads the access stream's version (one read transaction, one stream-head
/// look-up); only when it moved is the stream folded again into the map from each live
/// token's SHA-256 to its user. The presented token is hashed and looked up, and the hash
/// found compared again in constant time.
public final class TokenAuthenticator: Sendable {
    private struct Entry: Sendable {
        let hash: ChainHash
        let user: String
        let expiresAt: Timestamp
    }

    private struct Cache: Sendable {
        var version: UInt64?
        var byHash: [ChainHash: Entry] = [:]
    }

    private let store: CaseStore
    private let cache = Mutex(Cache())

    /// An authenticator reading `store`'s access stream.
    public init(store: CaseStore) { self.store = store }

    /// The user `bearer` authenticates, or nil when it is no live token of this store
    /// (unknown, revoked or expired).
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func authenticate(bearer: String) throws -> String? {
        guard !bearer.isEmpty, bearer.utf8.count <= BearerToken.maximumLength else { return nil }
        let presented = BearerToken.hash(bearer)
        let version = try store.log.read { try $0.streamHead(AccessStream.name)?.version ?? 0 }
        if cache.withLock({ $0.version }) != version { try rebuild() }
        guard let entry = cache.withLock({ $0.byHash[presented] }),
              BearerToken.constantTimeEquals(entry.hash, presented),
              Timestamp.now() < entry.expiresAt
        else { return nil }
        return entry.user
    }

    private func rebuild() throws {
        let (version, list) = try store.log.read { reader in
            (try reader.streamHead(AccessStream.name)?.version ?? 0, try AccessList(in: reader))
        }
        var byHash: [ChainHash: Entry] = [:]
        for token in list.tokens where !token.isRevoked {
            guard let hash = list.hashes[token.tokenId] else { continue }
            byHash[hash] = Entry(hash: hash, user: token.user, expiresAt: token.expiresAt)
        }
        cache.withLock { $0 = Cache(version: version, byHash: byHash) }
    }
}
