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
/// Its summary (`summary`: state, stage, worker, subject, risk, dates; each also readable here
/// by its own name) is a `CaseSummary`, which has the rules for them. What the case file adds
/// where DOMAIN.md is silent:
///
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
    /// The case summary worked out from the entries: the one source of a case's state, worker
    /// and subject.
    public private(set) var summary: CaseSummary

    /// `summary.reference`.
    public var reference: String { summary.reference }
    /// `summary.caseType`.
    public var caseType: CaseType { summary.caseType }
    /// `summary.version`: the version of the last record applied; 0 before any.
    public var version: UInt64 { summary.version }
    /// `summary.state`.
    public var state: CaseState { summary.state }
    /// `summary.stage`.
    public var stage: Int? { summary.stage }
    /// `summary.assignedTo`.
    public var assignedTo: String? { summary.assignedTo }
    /// `summary.subject`.
    public var subject: String? { summary.subject }
    /// `summary.riskLevel`.
    public var riskLevel: String? { summary.riskLevel }
    /// `summary.openedAt`.
    public var openedAt: Timestamp? { summary.openedAt }
    /// `summary.closedAt`.
    public var closedAt: Timestamp? { summary.closedAt }
    /// `summary.lastActivity`.
    public var lastActivity: Timestamp? { summary.lastActivity }
    /// `summary.outcome`.
    public var outcome: String? { summary.outcome }
    /// `summary.isWithdrawn`.
    public var isWithdrawn: Bool { summary.isWithdrawn }

    /// What the case file keeps of each event it reads, in stream order (corrections are not
    /// kept: they are written into the entries they correct).
    private(set) var entries: [CaseFileEntry] = []
    /// How many events the case file keeps (its memory grows with them).
    public var entryCount: Int { entries.count }

    /// An empty case file for the stream `reference`; nil when `reference` is not a case or
    /// subject reference (`CaseReference`).
    public init?(reference: String) {
        guard let parsed = CaseReference(reference) else { return nil }
        self.init(reference: reference, caseType: parsed.caseType)
    }

    private init(reference: String, caseType: CaseType) {
        summary = CaseSummary(reference: reference, caseType: caseType)
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
        summary.moved(to: version, at: occurredAt)
        guard let type else { return }
        if type == .entryCorrected {
            correct(with: data)
            return
        }
        if type == .entryVoided {
            void(with: data, marker: CaseFileEntry(type: type, eventID: eventID, occurredAt: occurredAt, data: data))
            return
        }
        let entry = CaseFileEntry(type: type, eventID: eventID, occurredAt: occurredAt, data: data)
        entries.append(entry)
        summary.take(entry)
    }

    /// Takes `entries` as read so far and works the summary out from them (`init(reference:encoded:)`).
    mutating func restore(entries: [CaseFileEntry], version: UInt64, lastActivity: Timestamp?) {
        summary = CaseSummary(reference: reference, caseType: caseType, entries: entries, version: version,
                              lastActivity: lastActivity)
        self.entries = entries
    }

    /// Leaves out the entry of the event a `case.entry-voided` names, as if it had never been
    /// recorded, and works the summary out again; a void of the opening event leaves only
    /// `marker`, which makes the case `voided` (DOMAIN.md §10, `CaseVoids`). A void of an event
    /// the case file does not keep (a note) changes nothing.
    private mutating func void(with data: CBORView, marker: CaseFileEntry) {
        guard let idText = data["eventId"]?.textBytes, let voided = EventID(text: idText),
              let index = entries.firstIndex(where: { $0.eventID == voided })
        else { return }
        if index == 0 && entries[0].type.opensACase {
            entries = [marker]
        } else {
            entries.remove(at: index)
        }
        restore(entries: entries, version: version, lastActivity: lastActivity)
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
}
