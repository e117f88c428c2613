import Codec
import EventLog
/// The checks every write goes through before anything is written (`caselog record`, `import`,
/// `record --stdin`): the type is in the catalogue, the case reference fits it, the data fits
/// the type (with personal fields routed apart), and the subjects and cases it names exist.
/// The case's own lifecycle is checked as the event is appended (`CaseLifecycle`).
public enum EventValidator {
    /// How far after the moment of recording an event's `occurredAt` may be (clock skew).
    public static let allowedClockSkew: Int64 = 5 * 60 * 1_000_000

    /// The earliest an event may have happened: 1900-01-01T00:00:00Z. Nothing a housing
    /// organisation records happened before then; 0001-01-01 or 1025 is a typing mistake, and
    /// once written it would sort first in every timeline and report for ever.
    public static let earliestOccurredAt = Timestamp(year: 1900, month: 1, day: 1)

    /// Checks an event of `type` for `stream` with `data` (and `personal`, when given apart).
    ///
    /// Reads through `writer` (and so sees the events this write has appended) to find the
    /// event a correction names and the subjects and cases the data names, unless
    /// `resolvingReferences` is false (form only: an import's lines after a bad one).
    ///
    /// - Returns: the type's entry in the catalogue and the data to write.
    /// - Throws: `ValidationError` naming the case, the type and the field or rule; `StoreError`
    ///   or `LMDBError` when the store cannot be read.
    public static func validate(
        type: String, stream: String, data: [UInt8], personal: [UInt8]?, in writer: borrowing LogWriter,
        resolvingReferences: Bool = true
    ) throws -> (spec: EventTypeSpec, data: ValidatedData) {
        do {
            let spec = try typeSpec(named: type, stream: stream)
            var correctedSpec: EventTypeSpec?
            let checked = try EventDataValidator.validate(data, personal: personal, as: spec,
                                                          resolvesCorrections: resolvingReferences) { id in
                guard let position = try writer.position(of: id), let record = try writer.record(at: position),
                      record.stream == stream
                else { return nil }
                correctedSpec = EventCatalogue.type(named: record.type)
                return correctedSpec
            }
            if resolvingReferences, correctedSpec != nil,
               let target = checked.data.withUnsafeBytes({ CBORView($0)["eventId"]?.textBytes.flatMap(EventID.init(text:)) }) {
                // A voided entry counts nowhere: correcting it would change nothing (`CaseVoids`).
                var isVoided = false
                try writer.scanStream(stream) { record in if CaseVoids.target(of: record) == target { isVoided = true } }
                if isVoided {
                    throw ValidationError(.rule("field \"eventId\": event \(target) was voided (entered in error): "
                        + "record the right entry instead of correcting it"))
                }
            }
            if resolvingReferences {
                try checked.data.withUnsafeBytes { bytes in
                    let view = CBORView(bytes)
                    if !spec.referenceFields.isEmpty { try checkReferences(view, of: spec, stream: stream, in: writer) }
                    // A correction may change a reference: what it changes to must exist too.
                    if let correctedSpec, !correctedSpec.referenceFields.isEmpty, let changes = view["changes"] {
                        try checkReferences(changes, of: correctedSpec, stream: stream, in: writer)
                    }
                }
            }
            return (spec, checked)
        } catch var error as ValidationError {
            error.caseReference = stream
            throw error
        }
    }

    /// Checks that the data and personal fields about to be written are deterministic CBOR
    /// maps: the log's own check (`DeterministicCBOR.validate`), made by whoever sets
    /// `LogWriter.dataIsCheckedByCaller`.
    static func checkEncoding(_ checked: ValidatedData, type: String) throws(ValidationError) {
        // Field by field, not through an array of both: that array was an allocation per event.
        try checkEncoding(of: checked.data, field: "data", type: type)
        if let personal = checked.personal { try checkEncoding(of: personal, field: "personal data", type: type) }
    }

    private static func checkEncoding(of bytes: [UInt8], field: String, type: String) throws(ValidationError) {
        do {
            try bytes.withUnsafeBytes { try DeterministicCBOR.validate($0, requireMap: true) }
        } catch {
            throw ValidationError(.rule("the \(field) is not deterministic CBOR (\(error))"), type: type)
        }
    }

    /// The kind of case an event of `type` opens, for an event given without a reference.
    ///
    /// - Throws: `ValidationError` for an unknown type, or one that does not open a case (it
    ///   needs the reference of the case it is about).
    public static func openingCaseType(of type: String) throws -> CaseType {
        try openingSpec(of: type).caseTypes[0]
    }

    /// The catalogue's entry for `type`, an event that opens a case (one given without a reference).
    static func openingSpec(of type: String) throws -> EventTypeSpec {
        guard let spec = EventCatalogue.type(named: type) else {
            throw ValidationError(.unknownType(type, suggestion: NameSuggestion.nearest(to: type, in: EventCatalogue.names)))
        }
        guard spec.opensStream, !spec.caseTypes.isEmpty else {
            throw ValidationError(.rule("give the case it is about (\"case\", or --case): only an opening event gets a new reference"),
                                  type: type)
        }
        return spec
    }

