import Casework
import EventLog
import Codec

/// Analysts' projections kept in the store (`caselog project add`): each one's spec text (and
/// the file it came from) in the `views` database under `analyst-specs`, its folded state
/// under `analyst-states` (with the position it has folded through), both as deterministic
/// CBOR (docs/FORMAT.md §2, "Analysts' kept projections").
///
/// A kept projection is caught up on read: `table(named:)` folds the records past its saved
/// state in a read transaction and saves the state again in a short write, so reading it costs
/// the records that arrived since, not the log, and never holds up caseworkers' writes for
/// longer than the save. When the file it came from
/// now holds other text, or the spec text changes through `add`, it is rebuilt from position 1.
/// A kept projection has no period of its own beyond its spec's `from`/`to`.
public enum KeptProjections {
    static let specView = "analyst-specs"
    static let stateView = "analyst-states"

    /// What `add` did.
    public enum Outcome: String, Sendable {
        /// A new projection, built from the whole log.
        case added
        /// The same text was already kept: caught up only.
        case unchanged
        /// The name was kept with other text: built again from position 1.
        case rebuilt
    }

    /// A kept projection that does not exist.
    public struct NotFound: Error, CustomStringConvertible, Sendable {
        /// The name asked for.
        public let name: String
        /// The error for `name`.
        public init(name: String) { self.name = name }
        public var description: String { "no kept projection named \(name) (caselog project list)" }
    }

    /// Keeps the spec in `text` (read from `path`) in `store`, building or catching it up.
    ///
    /// - Throws: `ProjectionSpecError` for a bad spec (nothing is written); what the store throws.
    @discardableResult
    public static func add(text: String, path: String, in store: EventStore, actor: String = "caselog") throws -> (Outcome, ProjectionTable) {
        let spec = try ProjectionSpecReader.read(text)
        return try store.write(actor: actor) { writer in
            let settings = try OrganisationSettings.inForce(in: writer)
            let entry = Entry(name: spec.name, title: spec.title, path: path, text: text)
            let old = try storedEntry(spec.name, in: writer)
            let outcome: Outcome = old == nil ? .added : old?.entry.text == text ? .unchanged : .rebuilt
            if outcome != .unchanged || old?.entry.path != path || old?.isOldForm == true {
                try writer.putViewRow(entry.encoded(), in: specView, key: spec.name)
            }
            let table = try catchUp(spec, text: text, name: spec.name, fresh: outcome != .unchanged, calendar: settings.calendar,
                                     triageTarget: settings.triageTarget, in: &writer)
            return (outcome, table)
        }
    }

    /// Every kept projection, by name.
    public static func list(in store: EventStore) throws -> [Entry] {
        try store.read { reader in
            var entries: [Entry] = []
            try reader.forEachViewRow(in: specView) { key, row in
                guard !row.isEmpty else { return }      // dropped
                entries.append(try StoredEntry(row, key: String(decoding: key, as: UTF8.self)).entry)
            }
            return entries
        }
    }

