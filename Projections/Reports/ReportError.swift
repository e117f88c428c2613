import Casework

/// What can go wrong in asking for a learning report; each case carries what the user needs to
/// put it right. The CLI reports every case as a usage error (exit 64).
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// `text`, given for `option`, is not a `YYYY-MM-DD` date.
    case invalidDate(option: String, text: String)
    /// The period starts after it ends.
    case periodReversed(from: CalendarDate, to: CalendarDate)
    /// `--explain` named no figure of the report; `valid` lists every name it takes.
    case unknownFigure(name: String, report: String, valid: [String])
    /// `--periods` beyond 0…`ReportRequestDefaults.mostPeriods`.
    case periodsOutOfRange

    /// One line naming what is wrong and what is expected.
    public var description: String {
        switch self {
        case .invalidDate(let option, let text):
            "\(option) \"\(text)\" is not a date (YYYY-MM-DD)"
        case .periodReversed(let from, let to):
            "--from \(from) is after --to \(to): the period must start on or before its last day"
        case .unknownFigure(let name, let report, let valid):
            "\(report) has no figure \"\(name)\"; valid names: \(valid.joined(separator: ", "))"
        case .periodsOutOfRange:
            "--periods must be from 0 to \(ReportRequestDefaults.mostPeriods)"
        }
    }
}
