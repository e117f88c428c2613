import ArgumentParser
import Casework
import CaseStore
import EventLog

/// `caselog record TYPE [--case REF] FIELD=VALUE …` and `caselog record --stdin`.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record one event from arguments, or event lines from standard input.",
        discussion: """
            caselog record TYPE [--case REF] [--occurred-at WHEN] [--expect-version N] [FIELD=VALUE …]
            records one event. Lists are comma-separated (categories=repairs,damp-mould), \
            Booleans true or false, nested objects JSON (goals='[{"goalId":"G1",…}]'). \
            `caselog types TYPE` shows a type's fields and an example. An opening event \
            (complaint.received, …) without --case gets the next reference of its type and year.

            caselog record --stdin records event lines (as for `caselog import`) as one batch.

            Either way every event is checked first (fields, references, the case's lifecycle) \
            and nothing is written if one is refused (exit 65); prints each event's case, \
            version and position. With --expect-version (or "expectedVersion" in a line) the \
            event is refused with exit 75 if somebody else wrote to the case first.

            Examples:
              caselog record complaint.received complainant=P-000001 channel=email \\
                  categories=damp-mould summary="Black mould in the back bedroom"
              caselog record complaint.acknowledged --case CMP-2025-000001 stage=1
              caselog record case.assigned --case TS-2025-000004 --occurred-at 2025-07-01T09:30 worker=a.khan
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The event type (`caselog types` lists them).", valueName: "TYPE"),
              completion: .list(EventCatalogue.names))
    var type: String?

    @Argument(help: ArgumentHelp("The event's data, one FIELD=VALUE per field.", valueName: "FIELD=VALUE"))
    var fields: [String] = []

    @Option(name: .customLong("case"), help: ArgumentHelp("The case or subject reference (TS-2025-000001, P-000001, …).",
            discussion: "Leave it out for an opening event to get the next reference.", valueName: "REF"))
    var caseReference: String?

    @Option(name: .customLong("occurred-at"), help: ArgumentHelp(
        "When it happened: now (the default), 2025-07-01T14:30 (London time), 2025-07-01, or RFC 3339 with a zone.",
        valueName: "WHEN"))
    var occurredAt: String?

    @Option(name: .customLong("expect-version"), help: ArgumentHelp(
        "Refuse (exit 75) unless the case is at this version, the one you last saw.", valueName: "N"))
    var expectVersion: UInt64?

    @Option(name: .customLong("id"), help: ArgumentHelp(
        "The event's id (a UUID): recording the same id again is a no-op, so a retry is safe (give --occurred-at too).",
        valueName: "UUID"))
    var eventID: String?

    @Flag(name: .long, help: "Read event lines from standard input instead.")
    var stdin = false

    func validate() throws {
        if stdin {
            guard type == nil, fields.isEmpty, caseReference == nil, occurredAt == nil, expectVersion == nil, eventID == nil else {
                throw ValidationError("--stdin takes its events from standard input: give no TYPE, fields or event options")
            }
            return
        }
        guard type != nil else { throw ValidationError("give the event TYPE (`caselog types` lists them), or --stdin") }
        for field in fields {
            guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                throw ValidationError("\"\(field)\" is not FIELD=VALUE")
            }
        }
        if let eventID, EventID(eventID) == nil {
            throw ValidationError("--id \"\(eventID)\" is not a UUID")
        }
        if eventID != nil && (occurredAt == nil || occurredAt == "now") {
            // A retry must say the same thing: "now" would differ, and the retry be refused.
            throw ValidationError("--id needs --occurred-at with a fixed time, so that a retry records the same event")
        }
        if let occurredAt, EuropeLondon.instant(occurredAt) == nil {
            throw ValidationError("--occurred-at \"\(occurredAt)\" is not a time: give now, 2025-07-01T14:30 (London time), "
                + "2025-07-01, or 2025-07-01T13:30:00Z")
        }
    }

    func run() throws {
        try reportingFailures {
            if let server = try global.server() {
                let recorded = stdin ? try server.record(LineReader(path: "-"))
                    : try server.record(request().newEvent())
                return Self.print(recorded.map { ($0.caseReference, $0.version, $0.position, $0.wasAlreadyRecorded) })
            }
            let results: [Recorder.Recorded]
            let store: CaseStore
            if stdin {
                let reader = try LineReader(path: "-")
                store = try global.openCaseStore()
                results = try store.importLines(reader, actor: global.login, lineIDs: .random).results
            } else {
                // Typed values, straight to the recorder: no JSON between the arguments and the log.
                let event = try request().newEvent()
                store = try global.openCaseStore()
                do {
                    results = [try store.record(event, actor: global.login)]
                } catch let error as Casework.ValidationError {
                    // One event from arguments: no line number to name, and nothing written.
                    throw CaselogError(.invalid, error.description + "; nothing was written", cause: error)
                } catch let error as AppendError {
                    throw CaselogError(CaselogError(error).kind, "\(error); nothing was written", cause: error)
                } catch let error as EventLineError {
                    throw CaselogError(.invalid, error.message + "; nothing was written", cause: error)
                }
            }
            Self.print(results.map { ($0.caseReference, $0.version, $0.position, $0.wasAlreadyRecorded) })
            Self.warnOfDuplicates(results, in: store)
        }
    }

    /// Warns on standard error of each subject just registered whose name and date of birth
    /// another subject has too (DOMAIN.md §13: a warning, never a refusal); nothing when the
    /// store has no key store, or the check fails (what was recorded stays recorded).
    static func warnOfDuplicates(_ results: [Recorder.Recorded], in store: CaseStore) {
        let registered = results.filter { $0.version == 1 && !$0.wasAlreadyRecorded && CaseReference($0.caseReference)?.caseType == .subject }
        guard store.keyStore != nil, let found = try? store.likelyDuplicates(of: registered.map(\.caseReference)) else { return }
        for result in registered {
            guard let others = found[result.caseReference] else { continue }
            Terminal.writeError("warning: \(CaseStore.likelyDuplicateWarning(result.caseReference, others))\n")
        }
    }

    /// `CMP-2025-000001 version 2 position 7`, one line per event recorded.
    static func print(_ results: [(caseReference: String, version: UInt64, position: UInt64, wasAlreadyRecorded: Bool)]) {
        for result in results {
            Terminal.print("\(result.caseReference) version \(result.version) position \(result.position)"
                + (result.wasAlreadyRecorded ? " (already recorded)" : ""))
        }
    }

    /// The event the arguments describe.
    private func request() throws -> RecordRequest {
        guard let type else { throw CommandFailure(code: ExitStatus.usage, message: "give the event TYPE") }
        var when = Timestamp.now()
        if let occurredAt {
            guard let parsed = EuropeLondon.instant(occurredAt, now: when) else {
                throw CommandFailure(code: ExitStatus.invalid, message:
                    "--occurred-at \"\(occurredAt)\" is not a time: give now, 2025-07-01T14:30 (London time), 2025-07-01, or 2025-07-01T13:30:00Z")
            }
            when = parsed
        }
        let pairs = fields.map { field in
            let equals = field.firstIndex(of: "=")!
            return (name: String(field[..<equals]), value: String(field[field.index(after: equals)...]))
        }
        return RecordRequest(type: type, caseReference: caseReference, occurredAt: when, expectedVersion: expectVersion,
                             id: eventID.flatMap(EventID.init), fields: pairs)
    }
}
