import Casework
import Codec
import EventLog

/// A token just issued: its text, shown to the person who asked once and kept nowhere.
public struct IssuedToken: Sendable {
    /// The bearer token (`caselog_…`, 256 random bits): the log keeps only its SHA-256.
    public let token: String
    /// What the access stream says of it.
    public let info: TokenInfo
    /// True when the user was added (with role `admin`) by this issue.
    public let addedUser: Bool
}

extension CaseStore {
    /// Issues a bearer token to `user`, in one write by `actor`. On a store without users the
    /// first is added with role `admin` (DOMAIN.md §13: before roles exist, `token create NAME`
    /// makes user NAME an admin); after that a token goes only to a user `addUser` added, and
    /// never to a disabled one.
    ///
    /// - Parameter days: how long it stays valid; nil: the setting `tokens.expiry-days` in force (90).
    /// - Throws: `CaselogError` (usage) for a user name that is not 1–64 letters, digits and
    ///   `.`, `-`, `_`, `@`, or days outside 1–3650; (not found) for a user the store does not
    ///   have when it has some; (not permitted) for a disabled user; `StoreError`.
    public func issueToken(to user: String, expiresInDays days: Int? = nil, actor: String) throws -> IssuedToken {
        try Self.checkUserName(user)
        if let days, !StoreSetting.tokensExpiryDays.range.contains(days) {
            throw CaselogError(.usage, "--expires-in-days takes 1 to 3650 days, not \(days)", cause: AccessRefusal.badExpiry)
        }
        let token = BearerToken.generate()
        let hash = BearerToken.hash(token)
        return try log.write(actor: actor) { writer in
            let list = try AccessList(in: writer)
            let addedUser = list.users.isEmpty
            if let existing = list.users[user], existing.isDisabled {
                throw CaselogError(.notPermitted, "\(user) is disabled: `caselog user enable \(user)` first", cause: AccessRefusal.unchanged)
            }
            if list.users[user] == nil && !addedUser { throw Self.noSuchUser(user) }
            if addedUser {
                try appendAccessEvent(AccessStream.userAdded, ["user": .text(user), "role": .text("admin")], in: &writer)
            }
            let validDays = try days ?? OrganisationSettings.inForce(in: writer).value(.tokensExpiryDays) ?? 90
            let expiresAt = Timestamp(microseconds: writer.recordedAt.microseconds + Int64(validDays) * 86_400_000_000)
            let id = BearerToken.generateID()
            try appendAccessEvent(AccessStream.tokenIssued, ["tokenId": .text(id), "user": .text(user),
                                                       "expiresAt": .text(expiresAt.iso8601), "sha256": .text(hash.description)],
                            in: &writer)
            let info = TokenInfo(tokenId: id, user: user, issuedAt: writer.recordedAt, expiresAt: expiresAt, isRevoked: false)
            return IssuedToken(token: token, info: info, addedUser: addedUser)
        }
    }

    /// Revokes every live token of `user`, in one write by `actor`.
    ///
    /// - Returns: the tokens revoked.
    /// - Throws: `CaselogError` (not found, exit 66) when `user` has no live token; `StoreError`.
    @discardableResult
    public func revokeTokens(of user: String, actor: String) throws -> [TokenInfo] {
        try log.write(actor: actor) { writer in
            let now = writer.recordedAt
            let live = try AccessList(in: writer).tokens.filter { $0.user == user && $0.isLive(at: now) }
            guard !live.isEmpty else {
                throw CaselogError(.notFound, "\(user) has no live token (`caselog token list` lists them)", cause: AccessRefusal.noLiveToken)
            }
            for token in live { try appendAccessEvent(AccessStream.tokenRevoked, ["tokenId": .text(token.tokenId)], in: &writer) }
            return live
        }
    }

    /// Every token the access stream names, in the order issued: ids, users, expiry and
    /// whether revoked; never a token's text or hash.
    public func tokens() throws -> [TokenInfo] {
        try log.read { try AccessList(in: $0).tokens }
    }

    /// Appends an event of the access stream with `fields`, and `onBehalfOf` when the store
    /// was opened for someone other than the write's actor.
    func appendAccessEvent(_ type: String, _ fields: [String: CBORValue], in writer: inout LogWriter) throws {
        var fields = fields
        if let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: writer.actor) { fields[OnBehalfOf.field] = .text(onBehalfOf) }
        try writer.append(ProposedEvent(type: type, occurredAt: writer.recordedAt, data: CBORValue.map(fields).encoded()),
                          to: AccessStream.name)
    }

    /// Refuses a user name that could not be an actor or a label: 1–64 of letters, digits, `.-_@`.
    static func checkUserName(_ user: String) throws {
        let allowed = user.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "._-@".utf8.contains(byte)
        }
        guard (1...64).contains(user.utf8.count), allowed else {
            let shown = user.count > 64 ? String(user.prefix(60)) + "… (\(user.count) characters)" : user
            throw CaselogError(.usage, "a user name is 1 to 64 letters, digits, '.', '-', '_' or '@', not \"\(shown)\"",
                               cause: AccessRefusal.badUserName)
        }
    }
}

/// Why an access command was refused (the cause of its `CaselogError`).
public enum AccessRefusal: Error, Sendable {
    /// A user name with characters or a length a user name may not have.
    case badUserName
    /// An expiry outside 1–3650 days.
    case badExpiry
    /// `token revoke` for a user without a live token.
    case noLiveToken
    /// `user add` for a name that is a user already.
    case userExists
    /// A user the access stream does not name.
    case noSuchUser
    /// A change that would change nothing (a role held already, a user disabled already).
    case unchanged
    /// A team name with characters or a length a team name may not have.
    case badTeamName
}
