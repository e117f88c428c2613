import Codec
import EventLog

extension NewEvent {
    /// The event an event line describes, as typed values: its data and personal fields in
    /// one map, and the line's `recordedAt` and `actor` as the time and person that recorded
    /// it elsewhere (a generated history; `Recorder` keeps them). Package only: a line's
    /// `actor` is a claim, which only caselog's own generated history may make.
    ///
    /// - Throws: `ValidationError` for a field given both in the data and apart as personal;
    ///   `CBORError` when the line's data is not the log's CBOR (a parsed line's is).
    package init(_ line: EventLine) throws {
        var fields: [String: CBORValue] = [:]
        for part in [line.data, line.personal ?? []] where !part.isEmpty {
            guard case .map(let entries) = try CBORValue(decoding: part) else { continue }
            for (name, value) in entries {
                guard fields.updateValue(value, forKey: name) == nil else {
                    throw ValidationError(.rule("field \"\(name)\" is given both in the data and as personal data"),
                                          type: line.type, caseReference: line.caseReference)
                }
            }
        }
        self.init(type: line.type, caseReference: line.caseReference, occurredAt: line.occurredAt, fields: fields,
                  expectedVersion: line.expectedVersion, id: line.id)
        correlationID = line.correlationID
        causationID = line.causationID
        recordedAt = line.recordedAt
        recordedBy = line.actor
    }
}
