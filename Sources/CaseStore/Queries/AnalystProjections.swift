import Casework
import Projections

extension CaseStore {
    /// Runs the analysts' spec `spec` (read from YAML by `ProjectionSpecReader.read`, which
    /// names a mistake's line and column and refuses a personal field; docs/ANALYSTS.md) over
    /// the log once, as `caselog project run` does; `from` and `to` (London dates, both
    /// included) replace the spec's own period. Nothing is written. `json()` is what
    /// `--format json` prints.
    ///
    /// Cost: two scans of the log in one snapshot (the first reads only types, to find the
    /// corrections), plus grouping the rows kept.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func runProjection(_ spec: ProjectionSpec, from: CalendarDate? = nil, to: CalendarDate? = nil) throws -> ProjectionTable {
        try spec.run(in: log, from: from, to: to)
    }

    /// Every projection kept in the store (`caselog project list`), by name.
    ///
    /// - Throws: `StoreError` when the store cannot be read or an entry is damaged.
    public func keptProjections() throws -> [KeptProjections.Entry] {
        try KeptProjections.list(in: log)
    }

    /// The table of the kept projection `name`, caught up with the log (`caselog project show`).
    /// When `currentText(path)` gives other text than was kept for the file the spec came from
    /// (nil: it cannot be read), that text is kept and the projection rebuilt. What was folded
    /// is saved as `actor` unless the store was opened read-only.
    ///
    /// Cost: the records recorded since it was last read, then a short write.
    ///
    /// - Throws: `KeptProjections.NotFound` (not found); `ProjectionSpecError` when the changed
    ///   file has a mistake (the kept spec stays as it was); `StoreError`.
    public func keptProjection(named name: String, actor: String,
                               currentText: (String) -> String? = { _ in nil }) throws -> ProjectionTable {
        try KeptProjections.table(named: name, in: log, actor: actor, currentText: currentText)
    }

    /// Keeps the spec `specText`, read from the file `path`, in the store as `actor`
    /// (`caselog project add`): built now from the whole log, or caught up when the same text
    /// was kept already, or built again when its name was kept with other text.
    ///
    /// - Throws: `ProjectionSpecError` for a bad spec (nothing is written); `StoreError`.
    public func keepProjection(_ specText: String, path: String, actor: String) throws -> (outcome: KeptProjections.Outcome, table: ProjectionTable) {
        let (outcome, table) = try KeptProjections.add(text: specText, path: path, in: log, actor: actor)
        return (outcome, table)
    }

    /// Stops keeping the projection `name` (`caselog project drop`), as `actor`.
    ///
    /// - Throws: `KeptProjections.NotFound` when none is kept by that name; `StoreError`.
    public func dropProjection(named name: String, actor: String) throws {
        guard try KeptProjections.drop(named: name, in: log, actor: actor) else { throw KeptProjections.NotFound(name: name) }
    }
}

extension ProjectionTable {
    /// The table as one JSON object and a newline: what `caselog project run` and
    /// `project show` print with `--format json`.
    public func json() -> [UInt8] { Array(ProjectionFormat.json.render(self).utf8) }
}
