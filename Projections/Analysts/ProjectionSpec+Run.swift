import Casework
import EventLog

extension ProjectionSpec {
    /// Runs the spec over the whole log of `store` in one read transaction, with the
    /// calendar and triage target in force; `from` and `to` override the spec's period. Costs two scans of the log (the
    /// first reads only types, to find the corrections; in the second, records after the period
    /// are skipped by their header) plus the grouping of the rows kept.
    public func run(in store: EventStore, from: CalendarDate? = nil, to: CalendarDate? = nil) throws -> ProjectionTable {
        let plan = ProjectionPlan(self)
        return try store.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            var run = ProjectionRun(plan: plan, calendar: settings.calendar, triageTarget: settings.triageTarget, from: from, to: to)
            var table = try run.runCorrected(over: reader)
            table.settings = settings.inForce(CaseFile.settingsDeadlinesUse)
            return table
        }
    }
}
