/// The store's `access` stream (DOMAIN.md §9, §13): users and their bearer tokens as events in
/// the chain, so that who could use the store, and since when, is never kept outside it.
/// Only caselog writes them (`caselog user`, `caselog token`, and every read of a † field);
/// an import
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
    /// `access.role-granted`: `user`, `role`: the user holds the role too.
    public static let roleGranted = "access.role-granted"
    /// `access.role-revoked`: `user`, `role`: the user no longer holds the role.
    public static let roleRevoked = "access.role-revoked"
    /// `access.team-changed`: `user`, and `team` (none: the user is in no team).
    public static let teamChanged = "access.team-changed"
    /// `access.user-disabled`: `user`: none of their tokens is accepted until enabled again.
    public static let userDisabled = "access.user-disabled"
    /// `access.user-enabled`: `user`.
    public static let userEnabled = "access.user-enabled"
    /// `access.personal-read`: who read which subjects' † fields, through what and why
    /// (DOMAIN.md §9): `user`, `subjects`, `cases`, `purpose`, `breakGlass`, and `reason`† for
    /// a break-glass read; a bulk read gives `subjectCount` and the position range instead of lists.
    public static let personalRead = "access.personal-read"
    /// `access.unusual-detected`: `user`, `rule`, `subjects` (a count), for `access review` and `watch`.
    public static let unusualDetected = "access.unusual-detected"
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
        EventTypeSpec(roleGranted, onStoreStream: name, "A role granted to a user (`caselog user grant`).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("role", .choice(of: roles), required: true),
        ]),
        EventTypeSpec(roleRevoked, onStoreStream: name, "A role taken from a user (`caselog user revoke`).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("role", .choice(of: roles), required: true),
        ]),
        EventTypeSpec(teamChanged, onStoreStream: name, "A user moved to another team, or to none (`caselog user team`).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("team", .label),
        ]),
        EventTypeSpec(userDisabled, onStoreStream: name, "A user disabled (`caselog user disable`): their tokens are refused at once.", [
            FieldSpec("user", .staffMember, required: true),
        ]),
        EventTypeSpec(userEnabled, onStoreStream: name, "A disabled user enabled again (`caselog user enable`).", [
            FieldSpec("user", .staffMember, required: true),
        ]),
        EventTypeSpec(personalRead, onStoreStream: name,
                      "A read that returned † fields: who, which subjects and cases, through what, and whether beyond their role (break-glass).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("subjects", .subjects(minimum: 0)),
            FieldSpec("cases", .caseReferences(minimum: 0)),
            FieldSpec("subjectCount", .integer(minimum: 0)),
            FieldSpec("fromPosition", .integer(minimum: 1)),
            FieldSpec("throughPosition", .integer(minimum: 1)),
            FieldSpec("purpose", .label, required: true),
            FieldSpec("breakGlass", .boolean, required: true),
            FieldSpec("reason", .text, personal: true),
            // and `onBehalfOf`, which every type takes (`EventTypeSpec.commonFields`)
        ]),
        EventTypeSpec(unusualDetected, onStoreStream: name,
                      "A user's reads looked unusual (more subjects in an hour than the setting allows, or outside their team).", [
            FieldSpec("user", .staffMember, required: true),
            FieldSpec("rule", .choice(of: ["subjects-per-hour", "outside-team"]), required: true),
            FieldSpec("subjects", .integer(minimum: 0), required: true),
        ]),
    ]

    /// The access event called `name`, if there is one.
    public static func type(named name: String) -> EventTypeSpec? { types.first { $0.name == name } }
}
