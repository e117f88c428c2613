import Codec
import EventLog
/// The JSON import: an adapter that reads event lines and records each through `Recorder`,
/// all or nothing (`caselog import` and `caselog record --stdin`).
///
/// Every line is read and checked inside one write transaction; if any line is bad, nothing
/// is written and the first few bad lines are reported with their numbers. A crash at any
/// moment leaves the store as it was or with the whole import, and running the same import
/// again adds nothing twice: lines without an `id` get one derived from their content.
///
/// An export (lines with position, recordedAt, actor and hash) imported into an empty store is
/// restored exactly: the original times and actors are kept and every hash is checked, so the
/// new store ends at the same head as the old one.
public struct Importer {
    /// What a line without an `id` is given: the input's nature, which the caller knows.
    public enum LineIDs: Sendable {
        /// An id derived from the line's content (and the identical lines before it): running
        /// the same import again adds nothing (`caselog import`).
        case derivedFromContent
        /// A new random id: each line is a new event, as `caselog record` makes one, so two
        /// writers sending the same line both record (or conflict) (`caselog record --stdin`).
        /// Lines are recorded anew, never restored from an export, and each line's result is kept.
        case random
    }

    /// How far the read has got.
    public struct Progress: Sendable {
        public let lines: Int
        public let bytesRead: Int
        public let totalBytes: Int?
    }

    /// What a successful run did.
    public struct Summary: Sendable, Equatable {
        /// Lines that held an event.
        public var lines = 0
        /// Events written now.
        public var appended = 0
        /// Events that were already in the store with the same content (nothing written).
        public var alreadyPresent = 0
        /// True when an export was restored into an empty store with its original chain.
        public var restored = false
        /// True when lines carried an export's positions and hashes that were not kept, because
        /// the store was not empty.
        public var ignoredProvenance = false
        /// The chain head after the write.
        public var head = LogHead.empty
        /// With `LineIDs.random` (`record --stdin`), each line's case, version and position, in order.
        public var results: [Recorded] = []
    }

    /// Where one line's event went.
    public typealias Recorded = Recorder.Recorded

