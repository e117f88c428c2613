/// The store's `access` stream (DOMAIN.md §9, §13): users and their bearer tokens as events in
/// the chain, so that who could use the store, and since when, is never kept outside it.
/// Only caselog writes them (`caselog token create`, `caselog token revoke`); an import
/// restores them from an export into an empty store, and refuses them otherwise, as it does
/// the `settings` stream's.
public enum AccessStream {
    /// The stream's name.
    public static let name = "access"
    /// `access.user-added`: `user`, `role`, and `team` when there is one.
    public static let userAdded = "access.user-added"
    /// `access.token-issued`: `tokenId`, `user`, `expiresAt` (ISO 8601, UTC) and `sha256`, the
    /// SHA-256 of the token in lower-case hex: never the token itself.
    public static let tokenIssued = "access.token-issued"
    /// `access.token-revoked`: `tokenId`.
    public static let tokenRevoked = "access.token-revoked"
    /// The roles of DOMAIN.md §9.
    public static let roles = ["caseworker", "safeguarding-lead", "panel-member", "manager", "analyst", "admin"]

    /// True for the access stream.
    public static func isStoreStream(_ stream: String) -> Bool { stream == name }

    /// The events of the access stream, for `caselog types` and the import's checks.
    public static let types: [EventTypeSpec] = [
        EventTypeSpec(userAdded, onStoreStream: name, "A user of the store, with their role (`caselog token create` adds one).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("role", .choice(of: roles), required: true),
            FieldSpec("team", .label),
        ]),
        EventTypeSpec(tokenIssued, onStoreStream: name,
                      "A bearer token issued to a user (`caselog token create`): its id, expiry and SHA-256, never the token.", [
            FieldSpec("tokenId", .identifier, required: true),
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("expiresAt", .label, required: true),
            FieldSpec("sha256", .label, required: true),
        ]),
        EventTypeSpec(tokenRevoked, onStoreStream: name, "A bearer token revoked (`caselog token revoke`): it is refused from then on.", [
            FieldSpec("tokenId", .identifier, required: true),
        ]),
    ]

    /// The access event called `name`, if there is one.
    public static func type(named name: String) -> EventTypeSpec? { types.first { $0.name == name } }
}
