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

extension CaseSummaryView {
    /// Calls `body` with the case summary of every stream the view keeps whose case type
    /// `wanted` admits, as of the snapshot: what `caselog cases` lists.
    ///
    /// When the view is current (its rows in this layout, its checkpoint at the head: the
    /// usual case, since every write keeps it), each row is read with `CaseSummary(reference:encoded:)`,
    /// which keeps no entries; otherwise through `view.forEachFold(in:_:)`, which folds in what
    /// the rows lack. Costs one pass over the view's rows, O(entries) in all.
    ///
    /// - Throws: `StoreError.corruptedIndex` for a damaged row; `StoreError` when the store
    ///   cannot be read.
    public static func forEachSummary(in reader: borrowing LogReader, of wanted: (CaseType) -> Bool,
                                      _ body: (CaseSummary) throws -> Void) throws {
        let layout = try reader.viewRow(in: name, key: StreamView<CaseFile>.layoutKey)
        let isCurrent = try layout?.elementsEqual(StreamView<CaseFile>.layoutRow) == true
            && view.checkpoint(in: reader) == reader.head().position
        guard isCurrent else {
            try view.forEachFold(in: reader) { _, file in if wanted(file.caseType) { try body(file.summary) } }
            return
        }
        try reader.forEachViewRow(in: name) { key, row in
            let stream = String(decoding: key, as: UTF8.self)
            guard let reference = CaseReference(stream), wanted(reference.caseType) else { return }
            guard let summary = CaseSummary(reference: stream, encoded: row) else {
                throw StoreError.corruptedIndex(reason: "the \(name) row of \(stream) is damaged; run caselog rebuild \(name)")
            }
            try body(summary)
        }
    }
}
