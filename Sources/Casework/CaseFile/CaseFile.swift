#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codec
import EventLog
/// One case's records folded into what a caseworker asks first: its state, stage, worker,
/// subject, risk, when it opened, closed and last moved, and every deadline
/// (`deadlines(calendar:triageTarget:)`).
///
/// Start from the reference and apply the case's records in stream order:
///
/// ```swift
/// var file = CaseFile(reference: "CMP-2025-000001")!
/// try store.read { reader in try reader.scanStream(file.reference) { file.apply($0) } }
/// let overdue = file.deadlines().filter { $0.status(asOf: EuropeLondon.today()) == .overdue }
/// ```
///
/// What it chooses where DOMAIN.md is silent:
///
/// - **Latest** (`assignedTo`, `riskLevel`) means the latest `occurredAt`, the later recorded
///   on a tie, so that a late entry about last month does not hide this week's assignment.
///   `lastActivity` is the latest `occurredAt` of any event, notes and corrections included.
/// - **State** follows the stream's order: a closing event closes (`complaint.withdrawn`
///   too, with `outcome` "withdrawn"), `case.reopened` opens again and clears `closedAt` and
///   `outcome`. `outcome` is the closing event's `outcome` field, so it stays nil for
///   `complaint.closed` and `review.closed`, which have none. A closed complaint that is
///   escalated is open again (at stage 2), as `CaseLifecycle` allows.
/// - **Corrections** (`case.entry-corrected`): the case file keeps, per event it reads, the few
///   fields it uses (keyed by event id), writes a correction's `changes` over the corrected
///   event's fields and works every derived value out again from them. A corrected `worker`,
///   `riskLevel`, `dueDate`, `immediateRisk`, `workingDays`, `stage`, subject or item id so
///   counts as if the original event had carried it, wherever it stands in the stream. A
///   correction of an event the case file does not read (a note), of another correction, or of
///   an event not (yet) applied changes nothing; corrections of one event apply in order.
/// - **Records** of another stream, and records at or below the current `version` (already
///   applied: a catch-up feed may overlap), are ignored.
///
/// Costs: `apply` is O(1) amortised (a look-up of the type among some 30 names, a few map
/// look-ups in the data, one entry appended for the ~30 types it reads), except a correction,
/// which works the summary out again from all n entries, O(n). Memory grows with the events
/// the case file reads: it is for one case, not for a replay of the whole log.
public struct CaseFile: Sendable {
    /// The stream's reference, e.g. `CMP-2025-000001` or `P-000001`.
    public let reference: String
    /// The kind of stream, from the reference's prefix.
    public let caseType: CaseType
    /// The version of the last record applied; 0 before any.
    public private(set) var version: UInt64 = 0
    /// Open or closed; `open` for a subject stream and before any record.
    public private(set) var state: CaseState = .open
    /// A complaint's stage: 1 from `complaint.received`, 2 once escalated; nil for other types.
    public private(set) var stage: Int?
    /// The `worker` of the latest `case.assigned`; nil until one.
    public private(set) var assignedTo: String?
    /// The subject reference that the opening event names: the household of a tenancy case,
    /// the subject of a safeguarding concern, the complainant of a complaint. Nil for a review
    /// (it names incidents) and a subject stream (it is the subject).
    public private(set) var subject: String?
    /// The latest `riskLevel` of `tenancy.needs-assessed` or `safeguarding.triaged`; nil until one.
    public private(set) var riskLevel: String?
    /// The opening event's `occurredAt`; nil before it is applied.
    public private(set) var openedAt: Timestamp?
    /// The `occurredAt` of the event that closed the case; nil while open.
    public private(set) var closedAt: Timestamp?
    /// The latest `occurredAt` of any event of the case; nil before any.
    public private(set) var lastActivity: Timestamp?
    /// How the case ended: the closing event's `outcome` (`tenancy.case-closed`,
    /// `safeguarding.closed`), or "withdrawn" for `complaint.withdrawn`; nil while open and for
    /// closing events without an outcome.
    public private(set) var outcome: String?
    /// True while a complaint stands withdrawn (withdrawn, and not reopened since).
    public private(set) var isWithdrawn = false

    /// What the case file keeps of each event it reads, in stream order (corrections are not
    /// kept: they are written into the entries they correct).
    private(set) var entries: [CaseFileEntry] = []
    /// How many events the case file keeps (its memory grows with them).
    public var entryCount: Int { entries.count }
    /// `occurredAt` of the event `assignedTo` and `riskLevel` come from, to find the latest.
    private var assignedAt: Timestamp?
    private var riskAssessedAt: Timestamp?

    /// An empty case file for the stream `reference`; nil when `reference` is not a case or
    /// subject reference (`CaseReference`).
    public init?(reference: String) {
        guard let parsed = CaseReference(reference) else { return nil }
        self.init(reference: reference, caseType: parsed.caseType)
    }

