import Casework
import EventLog
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
        try log.read { reader in try Self.table(view, query, in: reader) }
    }

    /// The current view `view` as `user` may see it (DOMAIN.md §13, `AccessPolicy.viewRows(for:)`):
    /// every row for who reads every team's cases and for analysts; for a caseworker only the
    /// rows about the cases they may read (`AccessPolicy.mayRead`, as `cases(matching:visibleTo:teams:)`
    /// decides it), every summary figure and the caseload's counts per worker counted from those
    /// cases alone; refused to anyone else. Filtered before printing, so every format is.
    ///
    /// Cost for a caseworker: besides the view's pass, the access facts of each case the view
    /// would show (a stream head and its first record), in the same snapshot.
    ///
    /// - Parameter teams: each user's team (the server's, from its token cache).
    /// - Throws: `CaselogError` (not permitted, exit 77) naming the rule, with `AccessDenied` as
    ///   its cause; `StoreError` when the store cannot be read or a row is damaged.
    public func view(_ view: CurrentView, _ query: ViewQuery = ViewQuery(), visibleTo user: AccessUser,
                     teams: [String: String]) throws -> ViewTable {
        switch AccessPolicy.viewRows(for: user) {
        case .failure(let denied):
            throw CaselogError(.notPermitted, denied.rule, cause: denied)
        case .success(.every):
            return try self.view(view, query)
        case .success(.readableBy(let caseworker)):
            return try log.read { reader in
                var visibility = StreamVisibility(user: caseworker, teams: teams)
                return try Self.table(view, query, in: reader) { try visibility.admits($0, in: reader) }
            }
        }
    }

    /// `view` as of `query` in the settings in force, of the cases `admits` lets in.
    private static func table(_ view: CurrentView, _ query: ViewQuery, in reader: borrowing LogReader,
                              admitting admits: (String) throws -> Bool = { _ in true }) throws -> ViewTable {
        let settings = try OrganisationSettings.inForce(in: reader)
        let asked = CurrentViewQuery(asOf: query.asOf ?? EuropeLondon.today(), worker: query.worker,
                                     calendar: settings.calendar, triageTarget: settings.triageTarget,
                                     settings: settings.inForce(CaseFile.settingsDeadlinesUse))
        return try view.table(in: reader, query: asked, admitting: admits)
    }
}
