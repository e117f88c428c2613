import Casework
import Codec
import EventLog

/// Users, roles and teams as events of the access stream (DOMAIN.md §9, §13): `caselog user`.
/// Each change is one write by `actor`, refused (and nothing written) when it would change nothing.
extension CaseStore {
    /// Adds `user` with `role`, in `team` when given.
    ///
    /// - Throws: `CaselogError` (usage) for a user or team name that could not be one; (invalid)
    ///   when the store has such a user already; `StoreError`.
    @discardableResult
    public func addUser(_ user: String, role: AccessRole, team: String? = nil, actor: String) throws -> AccessUser {
        try Self.checkUserName(user)
        if let team { try Self.checkTeamName(team) }
        return try log.write(actor: actor) { writer in
            guard try AccessList(in: writer).users[user] == nil else {
                throw CaselogError(.invalid, "\(user) is a user already (`caselog user grant` gives them another role)",
                                   cause: AccessRefusal.userExists)
            }
            var fields: [String: CBORValue] = ["user": .text(user), "role": .text(role.rawValue)]
            if let team { fields["team"] = .text(team) }
            try appendAccessEvent(AccessStream.userAdded, fields, in: &writer)
            return AccessUser(name: user, roles: [role], team: team)
        }
    }

    /// Gives `user` the role `role` as well as those they hold.
    @discardableResult
    public func grantRole(_ role: AccessRole, to user: String, actor: String) throws -> AccessUser {
        try changeUser(user, actor: actor) { current in
            guard !current.holds(role) else { throw Self.unchanged("\(user) holds the role \(role.rawValue) already") }
            var changed = current
            changed.roles.insert(role)
            return (AccessStream.roleGranted, ["user": .text(user), "role": .text(role.rawValue)], changed)
        }
    }

    /// Takes the role `role` from `user`.
    @discardableResult
    public func revokeRole(_ role: AccessRole, from user: String, actor: String) throws -> AccessUser {
        try changeUser(user, actor: actor) { current in
            guard current.holds(role) else { throw Self.unchanged("\(user) does not hold the role \(role.rawValue)") }
            var changed = current
            changed.roles.remove(role)
            return (AccessStream.roleRevoked, ["user": .text(user), "role": .text(role.rawValue)], changed)
        }
    }

    /// Moves `user` to `team`, or to no team when nil.
    @discardableResult
    public func setTeam(_ team: String?, of user: String, actor: String) throws -> AccessUser {
        if let team { try Self.checkTeamName(team) }
        return try changeUser(user, actor: actor) { current in
            guard current.team != team else { throw Self.unchanged("\(user) is in \(team.map { "team \($0)" } ?? "no team") already") }
            var changed = current
            changed.team = team
            var fields: [String: CBORValue] = ["user": .text(user)]
            if let team { fields["team"] = .text(team) }
            return (AccessStream.teamChanged, fields, changed)
        }
    }

    /// Disables `user` and revokes every live token of theirs in the same write: from the
    /// next request on, nothing they hold is accepted (DOMAIN.md §9: tokens go with the user).
    ///
    /// - Returns: the user, and the tokens revoked.
    @discardableResult
    public func disableUser(_ user: String, actor: String) throws -> (user: AccessUser, revoked: [TokenInfo]) {
        try log.write(actor: actor) { writer in
            let list = try AccessList(in: writer)
            guard var current = list.users[user] else { throw Self.noSuchUser(user) }
            guard !current.isDisabled else { throw Self.unchanged("\(user) is disabled already") }
            try appendAccessEvent(AccessStream.userDisabled, ["user": .text(user)], in: &writer)
            let live = list.tokens.filter { $0.user == user && $0.isLive(at: writer.recordedAt) }
            for token in live { try appendAccessEvent(AccessStream.tokenRevoked, ["tokenId": .text(token.tokenId)], in: &writer) }
            current.isDisabled = true
            return (current, live)
        }
    }

    /// Enables a disabled `user` again (their old tokens stay revoked: `caselog token create` issues a new one).
    @discardableResult
    public func enableUser(_ user: String, actor: String) throws -> AccessUser {
        try changeUser(user, actor: actor) { current in
            guard current.isDisabled else { throw Self.unchanged("\(user) is not disabled") }
            var changed = current
            changed.isDisabled = false
            return (AccessStream.userEnabled, ["user": .text(user)], changed)
        }
    }

    /// Every user, in the order they were added.
    public func users() throws -> [AccessUser] {
        try log.read { reader in
            let list = try AccessList(in: reader)
            return list.userNames.compactMap { list.users[$0] }
        }
    }

    /// The user called `name`, or nil.
    public func user(named name: String) throws -> AccessUser? {
        try log.read { try AccessList(in: $0).users[name] }
    }

    /// One change of an existing user: `change` says which event, with which fields, gives which user.
    private func changeUser(_ user: String, actor: String,
                            _ change: (AccessUser) throws -> (type: String, fields: [String: CBORValue], user: AccessUser)) throws -> AccessUser {
        try log.write(actor: actor) { writer in
            guard let current = try AccessList(in: writer).users[user] else { throw Self.noSuchUser(user) }
            let (type, fields, changed) = try change(current)
            try appendAccessEvent(type, fields, in: &writer)
            return changed
        }
    }

    static func noSuchUser(_ user: String) -> CaselogError {
        CaselogError(.notFound, "no user \(user) (`caselog user list` lists them; `caselog user add` adds one)", cause: AccessRefusal.noSuchUser)
    }

    private static func unchanged(_ message: String) -> CaselogError {
        CaselogError(.invalid, "\(message); nothing was written", cause: AccessRefusal.unchanged)
    }

    /// Refuses a team name that could not be a label: 1–64 of letters, digits, spaces and `.-_`.
    static func checkTeamName(_ team: String) throws {
        let allowed = team.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || " ._-".utf8.contains(byte)
        }
        guard (1...64).contains(team.utf8.count), allowed, team.first != " ", team.last != " " else {
            let shown = team.count > 64 ? String(team.prefix(60)) + "… (\(team.count) characters)" : team
            throw CaselogError(.usage, "a team name is 1 to 64 letters, digits, spaces, '.', '-' or '_', not \"\(shown)\"",
                               cause: AccessRefusal.badTeamName)
        }
    }
}
