import Codec
import EventLog

/// `onBehalfOf`, the field every event type takes (`EventTypeSpec.commonFields`): the person a
/// command on the store's machine was run for (`caselog --on-behalf-of NAME`), recorded in the
/// event's data beside the record's actor, the OS login (DOMAIN.md §13). The actor is never
/// replaced: the record's format does not change, and a reader who wants to know who a case was
/// opened for reads `recordedFor`.
public enum OnBehalfOf {
    /// The field's name in an event's data.
    public static let field = "onBehalfOf"

    /// Whom an event written by `actor` is recorded for: `name`, or nil when `name` is nil or
    /// the actor itself (nothing is recorded beside an actor acting for themselves).
    public static func name(_ name: String?, besideActor actor: String) -> String? {
        name == actor ? nil : name
    }

    /// Adds `onBehalfOf: name` to `fields` (the data of a `NewEvent`).
    ///
    /// - Throws: `ValidationError` (invalid) when `fields` already name someone else.
    public static func stamp(_ name: String, into fields: inout [String: CBORValue]) throws(ValidationError) {
        if let given = fields[field], given != .text(name) { throw conflict(name) }
        fields[field] = .text(name)
    }

    /// `data` (a deterministic CBOR map) with `onBehalfOf: name` among its keys, in their
    /// deterministic order; `data` as it is when it names `name` already. Costs a copy of each entry.
    ///
    /// - Throws: `ValidationError` (invalid) when `data` already names someone else, or is not a map.
    public static func stamp(_ name: String, into data: [UInt8]) throws(ValidationError) -> [UInt8] {
        let given = data.withUnsafeBytes { bytes in CBORView(bytes)[field].map { $0.string ?? "" } }
        if let given {
            guard given == name else { throw conflict(name) }
            return data
        }
        return try PersonalFieldMerge.merge(data, CBORValue.map([field: .text(name)]).encoded())
    }

    private static func conflict(_ name: String) -> ValidationError {
        ValidationError(.rule("the event is recorded on behalf of \(name), but its data gives another \(field)"))
    }
}

extension RecordView {
    /// Whom the record was written for: its data's `onBehalfOf` when it has one, else its
    /// actor (`OnBehalfOf`). The person a case's opening belongs to (the team of an unassigned case).
    public var recordedFor: String { data[OnBehalfOf.field]?.string ?? actor }
}
