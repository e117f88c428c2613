import Codec
import EventLog

/// The one way an event gets into the log: inside a write, it checks an event against the
/// catalogue and its case's lifecycle, gives an opening event its reference, and appends it.
///
/// `caselog record`, the JSON import (`Importer`, an adapter that parses lines into what this
/// takes) and a generated history all record through it. Use one recorder per write
/// transaction and call `finish(in:)` before the write returns: the lifecycles of the cases
/// it moved are written to their stream heads once, and the reference counters saved.
///
/// ```swift
/// let recorded = try store.write(actor: "a.khan") { writer in
///     var recorder = Recorder()
///     let result = try recorder.record(event, in: &writer)
///     try recorder.finish(in: &writer)
///     return result
/// }
/// ```
public struct Recorder {
    /// Where an event went.
    public struct Recorded: Sendable, Equatable {
        /// The case or subject it was recorded on (allocated for an opening event without one).
        public let caseReference: String
        /// Its version in that case (1 for an opening event).
        public let version: UInt64
        /// Its position in the log.
        public let position: UInt64
        /// True when the same event (same id and content) was already in the log: nothing was written.
        public let wasAlreadyRecorded: Bool
    }

    /// The next reference of each case type and year, as this write allocates them.
    private var allocator = ReferenceAllocator()
    /// The lifecycle of every case this write has appended to, as it now is: the truth for
    /// this write, written to the stream heads once, by `finish`.
    private var lifecycles: [String: CaseLifecycle] = [:]

    /// The lifecycle of `stream` as this write has moved it, before `finish(in:)` stores it;
    /// nil when the write has not touched the stream (its head's state is then current).
    public func pendingLifecycle(of stream: String) -> CaseLifecycle? { lifecycles[stream] }

    /// A recorder for one write.
    public init() {}

    /// Checks `event` and appends it through `writer`.
    ///
    /// Cost: one CBOR encoding of the fields, the catalogue's checks, a read of each subject
    /// and case the data names, and one append.
    ///
    /// - Throws: `ValidationError` naming the case, type and field or rule (nothing is
    ///   appended), `AppendError.wrongExpectedVersion` when the case has moved on, `StoreError`
    ///   when the store cannot be read or written.
    public mutating func record(_ event: NewEvent, in writer: inout LogWriter) throws -> Recorded {
        let recordedAt = try Self.checkTimes(of: event, in: writer)
        // A migrated event's origin comes only with the lines an import reads (`MigratedSource`).
        if event.encodedFields.withUnsafeBytes({ CBORView($0)[MigratedSource.field] != nil }) {
            throw ValidationError(.rule("field \"\(MigratedSource.field)\" (where a migrated event came from) is kept only by `caselog import`: "
                + "an event recorded now was recorded here"), type: event.type, caseReference: event.caseReference)
        }
        var allocated: String?
        do {
            if event.caseReference == nil {
                allocated = try nextReference(for: event.type, occurredAt: event.occurredAt, in: writer)
            }
            guard let stream = event.caseReference ?? allocated else { preconditionFailure("a reference is given or allocated") }
            let (spec, checked) = try EventValidator.validate(type: event.type, stream: stream, data: event.encodedFields,
                                                              personal: nil, in: writer)
            var proposed = ProposedEvent(
                id: event.id ?? .random(), type: event.type, occurredAt: event.occurredAt, data: checked.data,
                personal: checked.personal.map { PersonalData(fields: $0) },
                correlationID: event.correlationID, causationID: event.causationID)
            // Who recorded it: the request's own actor (the server's user for each request of
            // one group commit), else the write's.
            proposed.actor = event.recordedBy
            if event.recordedAt != nil { proposed.recordedAt = recordedAt }
            return try append(proposed, spec, checked, to: stream, allocated: allocated != nil,
                              expected: event.expectedVersion.map { .exactly($0) } ?? .any, in: &writer)
        } catch var error as ValidationError {
            // A refused opening event has no reference: the one it would have had is not named.
            if allocated != nil && error.caseReference == allocated { error.caseReference = nil }
            throw error
        }
    }

    /// Writes the lifecycle of each case this recorder moved to its stream head, and saves the
    /// reference counters. Call it once, after the last event of the write.
    public mutating func finish(in writer: inout LogWriter) throws {
        for (stream, lifecycle) in lifecycles { writer.setState(lifecycle.encoded(), ofStream: stream) }
        try allocator.save(in: writer)
    }

    /// `event`'s `recordedAt` (the write's own unless the event gives one), after checking that
    /// neither it nor `occurredAt` is in the future or before 1900.
    private static func checkTimes(of event: NewEvent, in writer: borrowing LogWriter) throws -> Timestamp {
        var recordedAt = writer.recordedAt
        if let given = event.recordedAt {
            try EventValidator.checkOccurredAt(given, recordedAt: writer.recordedAt, type: event.type,
                                               stream: event.caseReference, field: "recordedAt")
            recordedAt = given
        }
        try EventValidator.checkOccurredAt(event.occurredAt, recordedAt: recordedAt, type: event.type, stream: event.caseReference)
        return recordedAt
    }
}

extension Recorder {
    /// The next reference of the kind of case an event of `type` opens, for an opening event
    /// given without one.
    ///
    /// - Throws: `ValidationError` when `type` is unknown or does not open a case.
    package mutating func nextReference(for type: String, occurredAt: Timestamp, in writer: borrowing LogWriter) throws -> String {
        try allocator.next(EventValidator.openingCaseType(of: type), occurredAt: occurredAt, in: writer)
    }

