import Casework
import Projections

/// What `CaseStore.view(_:_:)` is asked besides the view: the options of `caselog view`.
public struct ViewQuery: Sendable, Equatable {
    /// The day open and overdue are judged on (`--at`); nil: today in London.
    public var asOf: CalendarDate?
    /// Only this worker's cases, or for `actions-due` the items they own (`--worker`).
    public var worker: String?

    /// A query as of `asOf` (nil: today in London), for every worker unless `worker` is given.
    public init(asOf: CalendarDate? = nil, worker: String? = nil) {
        self.asOf = asOf
        self.worker = worker
    }
}

extension CaseStore {
    /// The current view `view` (DOMAIN.md §6) as `caselog view` shows it, worked out with the
    /// working-day calendar and triage target in force, which the table names in `settings`:
    /// `json()`, `csv()` and `markdown()` are what `caselog view --format …` prints.
    ///
    /// Cost: one pass over the case-summary view's rows in one snapshot; no case is replayed.
    ///
    /// - Throws: `StoreError` when the store cannot be read or a row is damaged.
    public func view(_ view: CurrentView, _ query: ViewQuery = ViewQuery()) throws -> ViewTable {
        try log.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            let asked = CurrentViewQuery(asOf: query.asOf ?? EuropeLondon.today(), worker: query.worker,
                                         calendar: settings.calendar, triageTarget: settings.triageTarget,
                                         settings: settings.inForce(CaseFile.settingsDeadlinesUse))
            return try view.table(in: reader, query: asked)
        }
    }
}