    /// The table of the kept projection `name`, caught up with the log. When its file
    /// (`currentText(path)`, nil when it cannot be read) holds other text than was kept, the new
    /// text is kept and the projection rebuilt.
    ///
    /// The records that arrived since are folded in a read transaction, so caseworkers' writes
    /// do not wait for it; the state is then saved in a short write, unless another process
    /// saved a newer one meanwhile, or the store was opened read-only (`EventStore.isReadOnly`:
    /// the fold is then kept in memory only, and a changed file is read but not kept).
    ///
    /// - Throws: `NotFound`; `ProjectionSpecError` when the changed file has a mistake (the kept
    ///   one stays as it was); what the store throws.
    public static func table(named name: String, in store: EventStore, actor: String = "caselog",
                             currentText: (String) -> String? = { _ in nil }) throws -> ProjectionTable {
        let (entry, textChanged, isOldForm, savedPosition, foldedFrom, run, used) = try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            guard let row = try reader.viewRow(in: specView, key: name), !row.isEmpty else { throw NotFound(name: name) }
            let stored = try StoredEntry(row, key: name)
            var entry = stored.entry
            var textChanged = false
            if let text = currentText(entry.path), text != entry.text {
                let changed = try ProjectionSpecReader.read(text)
                if changed.name == name {
                    entry.text = text
                    entry.title = changed.title
                    textChanged = true
                }
            }
            let saved = textChanged ? nil : try reader.viewRow(in: stateView, key: name).flatMap { SavedState.decode($0, specText: entry.text) }
            let (from, run) = try fold(try ProjectionSpecReader.read(entry.text), saved: saved?.state, calendar: settings.calendar,
                                       triageTarget: settings.triageTarget, head: try reader.head().position,
                                       isVoidedCase: { try isVoided($0, head: reader.streamHead($0)) }
            ) { start, body in
                try reader.scan(from: start, body)
            }
            return (entry, textChanged, stored.isOldForm, saved?.state.position ?? 0, from, run, settings.inForce(CaseFile.settingsDeadlinesUse))
        }
        // Read-only (a user who may not write the store), the fold is kept in memory only.
        var table = run.result()
        table.settings = used
        // An entry in the old form is written again in CBOR (its state, in the old form too,
        // was folded again from position 1, so the state is saved with it).
        let rewritesEntry = textChanged || isOldForm
        guard (rewritesEntry || run.position != foldedFrom) && !store.isReadOnly else { return table }
        try store.write(actor: actor) { writer in
            // Saved only over the state this fold read: a newer state saved meanwhile stays. (Not
            // over `foldedFrom`, which is 0 when a correction made the fold start again.)
            let stored = try writer.viewRow(in: stateView, key: name).flatMap { SavedState.position(in: $0, specText: entry.text) }
            guard textChanged || (stored ?? 0) == savedPosition else { return }
            if rewritesEntry { try writer.putViewRow(entry.encoded(), in: specView, key: name) }
            try writer.putViewRow(SavedState.encode(run.state, specText: entry.text), in: stateView, key: name)
        }
        return table
    }

    /// Drops the kept projection `name`; false when there was none.
    @discardableResult
    public static func drop(named name: String, in store: EventStore, actor: String = "caselog") throws -> Bool {
        try store.write(actor: actor) { writer in
            // Not decoded: a damaged entry can be dropped too.
            guard let row = try writer.viewRow(in: specView, key: name), !row.isEmpty else { return false }
            try writer.removeViewRow(in: specView, key: name)
            try removeRow(name, in: &writer)
            return true
        }
    }

    /// The tables of every kept projection, caught up (for `caselog export --sqlite`).
    public static func tables(in store: EventStore, actor: String = "caselog") throws -> [ProjectionTable] {
        try list(in: store).map { try table(named: $0.name, in: store, actor: actor) }
    }

    // MARK: Storage

    private static func storedEntry(_ name: String, in writer: borrowing LogWriter) throws -> StoredEntry? {
        guard let row = try writer.viewRow(in: specView, key: name), !row.isEmpty else { return nil }
        return try row.withUnsafeBytes { try StoredEntry($0, key: name) }
    }

    /// Removes a dropped projection's state (its position is part of the state). (Stores written before
    /// rows could be removed hold empty rows for dropped projections: `list` and `storedEntry`
    /// read those as absent.)
    private static func removeRow(_ name: String, in writer: inout LogWriter) throws {
        try writer.removeViewRow(in: stateView, key: name)
    }

    /// Folds the log past the saved state (or, when `fresh`, all of it) and saves the state,
    /// in `writer`'s transaction.
    private static func catchUp(_ spec: ProjectionSpec, text: String, name: String, fresh: Bool, calendar: WorkingDayCalendar, triageTarget: TriageTarget,
                                in writer: inout LogWriter) throws -> ProjectionTable {
        let saved = fresh ? nil : try writer.viewRow(in: stateView, key: name).flatMap { SavedState.decode($0, specText: text) }
        let (from, run) = try fold(spec, saved: saved?.state, calendar: calendar, triageTarget: triageTarget, head: writer.head.position,
                                   isVoidedCase: { try isVoided($0, head: writer.streamHead($0)) }
        ) { start, body in
            try writer.scan(from: start, body)
        }
        if fresh || run.position != from {
            try writer.putViewRow(SavedState.encode(run.state, specText: text), in: stateView, key: name)
        }
        return run.result()
    }

    /// `spec` run from the saved state (from position 1 when there is none: `SavedState.decode`
    /// gives none for a state saved for other spec text, in another layout, or damaged) through
    /// `head`, reading records with `scan`. Returns the position the saved state stood at (0
    /// when none was used) and the run.
    /// True when `stream` is a case whose opening event was voided, as its head's lifecycle keeps it.
    private static func isVoided(_ stream: String, head: StreamHead?) throws -> Bool {
        guard CaseReference(stream) != nil, let head, !head.state.isEmpty else { return false }
        return CaseLifecycle(encoded: head.state)?.flags.contains(.voided) ?? false
    }

    private static func fold(_ spec: ProjectionSpec, saved: ProjectionState?, calendar: WorkingDayCalendar, triageTarget: TriageTarget, head: UInt64,
                             isVoidedCase: (String) throws -> Bool,
                             scan: (UInt64, (RecordView) throws -> Void) throws -> Void) throws -> (UInt64, ProjectionRun) {
        var state = saved ?? ProjectionState()
        // A correction or a void among the new records changes an event already folded as first
        // recorded: the state is folded again from position 1, with every correction and void known.
        var newStreams: [UInt64: String] = [:]
        if state.position > 0, state.position < head {
            var correctsTheFolded = false
            try scan(state.position + 1) { record in
                if !correctsTheFolded, ProjectionRun.amendsAnEvent(record) { correctsTheFolded = true }
                if record.version > 1, newStreams[record.streamNumber] == nil { newStreams[record.streamNumber] = record.stream }
            }
            if correctsTheFolded { state = ProjectionState() }
        }
        var run = ProjectionRun(plan: ProjectionPlan(spec), calendar: calendar, triageTarget: triageTarget, state: state)
        // Catching up, a new event of a case voided earlier (a note) counts no more than the case:
        // the stream heads say which cases are voided (`CaseLifecycle.Flags.voided`).
        if run.position > 0 {
            for (number, stream) in newStreams where try isVoidedCase(stream) { run.voidedStreams.insert(number) }
        }
        let from = run.position
        if from == 0 {
            var corrections: [EventID: [String: CBORValue]] = [:]
            var voided = Set<EventID>()
            try scan(1) { ProjectionRun.note($0, into: &corrections, voided: &voided) }
            run.corrections = corrections
            run.voided = voided
        }
        if from < head { try scan(from + 1) { run.apply($0) } }
        return (from, run)
    }
}
