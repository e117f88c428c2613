import Casework
import EventLog

/// The case summary view (DOMAIN.md §6): one `CaseFile` per case and subject stream, kept
/// current as events are recorded. `caselog case` reads a case from it instead of replaying
/// the case; the caseload, complaints SLA, safeguarding register and actions-due views are
/// read from its rows, with deadlines worked out on the day they are asked for (an undone
/// step turns overdue with time, not with an event).
///
/// A row holds what the case file read (its entries), not its deadlines, so a new calendar
/// (`caselog calendar import`) changes every deadline without a rebuild.
public enum CaseSummaryView {
    /// The view's name (`caselog rebuild case-summary`).
    public static let name = "case-summary"

    /// The view.
    public static let view = StreamView<CaseFile>(name: name)
}

extension CaseFile: StreamFold {
    /// A case file for every case and subject reference; nil for any other stream.
    public init?(stream: String) { self.init(reference: stream) }

    /// The case file read back from its row.
    public init?(stream: String, encoded: UnsafeRawBufferPointer) { self.init(reference: stream, encoded: encoded) }

    /// One per event the case file keeps.
    public var weight: Int { entryCount }

    /// A closed case rarely moves again.
    public var isSettled: Bool { state == .closed }
}