    /// A bad line.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        /// True when the line is valid but the case was not at its expected version.
        public let isConflict: Bool
        public var description: String { "line \(line): \(message)" }
    }

    /// Why nothing was written.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The first few problems, in line order.
        public let problems: [Problem]
        /// How many lines had problems.
        public let total: Int
        /// True when every problem is a version conflict (retrying may succeed).
        public var isConflictOnly: Bool { problems.allSatisfy(\.isConflict) }

        public var description: String {
            var text = problems.first.map(\.description) ?? "nothing written"
            if total > 1 {
                let others = problems.dropFirst().map { "line \($0.line)" }.joined(separator: ", ")
                text += "; \(total - 1) more bad line\(total == 2 ? "" : "s")" + (others.isEmpty ? "" : " (\(others)\(total - 1 > others.count ? ", …" : ""))")
            }
            return text + "; nothing was written"
        }
    }

    /// How many problems are kept for the report.
    public static let reportedProblems = 5

    let store: EventStore
    let actor: String
    let lineIDs: LineIDs
    let onBehalfOf: String?

    /// An importer writing to `store` as `actor`, giving lines without an id `lineIDs`. Each
    /// event recorded anew carries `onBehalfOf` in its data when it is given and not the actor
    /// (`OnBehalfOf`); an export restored into an empty store keeps its events as they were.
    public init(store: EventStore, actor: String, lineIDs: LineIDs = .derivedFromContent, onBehalfOf: String? = nil) {
        self.store = store
        self.actor = actor
        self.lineIDs = lineIDs
        self.onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor)
    }

    /// Reads every line of `reader` and writes them in one transaction.
    ///
    /// - Throws: `Failure` when any line is bad (nothing written), `StoreError` when the store
    ///   cannot be written, `LineReader.ReadError` when the input cannot be read.
    public func run(_ reader: LineReader, progress: ((Progress) -> Void)? = nil) throws -> Summary {
        if let total = reader.totalBytes, total > 1 << 20 { try store.reserveSpace(forAbout: total) }
        return try store.write(actor: actor) { writer in
            var run = Run(lineIDs: lineIDs, onBehalfOf: onBehalfOf)
            // About one event per 300 bytes of JSON: room for them all in the writer's tables.
            if let total = reader.totalBytes { writer.reserveCapacity(forEvents: min(total / 300, 1_000_000)) }
            // Lines are parsed and checked for form on a second thread while this one writes.
            writer.dataIsCheckedByCaller = true
            try PreparedLines.forEach(in: reader, derivingIDs: lineIDs == .derivedFromContent) { prepared in
                try run.take(prepared, writer: &writer)
                let number = prepared.pointee.number
                if let progress, number % 2048 == 0 {
                    progress(Progress(lines: number, bytesRead: prepared.pointee.offset, totalBytes: reader.totalBytes))
                }
            }
            if let total = reader.totalBytes { progress?(Progress(lines: run.summary.lines, bytesRead: total, totalBytes: total)) }
            if run.problemCount > 0 { throw Failure(problems: run.problems, total: run.problemCount) }
            try run.recorder.finish(in: &writer)
            run.summary.head = writer.head
            return run.summary
        }
    }

    /// The state of one pass over the lines (a fresh one if the write starts over).
    private struct Run {
        let lineIDs: LineIDs
        /// Whom the events recorded anew are recorded for (`Importer.onBehalfOf`).
        let onBehalfOf: String?
        var summary = Summary()
        var problems: [Problem] = []
        var problemCount = 0
        var isRestoring: Bool?
        /// Ids for the lines without one that the reading side left to the writer (corrections).
        var derivedIDs = DerivedEventIDs()
        /// One SHA-256 context for every id this run derives.
        let hasher = SHA256()
        /// What checks and appends each line's event, as `caselog record` does.
        var recorder = Recorder()

        mutating func take(_ prepared: UnsafePointer<PreparedLine>, writer: inout LogWriter) throws {
            let number = prepared.pointee.number
            let parsed: PreparedLine.Parsed
            switch prepared.pointee.outcome {
            case .blank:
                return
            case .unreadable(let error):
                summary.lines += 1
                note(Problem(line: number, message: error.message, isConflict: false))
                return
            case .parsed(let lent):
                summary.lines += 1
                parsed = lent
            }
            var allocated: String?
            // Read in place: the line is a constant of a final class, so `parsed.line` lends it
            // (copying it out cost a copy of some 200 bytes and a retain of each part).
            do {
                if isRestoring == nil {
                    // Only an import restores: `record --stdin` records each line anew.
                    isRestoring = lineIDs == .derivedFromContent && writer.head.position == 0 && parsed.line.provenance?.position == 1
                }
                // The time the event will carry: the export's when restoring, else now.
                var recordedAt = writer.recordedAt
                if isRestoring == true, let provenance = parsed.line.provenance {
                    try EventValidator.checkOccurredAt(provenance.recordedAt, recordedAt: writer.recordedAt, type: parsed.line.type,
                                                       stream: parsed.line.caseReference, field: "recordedAt")
                    recordedAt = provenance.recordedAt
                }
                // A restore brings back what an older caselog took, a time before 1900 included.
                try EventValidator.checkOccurredAt(parsed.line.occurredAt, recordedAt: recordedAt, type: parsed.line.type,
                                                   stream: parsed.line.caseReference, allowingBefore1900: isRestoring == true)
                // After the first bad line, later lines are only checked for form: their
                // versions and references depend on lines that will not be written.
                let resolving = problemCount == 0
                if parsed.line.caseReference == nil {
                    allocated = try allocateReference(for: parsed.line, allocating: resolving, in: writer)
                }
                guard let stream = parsed.line.caseReference ?? allocated else { return }
                guard let checkedForm = parsed.checked else {
                    guard var error = parsed.formError else { preconditionFailure("a prepared line is either checked or refused") }
                    error.caseReference = stream
                    throw error
                }
                // An export's line was checked for form allowing dates before 1900 (for a
                // restore); recorded anew, it meets the floor as every new event does.
                if parsed.line.provenance != nil && isRestoring != true && !checkedForm.spec.correctsAnEvent {
                    do {
                        _ = try EventDataValidator.validate(parsed.line.data, personal: parsed.line.personal, as: checkedForm.spec,
                                                            resolvesCorrections: false)
                    } catch var error as ValidationError {
                        error.type = parsed.line.type
                        error.caseReference = stream
                        throw error
                    }
                }
                guard resolving else {
                    // Only the form is checked now; a correction's was not checked yet.
                    if checkedForm.spec.correctsAnEvent {
                        _ = try EventValidator.validate(type: parsed.line.type, stream: stream, data: parsed.line.data,
                                                        personal: parsed.line.personal, in: writer, resolvingReferences: false)
                    }
                    return
                }
                let (spec, checked) = try EventValidator.resolve(checkedForm.spec, checkedForm.data, line: parsed.line,
                                                                stream: stream, in: writer)
                try append(parsed, spec, checked, prepared: spec.correctsAnEvent ? nil : checkedForm.takeEvent(),
                           derivedID: parsed.derivedID, to: stream, allocated: allocated != nil, writer: &writer)
            } catch let error as EventLineError {
                note(Problem(line: number, message: error.message, isConflict: false))
            } catch var error as ValidationError {
                // A refused opening event has no reference: the one it would have had is not named.
                if allocated != nil && error.caseReference == allocated { error.caseReference = nil }
                note(Problem(line: number, message: error.description, isConflict: false))
            } catch let error as AppendError {
                if case .wrongExpectedVersion = error {
                    note(Problem(line: number, message: "\(error)", isConflict: true))
                } else {
                    note(Problem(line: number, message: "\(error)", isConflict: false))
                }
            }
        }

        /// The reference of an opening event given without one: the next of its type and year
        /// (an example reference when only the form is being checked).
        private mutating func allocateReference(for line: EventLine, allocating: Bool, in writer: borrowing LogWriter) throws -> String {
            let caseType = try EventValidator.openingCaseType(of: line.type)
            guard allocating else { return CaseReference.example(for: caseType) }
            return try recorder.nextReference(for: line.type, occurredAt: line.occurredAt, in: writer)
        }

        private mutating func note(_ problem: Problem) {
            problemCount += 1
            if problems.count < Importer.reportedProblems { problems.append(problem) }
        }

        /// Appends one checked line to `stream`; `allocated` says the reference was allocated for
        /// it (the line gave none). `prepared` is the event the reading side built from the line
        /// and `checked` (`Checked.takeEvent`).
        private mutating func append(_ parsed: PreparedLine.Parsed, _ spec: EventTypeSpec, _ checked: ValidatedData,
                                     prepared: consuming ProposedEvent?, derivedID: EventID?,
                                     to allocatedStream: String, allocated: Bool, writer: inout LogWriter) throws {
            let restoring = isRestoring == true
            if !restoring && parsed.line.provenance != nil { summary.ignoredProvenance = true }
            // A restore keeps the export's salts, which the reading side did not seal with; a
            // correction's data is known only here: both are built here, sealed by the writer.
            var event: ProposedEvent
            if !restoring, let prepared = prepared.take() {
                event = prepared
            } else {
                // A restore writes the data and personal fields as the export gives them: an
                // older caselog's data may hold a field the catalogue has marked personal since
                // (DOMAIN.md §8), and moving it now would change the record and its hash.
                let data = restoring ? parsed.line.data : checked.data
                let personal = restoring ? parsed.line.personal : checked.personal
                if restoring && (data != checked.data || personal != checked.personal) {
                    // Only the checked form passed the log's own check of the encoding.
                    try EventValidator.checkEncoding(ValidatedData(data: data, personal: personal), type: parsed.line.type)
                }
                event = ProposedEvent(
                    id: parsed.line.id ?? .zero, type: parsed.line.type, occurredAt: parsed.line.occurredAt, data: data,
                    personal: personal.map { PersonalData(fields: $0, salt: restoring ? parsed.line.personalSalt : nil) },
                    correlationID: parsed.line.correlationID, causationID: parsed.line.causationID)
            }
            // The id of a line without a reference is derived without the one allocated to it,
            // which another run would allocate differently.
            if parsed.line.id == nil && event.id == .zero {
                event.id = lineIDs == .random ? .random() : derivedID ?? derivedIDs.next(stream: allocated ? "" : allocatedStream, type: event.type,
                                                        occurredAt: event.occurredAt, data: event.data, personal: event.personal?.fields)
            }
            if !restoring, let onBehalfOf {
                // After the id is derived, so that an import re-run with the same option adds nothing twice.
                event.data = try OnBehalfOf.stamp(onBehalfOf, into: event.data)
            }
            if restoring {
                guard let provenance = parsed.line.provenance else {
                    throw EventLineError("this import restores an export, but the line has no position, version, recordedAt, actor and hash")
                }
                event.recordedAt = provenance.recordedAt
                event.actor = provenance.actor
            }
            let expected: ExpectedVersion = parsed.line.expectedVersion.map { .exactly($0) } ?? .any
            let recorded = try recorder.append(event, spec, checked, to: allocatedStream, allocated: allocated, expected: expected,
                                               restoring: restoring, in: &writer)
            if restoring, let provenance = parsed.line.provenance {
                guard recorded.position == provenance.position, recorded.version == provenance.version,
                      writer.head.hash == provenance.hash
                else {
                    throw EventLineError("the line's position, version or hash does not match its content: the export was changed or is incomplete")
                }
                summary.restored = true
            }
            if recorded.wasAlreadyRecorded { summary.alreadyPresent += 1 } else { summary.appended += 1 }
            // Kept for `record --stdin`, which prints them; an import of a million lines keeps none.
            if lineIDs == .random { summary.results.append(recorded) }
        }
    }
}
