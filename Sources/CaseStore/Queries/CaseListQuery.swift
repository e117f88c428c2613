import Casework
import Projections

/// Which cases `CaseStore.cases(matching:)` lists: the options of `caselog cases` (`--type`,
/// `--worker`, `--state`, `--subject`), and so the query parameters of `GET /v1/cases`.
/// With none given, every case but not subjects.
public typealias CaseFilter = CaseList.Filter

extension CaseStore {
    /// The cases that pass `filter`, as `caselog cases` lists them, by case type then
    /// reference: `json()` is what `caselog cases --format json` prints.
    ///
    /// No case is replayed: the summaries come from the case-summary view's rows.
    /// Cost: one pass over those rows in one snapshot, then two look-ups per case listed.
    ///
    /// - Throws: `StoreError` when the store cannot be read or a row is damaged.
    public func cases(matching filter: CaseFilter = CaseFilter()) throws -> CaseList {
        try log.read { reader in try CaseList(in: reader, filter: filter) }
    }
}
