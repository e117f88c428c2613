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
    /// True for free text written to be published (`weDid` of `complaint.learning-identified`):
    /// the one exception to DOMAIN.md §8's rule that free text is personal. Its help says to
    /// name no one.
    public let isPublished: Bool
    /// The name's UTF-8 bytes in a form compared in three integer comparisons (validation
    /// looks every key of every event up among its type's fields).
    let nameKey: NameKey

    /// A field named `name` of `kind`.
    ///
    /// - Precondition: a field is not both personal and published.
    public init(_ name: String, _ kind: FieldKind, required: Bool = false, personal: Bool = false, published: Bool = false) {
        precondition(!(personal && published), "\(name): published text is not personal data")
        self.name = name
        self.kind = kind
        isRequired = required
        isPersonal = personal
        isPublished = published
        nameKey = Array(name.utf8).withUnsafeBytes { NameKey($0) }
    }

    /// The field's name as help shows it, with `†` when it is personal data (`summary†`).
    public var label: String { name + (isPersonal ? "†" : "") }

    /// What the field takes, as help shows it: its kind's summary, and for published text
    /// that it is published and names no one.
    public var summary: String { kind.summary + (isPublished ? ", published: no names or details of a person" : "") }
}
