import Projections

extension CaseStore {
    /// Every event about the subject `subject` (P-NNNNNN) across all case types, by when it
    /// happened, as `caselog chronology` shows it; nil when the store has no such subject.
    /// Summaries hold non-personal fields only. `json()` is what `--format json` prints.
    ///
    /// Cost: one read of the subject's stream and of each case about it, in one snapshot.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func chronology(of subject: String) throws -> SubjectChronology? {
        try log.read { reader in try SubjectChronology.build(for: subject, in: reader) }
    }
}

extension SubjectChronology {
    /// The chronology as JSON and a newline: what `caselog chronology --format json` prints.
    public func json() -> [UInt8] { ChronologyText.json(self) }
}