    /// The checks of `validate` that need the store, for data already checked for form
    /// (`PreparedLines`): a correction's target, and the subjects and cases the data names.
    static func resolve(_ spec: EventTypeSpec, _ data: ValidatedData, line: EventLine, stream: String,
                        in writer: borrowing LogWriter) throws -> (spec: EventTypeSpec, data: ValidatedData) {
        // A correction is checked here in full: the fields it may change are its target's.
        if spec.correctsAnEvent {
            let validated = try validate(type: line.type, stream: stream, data: line.data, personal: line.personal, in: writer)
            do {
                try checkEncoding(validated.data, type: line.type)
            } catch var error {
                error.caseReference = stream
                throw error
            }
            return validated
        }
        guard !spec.referenceFields.isEmpty else { return (spec, data) }
        do {
            try data.data.withUnsafeBytes { bytes in
                try checkReferences(CBORView(bytes), of: spec, stream: stream, in: writer)
            }
        } catch var error as ValidationError {
            error.caseReference = stream
            throw error
        }
        return (spec, data)
    }

    /// Checks that `occurredAt` is no later than `recordedAt` plus the allowed clock skew
    /// (DOMAIN.md §1: late entries are normal, entries from the future are not), and not before
    /// `earliestOccurredAt`.
    public static func checkOccurredAt(_ occurredAt: Timestamp, recordedAt: Timestamp, type: String, stream: String?,
                                       field: String = "occurredAt", allowingBefore1900: Bool = false) throws {
        guard allowingBefore1900 || occurredAt.microseconds >= earliestOccurredAt.microseconds else {
            throw ValidationError(.rule("\(field) \(occurredAt) is before 1900, the earliest time an event may have"),
                                  type: type, caseReference: stream)
        }
        guard occurredAt.microseconds <= recordedAt.microseconds &+ allowedClockSkew else {
            throw ValidationError(.rule("\(field) \(occurredAt) is in the future (now is \(recordedAt); 5 minutes of clock skew are allowed)"),
                                  type: type, caseReference: stream)
        }
    }

    /// Checks that every subject and case the data names exists (as of this write), and that a
    /// case is not linked to itself.
    static func checkReferences(_ data: CBORView, of spec: EventTypeSpec, stream: String, in writer: borrowing LogWriter) throws {
        for field in spec.referenceFields {
            guard let value = data[field.name] else { continue }
            var names: [String] = []
            if let single = value.string { names.append(single) } else { value.forEachElement { if let name = $0.string { names.append(name) } } }
            for name in names {
                if name == stream {
                    throw ValidationError(.rule("field \"\(field.name)\": a case cannot name itself"), type: spec.name)
                }
                guard try writer.streamHead(name) != nil else {
                    let what = name.hasPrefix("P-") ? "subject \(name) is not registered" : "case \(name) does not exist"
                    throw ValidationError(.rule("field \"\(field.name)\": \(what)"), type: spec.name)
                }
            }
        }
    }

    /// The catalogue's entry for `type`, checked against the stream it is for.
    ///
    /// - Throws: `ValidationError` for an unknown type (with the nearest name), a reference
    ///   that matches no pattern, or a type that does not belong on that kind of stream.
    public static func typeSpec(named type: String, stream: String) throws -> EventTypeSpec {
        try typeSpec(named: type, stream: stream, known: nil)
    }

    /// `typeSpec(named:stream:)`, with the catalogue's entry for `type` when the caller has it.
    static func typeSpec(named type: String, stream: String, known: EventTypeSpec?) throws -> EventTypeSpec {
        guard let spec = known ?? EventCatalogue.type(named: type) ?? SettingsStream.type(named: type)
                ?? AccessStream.type(named: type) else {
            throw ValidationError(.unknownType(type, suggestion: NameSuggestion.nearest(to: type, in: EventCatalogue.names)),
                                  caseReference: stream)
        }
        if let storeStream = spec.storeStream {
            guard stream == storeStream else {
                throw ValidationError(.rule("this type goes on the store's \(storeStream) stream only"), type: type, caseReference: stream)
            }
            return spec
        }
        if SettingsStream.isStoreStream(stream) || AccessStream.isStoreStream(stream) {
            throw ValidationError(.rule("the \(stream) stream holds the store's own events (`caselog types` lists them) only"),
                                  type: type, caseReference: stream)
        }
        guard let reference = CaseReference(stream) else {
            let expected = spec.caseTypes.map(\.pattern).joined(separator: ", ")
            throw ValidationError(.badReference(stream, expected: expected), type: type)
        }
        guard spec.caseTypes.contains(reference.caseType) else {
            throw ValidationError(.wrongStream(allowed: spec.caseTypes), type: type, caseReference: stream)
        }
        return spec
    }
}