    private init(reference: String, caseType: CaseType) {
        self.reference = reference
        self.caseType = caseType
    }

    /// Folds `record` into the case file. Ignores a record of another stream, and one at or
    /// below `version` (already applied). Reads only the record's header and data, never its
    /// personal section. Never fails: missing or mistyped fields count as absent.
    public mutating func apply(_ record: RecordView) {
        guard record.version > version, Self.isSame(reference, record.streamBytes) else { return }
        fold(CaseFileEventType(utf8: record.typeBytes), version: record.version, occurredAt: record.occurredAt,
             eventID: record.eventID, data: record.data)
    }

    /// True when `text`'s UTF-8 is exactly `bytes`; compares with `memcmp`.
    private static func isSame(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count && (utf8.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
        }
    }

    /// Folds the event of `type` at `version` of this case, with `data` (its CBOR data map), as
    /// `apply(_:)` does with a record: for callers that hold the event in another form. Ignores
    /// an event at or below `version`; the caller makes sure it belongs to this case.
    public mutating func apply(type: String, version: UInt64, occurredAt: Timestamp, eventID: EventID, data: CBORView) {
        guard version > self.version else { return }
        fold(CaseFileEventType(rawValue: type), version: version, occurredAt: occurredAt, eventID: eventID, data: data)
    }

    private mutating func fold(_ type: CaseFileEventType?, version: UInt64, occurredAt: Timestamp, eventID: EventID,
                               data: CBORView) {
        self.version = version
        lastActivity = max(lastActivity ?? occurredAt, occurredAt)
        guard let type else { return }
        if type == .entryCorrected {
            correct(with: data)
            return
        }
        let entry = CaseFileEntry(type: type, eventID: eventID, occurredAt: occurredAt, data: data)
        entries.append(entry)
        summarize(entry)
    }

    /// Takes `entries` as read so far and works the summary out from them (`init(reference:encoded:)`).
    mutating func restore(entries: [CaseFileEntry], version: UInt64, lastActivity: Timestamp?) {
        var fresh = CaseFile(reference: reference, caseType: caseType)
        for entry in entries { fresh.summarize(entry) }
        fresh.entries = entries
        fresh.version = version
        fresh.lastActivity = lastActivity
        self = fresh
    }

    /// Writes the `changes` of a `case.entry-corrected` over the entry of the event it names,
    /// then works the summary out again.
    private mutating func correct(with data: CBORView) {
        guard let idText = data["eventId"]?.textBytes, let corrected = EventID(text: idText),
              let changes = data["changes"], changes.kind == .map,
              let index = entries.lastIndex(where: { $0.eventID == corrected })
        else { return }
        entries[index].read(changes)
        restore(entries: entries, version: version, lastActivity: lastActivity)
    }

    /// Updates the summary with one entry, taken after those before it in the stream.
    private mutating func summarize(_ entry: CaseFileEntry) {
        switch entry.type {
        case .tenancyReferralReceived, .concernRaised, .complaintReceived, .reviewOpened, .subjectRegistered:
            guard openedAt == nil else { return }
            openedAt = entry.occurredAt
            subject = entry.subject
            if entry.type == .complaintReceived { stage = stage ?? 1 }
        case .assigned:
            if let worker = entry.worker, Self.isLatest(entry.occurredAt, since: assignedAt) {
                assignedTo = worker
                assignedAt = entry.occurredAt
            }
        case .needsAssessed, .triaged:
            if let level = entry.riskLevel, Self.isLatest(entry.occurredAt, since: riskAssessedAt) {
                riskLevel = level
                riskAssessedAt = entry.occurredAt
            }
        case .escalated:
            stage = 2
            // A complaint closed after its stage 1 response is open again at stage 2.
            if state == .closed && !isWithdrawn {
                state = .open
                closedAt = nil
            }
        case .complaintWithdrawn:
            close(at: entry.occurredAt, outcome: "withdrawn")
            isWithdrawn = true
        case .complaintClosed, .reviewClosed:
            close(at: entry.occurredAt, outcome: nil)
        case .tenancyClosed, .safeguardingClosed:
            close(at: entry.occurredAt, outcome: entry.outcome)
        case .reopened:
            state = .open
            closedAt = nil
            outcome = nil
            isWithdrawn = false
        default:
            break
        }
    }

    private mutating func close(at instant: Timestamp, outcome: String?) {
        state = .closed
        closedAt = instant
        self.outcome = outcome
    }

    /// True when an event at `instant`, recorded after the one at `previous`, is the latest:
    /// not earlier (a tie goes to the later recorded).
    private static func isLatest(_ instant: Timestamp, since previous: Timestamp?) -> Bool {
        previous.map { instant >= $0 } ?? true
    }
}
