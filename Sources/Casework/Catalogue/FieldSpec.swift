/// One field of an event type's data.
public struct FieldSpec: Sendable, Equatable {
    /// The field's name in `data` (`categories`, `dueDate`).
    public let name: String
    /// What values it takes.
    public let kind: FieldKind
    /// True when every event of the type must have it.
    public let isRequired: Bool
    /// True for personal data (the † fields of DOMAIN.md): kept in the record's personal section,
    /// so that it can be erased for one subject later and never reaches analysts' outputs.
    public let isPersonal: Bool

    /// A field named `name` of `kind`.
    public init(_ name: String, _ kind: FieldKind, required: Bool = false, personal: Bool = false) {
        self.name = name
        self.kind = kind
        isRequired = required
        isPersonal = personal
    }

    /// The field's name as help shows it, with `†` when it is personal data (`summary†`).
    public var label: String { name + (isPersonal ? "†" : "") }
}
