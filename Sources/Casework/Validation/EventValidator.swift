/// The checks every write goes through before anything is written (`caselog record`, `import`,
/// `record --stdin`): the type is in the catalogue, the case reference fits it, and the data
/// fits the type, with personal fields routed apart.
public enum EventValidator {
    /// Checks an event of `type` for `stream` with `data` (and `personal`, when given apart).
    ///
    /// Reads through `writer` (and so sees the events this write has appended) to find the
    /// event a correction names, unless `resolvingCorrections` is false (form only).
    ///
    /// - Returns: the type's entry in the catalogue and the data to write.
    /// - Throws: `ValidationError` naming the case, the type and the field or rule; `StoreError`
    ///   or `LMDBError` when the store cannot be read.
    public static func validate(
        type: String, stream: String, data: [UInt8], personal: [UInt8]?, in writer: borrowing LogWriter,
        resolvingCorrections: Bool = true
    ) throws -> (spec: EventTypeSpec, data: ValidatedData) {
        do {
            let spec = try typeSpec(named: type, stream: stream)
            let checked = try EventDataValidator.validate(data, personal: personal, as: spec,
                                                          resolvesCorrections: resolvingCorrections) { id in
                guard let position = try writer.position(of: id), let record = try writer.record(at: position),
                      record.stream == stream
                else { return nil }
                return EventCatalogue.type(named: record.type)
            }
            return (spec, checked)
        } catch var error as ValidationError {
            error.caseReference = stream
            throw error
        }
    }

    /// The catalogue's entry for `type`, checked against the stream it is for.
    ///
    /// - Throws: `ValidationError` for an unknown type (with the nearest name), a reference
    ///   that matches no pattern, or a type that does not belong on that kind of stream.
    public static func typeSpec(named type: String, stream: String) throws -> EventTypeSpec {
        guard let spec = EventCatalogue.type(named: type) else {
            throw ValidationError(.unknownType(type, suggestion: NameSuggestion.nearest(to: type, in: EventCatalogue.names)),
                                  caseReference: stream)
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
