import Casework
import EventLog
import Foundation
import Codec

/// Analysts' projections kept in the store (`caselog project add`): each one's spec text (and
/// the file it came from) in the `views` database under `analyst-specs`, its folded state
/// under `analyst-states` (with the position it has folded through).
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

    /// One kept projection, as `caselog project list` shows it.
    public struct Entry: Sendable, Codable, Equatable {
        /// The spec's name.
        public var name: String
        /// The spec's title.
        public var title: String
        /// The file it was added from, as given.
        public var path: String
        /// The spec's text as added.
        public var text: String
    }

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
            let outcome: Outcome = old == nil ? .added : old?.text == text ? .unchanged : .rebuilt
            if outcome != .unchanged { try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: spec.name) }
            else if old?.path != path { try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: spec.name) }
            let table = try catchUp(spec, text: text, name: spec.name, fresh: outcome != .unchanged, calendar: settings.calendar,
                                     triageTarget: settings.triageTarget, in: &writer)
            return (outcome, table)
        }
    }

    /// Every kept projection, by name.
    public static func list(in store: EventStore) throws -> [Entry] {
        try store.read { reader in
            var entries: [Entry] = []
            try reader.forEachViewRow(in: specView) { _, row in
                guard !row.isEmpty else { return }      // dropped
                entries.append(try JSONDecoder().decode(Entry.self, from: Data(row)))
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
        let (entry, textChanged, foldedFrom, run, used) = try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            guard let row = try reader.viewRow(in: specView, key: name), !row.isEmpty else { throw NotFound(name: name) }
            var entry = try JSONDecoder().decode(Entry.self, from: Data(row))
            var textChanged = false
            if let text = currentText(entry.path), text != entry.text {
                let changed = try ProjectionSpecReader.read(text)
                if changed.name == name {
                    entry.text = text
                    entry.title = changed.title
                    textChanged = true
                }
            }
            let saved = textChanged ? nil : try reader.viewRow(in: stateView, key: name).map { Array($0) }
            let (from, run) = try fold(try ProjectionSpecReader.read(entry.text), text: entry.text, saved: saved, calendar: settings.calendar,
                                       triageTarget: settings.triageTarget, head: try reader.head().position) { start, body in
                try reader.scan(from: start, body)
            }
            return (entry, textChanged, from, run, settings.inForce(CaseFile.settingsDeadlinesUse))
        }
        // Read-only (a user who may not write the store), the fold is kept in memory only.
        var table = run.result()
        table.settings = used
        guard (textChanged || run.position != foldedFrom) && !store.isReadOnly else { return table }
        try store.write(actor: actor) { writer in
            // Saved only over what this fold started from: a newer state saved meanwhile stays.
            let stored = try writer.viewRow(in: stateView, key: name).flatMap { SavedState.decode($0, specText: entry.text) }
            guard textChanged || (stored?.state.position ?? 0) == foldedFrom else { return }
            if textChanged { try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: name) }
            try writer.putViewRow(try SavedState.encode(run.state, specText: entry.text), in: stateView, key: name)
        }
        return table
    }

    /// Drops the kept projection `name`; false when there was none.
    @discardableResult
    public static func drop(named name: String, in store: EventStore, actor: String = "caselog") throws -> Bool {
        try store.write(actor: actor) { writer in
            guard try storedEntry(name, in: writer) != nil else { return false }
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

    private static func storedEntry(_ name: String, in writer: borrowing LogWriter) throws -> Entry? {
        guard let row = try writer.viewRow(in: specView, key: name), !row.isEmpty else { return nil }
        return try JSONDecoder().decode(Entry.self, from: Data(row))
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
        let saved = fresh ? nil : try writer.viewRow(in: stateView, key: name)
        let (from, run) = try fold(spec, text: text, saved: saved, calendar: calendar, triageTarget: triageTarget, head: writer.head.position) { start, body in
            try writer.scan(from: start, body)
        }
        if fresh || run.position != from {
            try writer.putViewRow(try SavedState.encode(run.state, specText: text), in: stateView, key: name)
        }
        return run.result()
    }

    /// `spec` run from the saved state (from position 1 when there is none, or it was saved for
    /// other spec text or in another layout, or is damaged) through `head`, reading records with
    /// `scan`. Returns the position the saved state stood at (0 when none was used) and the run.
    private static func fold(_ spec: ProjectionSpec, text: String, saved: [UInt8]?, calendar: WorkingDayCalendar, triageTarget: TriageTarget, head: UInt64,
                             scan: (UInt64, (RecordView) throws -> Void) throws -> Void) throws -> (UInt64, ProjectionRun) {
        var state = saved.flatMap { SavedState.decode($0, specText: text) }?.state ?? ProjectionState()
        // A correction among the new records changes an event already folded as first
        // recorded: the state is folded again from position 1, with every correction known.
        if state.position > 0, state.position < head {
            var correctsTheFolded = false
            try scan(state.position + 1) { record in
                if !correctsTheFolded, ProjectionRun.isCorrection(record) { correctsTheFolded = true }
            }
            if correctsTheFolded { state = ProjectionState() }
        }
        var run = ProjectionRun(plan: ProjectionPlan(spec), calendar: calendar, triageTarget: triageTarget, state: state)
        let from = run.position
        if from == 0 {
            var corrections: [EventID: [String: CBORValue]] = [:]
            try scan(1) { ProjectionRun.note($0, into: &corrections) }
            run.corrections = corrections
        }
        if from < head { try scan(from + 1) { run.apply($0) } }
        return (from, run)
    }
}

/// A kept projection's state as saved: with the layout of `ProjectionState` and the spec text
/// it was folded for, so that a state saved by another caselog or for another spec is folded
/// again from position 1 instead of misread.
struct SavedState: Codable {
    /// Change whenever `ProjectionState` or what it means changes.
    static let currentLayout = 3

    var layout: Int
    var specText: String
    var state: ProjectionState

    static func encode(_ state: ProjectionState, specText: String) throws -> [UInt8] {
        try JSONEncoder().encode(SavedState(layout: currentLayout, specText: specText, state: state)).bytes
    }

    /// The state in `bytes` when it is in the current layout and was folded for `specText`.
    static func decode(_ bytes: some Collection<UInt8>, specText: String) -> SavedState? {
        guard let saved = try? JSONDecoder().decode(SavedState.self, from: Data(bytes)),
              saved.layout == currentLayout, saved.specText == specText
        else { return nil }
        return saved
    }
}

extension Data {
    /// The bytes, as `putViewRow` takes them.
    var bytes: [UInt8] { [UInt8](self) }
}
