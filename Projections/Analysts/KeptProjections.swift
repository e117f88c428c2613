import Casework
import EventLog
import Foundation

/// Analysts' projections kept in the store (`caselog project add`): each one's spec text (and
/// the file it came from) in the `views` database under `analyst-specs`, its folded state
/// under `analyst-states` (with the position it has folded through).
///
/// A kept projection is caught up on read: `table(named:)` folds the records past its
/// checkpoint into the saved state in one write transaction and saves the state again, so
/// reading it costs the records that arrived since, not the log. When the file it came from
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
        let calendar = try OrganisationCalendar.calendar(in: store)
        return try store.write(actor: actor) { writer in
            let entry = Entry(name: spec.name, title: spec.title, path: path, text: text)
            let old = try storedEntry(spec.name, in: writer)
            let outcome: Outcome = old == nil ? .added : old?.text == text ? .unchanged : .rebuilt
            if outcome != .unchanged { try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: spec.name) }
            else if old?.path != path { try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: spec.name) }
            let table = try catchUp(spec, name: spec.name, fresh: outcome != .unchanged, calendar: calendar, in: &writer)
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
    /// - Throws: `NotFound`; `ProjectionSpecError` when the changed file has a mistake (the kept
    ///   one stays as it was); what the store throws.
    public static func table(named name: String, in store: EventStore, actor: String = "caselog",
                             currentText: (String) -> String? = { _ in nil }) throws -> ProjectionTable {
        let calendar = try OrganisationCalendar.calendar(in: store)
        return try store.write(actor: actor) { writer in
            guard var entry = try storedEntry(name, in: writer) else { throw NotFound(name: name) }
            var fresh = false
            if let text = currentText(entry.path), text != entry.text {
                let changed = try ProjectionSpecReader.read(text)
                if changed.name == name {
                    entry.text = text
                    entry.title = changed.title
                    try writer.putViewRow(try JSONEncoder().encode(entry).bytes, in: specView, key: name)
                    fresh = true
                }
            }
            return try catchUp(try ProjectionSpecReader.read(entry.text), name: name, fresh: fresh, calendar: calendar, in: &writer)
        }
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

    /// Folds the log past the saved state (or, when `fresh`, all of it) and saves the state.
    private static func catchUp(_ spec: ProjectionSpec, name: String, fresh: Bool, calendar: WorkingDayCalendar,
                                in writer: inout LogWriter) throws -> ProjectionTable {
        let plan = ProjectionPlan(spec)
        var state = ProjectionState()
        if !fresh, let row = try writer.viewRow(in: stateView, key: name), !row.isEmpty {
            state = try JSONDecoder().decode(ProjectionState.self, from: Data(row))
        }
        var run = ProjectionRun(plan: plan, calendar: calendar, state: state)
        let head = writer.head.position
        if run.position < head || fresh {
            try writer.scan(from: run.position + 1) { run.apply($0) }
            try writer.putViewRow(try JSONEncoder().encode(run.state).bytes, in: stateView, key: name)
        }
        return run.result()
    }
}

extension Data {
    /// The bytes, as `putViewRow` takes them.
    var bytes: [UInt8] { [UInt8](self) }
}
