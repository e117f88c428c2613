import Casework
import EventLog

/// What every current view is asked: as of which date, for which worker, with the store's
/// working-day calendar.
public struct CurrentViewQuery: Sendable {
    /// The date the view is worked out as of: open and overdue are judged on it.
    public var asOf: CalendarDate
    /// Only this worker's cases (or items), when given.
    public var worker: String?
    /// The organisation's working days (`OrganisationCalendar`).
    public var calendar: WorkingDayCalendar
    /// The organisation's safeguarding triage target.
    public var triageTarget: TriageTarget
    /// The settings `calendar` and `triageTarget` came from, as the view names them
    /// (`OrganisationSettings.inForce(_:)`).
    public var settings: [SettingInForce]

    public init(asOf: CalendarDate, worker: String? = nil, calendar: WorkingDayCalendar = .englandAndWales,
                triageTarget: TriageTarget = .standard, settings: [SettingInForce] = []) {
        self.asOf = asOf
        self.worker = worker
        self.calendar = calendar
        self.triageTarget = triageTarget
        self.settings = settings
    }

    /// The instant the view looks from: now when `asOf` is today, else the end of that day.
    public func lookingFrom(now: Timestamp = .now()) -> Timestamp {
        if EuropeLondon.date(of: now) == asOf { return now }
        return EuropeLondon.startOfDay(CalendarDate(daysSince1970: asOf.daysSince1970 + 1))
    }
}

/// The built-in current views (DOMAIN.md §6) that `caselog view` shows, each read from the
/// case summary view's rows.
public enum CurrentView: String, CaseIterable, Sendable {
    case caseload
    case complaintsSLA = "complaints-sla"
    case safeguardingRegister = "safeguarding-register"
    case actionsDue = "actions-due"

    /// The view as of `query`, from the snapshot `reader`, of the cases `admits` lets in (every
    /// case unless told): rows and summary figures alike count only those, so that a view cut
    /// down to a user's cases adds up (DOMAIN.md §13).
    public func table(in reader: borrowing LogReader, query: CurrentViewQuery,
                      admitting admits: (_ reference: String) throws -> Bool = { _ in true }) throws -> ViewTable {
        var table = switch self {
        case .caseload: try Caseload.table(in: reader, query: query, admitting: admits)
        case .complaintsSLA: try ComplaintsSLA.table(in: reader, query: query, admitting: admits)
        case .safeguardingRegister: try SafeguardingRegister.table(in: reader, query: query, admitting: admits)
        case .actionsDue: try ActionsDue.table(in: reader, query: query, admitting: admits)
        }
        table.settings = query.settings
        return table
    }
}