    /// Appends `event`, already checked as `spec` with `checked`, to `stream` (allocated for it
    /// when `allocated`): the one place an event is appended, for `record` and the import's lines.
    ///
    /// An opening event already in the log (a re-run import, a retried `record --id`) is
    /// confirmed on the case it opened, and the reference allocated for it goes back. The
    /// store's own events (`settings`, `access`) are refused unless `restoring` (an export restored into
    /// an empty store), since caselog writes them itself so that each carries what it replaced.
    package mutating func append(_ event: consuming ProposedEvent, _ spec: EventTypeSpec, _ checked: ValidatedData,
                                 to allocatedStream: String, allocated: Bool, expected: ExpectedVersion, restoring: Bool = false,
                                 in writer: inout LogWriter) throws -> Recorded {
        var stream = allocatedStream
        if allocated, let position = try writer.position(of: event.id), let existing = try writer.record(at: position) {
            allocator.giveBack(stream)
            stream = existing.stream
        }
        let result: AppendResult
        try checked.data.withUnsafeBytes { bytes in
            do {
                try MigratedSource.check(CBORView(bytes), occurredAt: event.occurredAt, recordedAt: event.recordedAt ?? writer.recordedAt)
            } catch let error as ValidationError {
                throw ValidationError(error.problem, type: spec.name, caseReference: stream)
            }
        }
        if let command = spec.writtenBy, !restoring {
            throw ValidationError(.rule("\(spec.name) is recorded by `\(command)` only, as it does what the event says"),
                                  type: spec.name, caseReference: stream)
        }
        if spec.storeStream != nil {
            guard restoring else {
                throw ValidationError(.rule("\(spec.name) is written by caselog itself (`caselog config set`, `caselog calendar import`, `caselog token create`): "
                    + "it is imported only when an export is restored into an empty store"), type: spec.name, caseReference: stream)
            }
            try checked.data.withUnsafeBytes { try OrganisationSettings.checkRestored(spec.name, data: CBORView($0)) }
            result = try writer.append(event, to: stream, expecting: expected)
        } else {
            result = try appendToCase(event, spec, checked, stream: stream, expected: expected, writer: &writer)
        }
        return Recorded(caseReference: stream, version: result.firstVersion, position: result.firstPosition,
                        wasAlreadyRecorded: result.wasAlreadyAppended)
    }

    /// Appends `event` to the case or subject `stream`, moving its lifecycle (which refuses
    /// an event out of turn).
    private mutating func appendToCase(_ event: consuming ProposedEvent, _ spec: EventTypeSpec, _ checked: ValidatedData,
                                       stream: String, expected: ExpectedVersion, writer: inout LogWriter) throws -> AppendResult {
        // The lifecycle is checked as the event is appended, so that an event already in
        // the log (a re-run import) is confirmed instead of refused as out of turn.
        guard let caseType = CaseReference(stream)?.caseType else { throw EventLineError("\"\(stream)\" is not a reference") }
        // The table changes only once the append has gone through: a refused event, or
        // one already in the log (no transition then), leaves the case's lifecycle as it
        // was. A known case's lifecycle is moved in place: `apply` leaves it as it was when
        // it refuses, and nothing after the transition refuses the append.
        let lifecycleIndex = lifecycles.index(forKey: stream)
        var opened: CaseLifecycle?
        // The transition reads the event's time and data from here: the writer lending it
        // the event would copy it.
        let occurredAt = event.occurredAt
        // A void moves no state of its own: it checks its target and folds the case again
        // without it, refusing when a later entry depends on it (`CaseVoids`). An event already
        // in the log is confirmed as it stands.
        var refolded: CaseLifecycle?
        if spec.name == CaseVoids.type, try writer.position(of: event.id) == nil {
            guard let target = checked.data.withUnsafeBytes({ CBORView($0)["eventId"]?.textBytes.flatMap(EventID.init(text:)) }) else { throw ValidationError(.missingField("eventId"), type: spec.name, caseReference: stream) }
            do {
                var entries: [CaseVoids.Entry] = []
                try writer.scanStream(stream) { entries.append(CaseVoids.Entry($0)) }
                refolded = try CaseVoids.lifecycle(afterVoiding: target, of: caseType, entries: entries)
            } catch let error as ValidationError {
                throw ValidationError(error.problem, type: spec.name, caseReference: stream)
            }
        }
        let result = try writer.append(event, to: stream, expecting: expected, headTransition: { head in
            do {
                try checked.data.withUnsafeBytes { bytes in
                    if let lifecycleIndex {
                        try lifecycles.values[lifecycleIndex].apply(spec, on: caseType, version: head.version,
                                                                    occurredAt: occurredAt, data: CBORView(bytes))
                    } else {
                        var lifecycle = try CaseLifecycle(head: head)
                        try lifecycle.apply(spec, on: caseType, version: head.version, occurredAt: occurredAt, data: CBORView(bytes))
                        opened = lifecycle
                    }
                }
            } catch let error as ValidationError {
                throw ValidationError(error.problem, type: spec.name, caseReference: stream)
            }
        })
        if let opened { lifecycles[stream] = opened }
        if let refolded, !result.wasAlreadyAppended { lifecycles[stream] = refolded }
        return result
    }
}
