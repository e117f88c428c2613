import Casework
import Codec
import EventLog

/// One bearer token as the access stream describes it: never its text, never its hash.
public struct TokenInfo: Sendable, Equatable {
    /// The token's id (`tok-…`), to list and revoke it by.
    public let tokenId: String
    /// The user it authenticates.
    public let user: String
    /// When it was issued (the event's `recordedAt`).
    public let issuedAt: Timestamp
    /// When it stops being accepted.
    public let expiresAt: Timestamp
    /// True once `access.token-revoked` names it.
    public let isRevoked: Bool

    /// True when it is accepted at `time`: not revoked, not expired.
    public func isLive(at time: Timestamp) -> Bool { !isRevoked && time < expiresAt }
}

/// The users and tokens of a store, folded from its access stream (DOMAIN.md §13).
struct AccessList {
    /// Every user, by name.
    var users: [String: AccessUser] = [:]
    /// The users' names in the order they were added.
    var userNames: [String] = []
    /// Every token, in the order issued.
    var tokens: [TokenInfo] = []
    /// Each token's SHA-256, by id.
    var hashes: [String: ChainHash] = [:]

    /// The list as of `reader`'s snapshot.
    init(in reader: borrowing LogReader) throws {
        try reader.scanStream(AccessStream.name) { try apply($0) }
    }

    /// The list as `writer`'s write sees it.
    init(in writer: borrowing LogWriter) throws {
        try writer.scanStream(AccessStream.name) { try apply($0) }
    }

    private mutating func apply(_ record: RecordView) throws {
        let data = record.data
        switch record.type {
        case AccessStream.userAdded:
            guard let user = data["user"]?.string, users[user] == nil, let role = data["role"]?.string.flatMap(AccessRole.init(named:)) else { return }
            users[user] = AccessUser(name: user, roles: [role], team: data["team"]?.string)
            userNames.append(user)
        case AccessStream.roleGranted, AccessStream.roleRevoked:
            guard let user = data["user"]?.string, let role = data["role"]?.string.flatMap(AccessRole.init(named:)) else { return }
            if record.type == AccessStream.roleGranted { users[user]?.roles.insert(role) } else { users[user]?.roles.remove(role) }
        case AccessStream.teamChanged:
            guard let user = data["user"]?.string else { return }
            users[user]?.team = data["team"]?.string
        case AccessStream.userDisabled, AccessStream.userEnabled:
            guard let user = data["user"]?.string else { return }
            users[user]?.isDisabled = record.type == AccessStream.userDisabled
        case AccessStream.tokenIssued:
            guard let id = data["tokenId"]?.string, let user = data["user"]?.string,
                  let expires = data["expiresAt"]?.string.flatMap(Timestamp.init(iso8601:)),
                  let hash = data["sha256"]?.string.flatMap(ChainHash.init(hex:))
            else { return }
            tokens.append(TokenInfo(tokenId: id, user: user, issuedAt: record.recordedAt, expiresAt: expires, isRevoked: false))
            hashes[id] = hash
        case AccessStream.tokenRevoked:
            guard let id = data["tokenId"]?.string, let index = tokens.firstIndex(where: { $0.tokenId == id }) else { return }
            let token = tokens[index]
            tokens[index] = TokenInfo(tokenId: id, user: token.user, issuedAt: token.issuedAt, expiresAt: token.expiresAt, isRevoked: true)
        default:
            return
        }
    }
}
