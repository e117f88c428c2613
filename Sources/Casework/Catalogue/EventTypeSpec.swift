/// One event type of the catalogue: its name, the streams it belongs on, and its fields.
///
/// A class: the catalogue's entries are made once and only lent, and every check of every
/// line passes one along, which for a struct of three arrays and two strings costs five
/// retains and releases a time (retains and releases were a sixth of the import's writing
/// thread under `perf record` on 2026-12-02, copies of this among the largest).
public final class EventTypeSpec: Sendable, Equatable {
    /// The type's name, `area.what-happened` (`complaint.received`).
    public let name: String
    /// The kinds of stream it may be recorded on (none for an event of the store's own streams).
    public let caseTypes: [CaseType]
    /// The store's own stream it goes on (`settings`), for the events caselog writes itself
    /// (`SettingsStream`); nil for the events of cases and subjects.
    public let storeStream: String?
    /// True for the event that opens a stream (`complaint.received`): recorded on a new stream only.
    public let opensStream: Bool
    /// The fields of its data, in the order help lists them: its own, then `commonFields`.
    public let fields: [FieldSpec]
    /// How many of `fields` are the type's own (the first ones); the rest are `commonFields`.
    public let ownFieldCount: Int
    /// True when at least one field must be given even though none is required on its own
    /// (`subject.details-changed`).
    public let needsSomeField: Bool
    /// One line on what it records and when it may be recorded.
    public let summary: String
    /// True when some field, or a field of its records, is personal data; also for a
    /// correction, whose `changes` may correct personal fields.
    public let hasPersonalFields: Bool
    /// True for a correction: its `changes` are fields of the event its `eventId` names.
    public let correctsAnEvent: Bool
    /// Bit n set when a field whose name is n bytes long (n < 64) is personal or holds personal
    /// fields inside it (a plan's goals, a correction's changes); bit 63 also for longer names.
    /// A data map's key of a length whose bit is clear needs no look-up to be passed over
    /// (`PersonalFieldFilter`, which reads every record's keys).
    let personalNameLengths: UInt64
    /// The fields that name other streams (subjects and cases), which must exist.
    public let referenceFields: [FieldSpec]
    /// Which of the lifecycle's rules moves a case past an event of this type.
    public let lifecycleStep: CaseLifecycle.Step
    /// The command that records events of this type on a case or subject, as part of what it
    /// does (`caselog erase` records `subject.erased` as it destroys keys); nil when callers
    /// record them. Such an event is refused from every caller but its command.
    public let writtenBy: String?

    convenience init(_ name: String, on caseTypes: [CaseType], opens: Bool = false, needsSomeField: Bool = false,
                     writtenBy: String? = nil, _ summary: String, _ fields: [FieldSpec]) {
        self.init(name, on: caseTypes, storeStream: nil, opens: opens, needsSomeField: needsSomeField, writtenBy: writtenBy, summary, fields)
    }

    /// An event of the store's own stream `storeStream`.
    convenience init(_ name: String, onStoreStream storeStream: String, _ summary: String, _ fields: [FieldSpec]) {
        self.init(name, on: [], storeStream: storeStream, opens: false, needsSomeField: false, writtenBy: nil, summary, fields)
    }

    private init(_ name: String, on caseTypes: [CaseType], storeStream: String?, opens: Bool, needsSomeField: Bool,
                 writtenBy: String?, _ summary: String, _ fields: [FieldSpec]) {
        self.name = name
        self.writtenBy = writtenBy
        self.caseTypes = caseTypes
        self.storeStream = storeStream
        opensStream = opens
        precondition(!fields.contains { field in Self.commonFields.contains { $0.name == field.name } },
                     "\(name) declares a field every type takes already")
        self.fields = fields + Self.commonFields
        ownFieldCount = fields.count
        self.needsSomeField = needsSomeField
        self.summary = summary
        lifecycleStep = CaseLifecycle.Step(rawValue: name) ?? .other
        correctsAnEvent = fields.contains { $0.kind == .changes }
        referenceFields = fields.filter { field in
            switch field.kind {
            case .subject, .subjects, .caseReference, .caseReferences: true
            default: false
            }
        }
        func holdsPersonal(_ field: FieldSpec) -> Bool {
            switch field.kind {
            case _ where field.isPersonal, .changes: true
            case .records(let inner, _): inner.contains(where: \.isPersonal)
            default: false
            }
        }
        hasPersonalFields = fields.contains(where: holdsPersonal)
        personalNameLengths = fields.filter(holdsPersonal).reduce(0) { $0 | 1 << UInt64(min($1.name.utf8.count, 63)) }
    }

    /// The fields every type takes beside its own (DOMAIN.md §13): `onBehalfOf`, the person a
    /// command on the store's machine was run for (`--on-behalf-of`), recorded beside the
    /// record's actor (the OS login), never instead of it. The server refuses it (its actor is
    /// the token's user), and a correction cannot change it.
    ///
    /// And `migratedFrom` (DOMAIN.md §10, migrated history: an import line's `source`): the system an imported event came from
    /// and when and by whom it was recorded there (`MigratedSource`). Only `caselog import`
    /// keeps it; the store still stamps its own `recordedAt`, and late-entry flags use the source's.
    public static let commonFields: [FieldSpec] = [
        FieldSpec(OnBehalfOf.field, .staffMember),
        FieldSpec(MigratedSource.field, .object(fields: [
            FieldSpec("system", .label, required: true),
            FieldSpec("recordedAt", .timestamp, required: true),
            FieldSpec("recordedBy", .staffMember),
        ])),
    ]

    /// The type's own fields, without `commonFields`.
    public var ownFields: ArraySlice<FieldSpec> { fields.prefix(ownFieldCount) }

    /// The same type: the catalogue's own entry, or one with the same name, streams and fields.
    public static func == (lhs: EventTypeSpec, rhs: EventTypeSpec) -> Bool {
        lhs === rhs || (lhs.name == rhs.name && lhs.caseTypes == rhs.caseTypes && lhs.storeStream == rhs.storeStream
            && lhs.opensStream == rhs.opensStream
            && lhs.fields == rhs.fields && lhs.needsSomeField == rhs.needsSomeField && lhs.summary == rhs.summary)
    }

    /// The field called `name`, if the type has one.
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }

    /// Example data (a JSON object) with every required field, that passes the type's checks.
    public var exampleData: String {
        var shown = fields.filter(\.isRequired)
        if shown.isEmpty && needsSomeField { shown = [fields[0]] }
        return "{" + shown.map { "\"\($0.name)\":\($0.kind.exampleJSON)" }.joined(separator: ",") + "}"
    }
}

extension CaseReference {
    /// An example reference of `caseType`, for help texts.
    public static func example(for caseType: CaseType) -> String {
        CaseReference(caseType, year: caseType.hasYear ? 2025 : nil, serial: 1).description
    }
}
