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
public struct CaseSummaryView: KeptView {
    /// The view's name (`caselog rebuild case-summary`).
    public static let name = "case-summary"

    /// The view's rows and how to read them.
    public static let view = StreamView<CaseFile>(name: name)

    /// The view, as `BuiltInViews` lists it.
    public static let kept = CaseSummaryView()

    public var name: String { Self.name }

    // Through a concrete type, so that the engine's generic code is specialised for CaseFile.
    public func follow(_ writer: inout LogWriter) throws { try Self.view.follow(&writer) }

    @discardableResult
    public func rebuild(in store: EventStore, actor: String, progress: ((UInt64, UInt64) -> Void)?) throws -> UInt64 {
        try Self.view.rebuild(in: store, actor: actor, progress: progress)
    }
}

extension CaseFile: StreamFold {
    /// `CaseFile.encodedLayout`.
    public static var layoutVersion: UInt32 { UInt32(encodedLayout) }

    /// A case file for every case and subject reference; nil for any other stream.
    public init?(stream: String) { self.init(reference: stream) }

    /// The case file read back from its row.
    public init?(stream: String, encoded: UnsafeRawBufferPointer) { self.init(reference: stream, encoded: encoded) }

    /// One per event the case file keeps.
    public var weight: Int { entryCount }

    /// A closed case rarely moves again.
    public var isSettled: Bool { state == .closed }
}
