import Codec
/// Why a list of bank holidays could not be loaded: GOV.UK's `bank-holidays.json`
/// (`WorkingDayCalendar(govUKBankHolidaysJSON:division:)`) or a stored list of dates
/// (`WorkingDayCalendar(bankHolidayList:)`). Each case names the place and what was expected.
public enum WorkingDayCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON at all; the scanner's error says where and why.
    case invalidJSON(JSONError)
    /// The division asked for is not in the file; `available` lists the divisions that are.
    case divisionNotFound(division: String, available: [String])
    /// A required member is missing, e.g. path `england-and-wales.events[3]`, member `date`.
    case missingMember(path: String, member: String)
    /// A value has the wrong JSON type, e.g. path `england-and-wales.events`, expected `an
    /// array`, found `an object`.
    case wrongType(path: String, expected: String, found: String)
    /// A date is not a real `YYYY-MM-DD` date; `text` is what was there (at most 40 characters).
    case invalidDate(path: String, text: String)
    /// The division lists no bank holidays, which means the wrong file far more often than a
    /// country without holidays.
    case noBankHolidays(division: String)
    /// Line `line` (from 1) of a stored bank holiday list is not a `YYYY-MM-DD` date.
    case invalidListLine(line: Int, text: String)

    /// One line for a person: what is wrong and where.
    public var description: String {
        switch self {
        case .invalidJSON(let error):
            "bank holidays: not valid JSON at byte \(error.offset + 1): \(error.message)"
        case .divisionNotFound(let division, let available):
            "bank holidays: no division \"\(division)\" (the file has: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
        case .missingMember(let path, let member):
            "bank holidays: \(path) has no \"\(member)\""
        case .wrongType(let path, let expected, let found):
            "bank holidays: \(path) should be \(expected), found \(found)"
        case .invalidDate(let path, let text):
            "bank holidays: \(path) should be a YYYY-MM-DD date, found \"\(text)\""
        case .noBankHolidays(let division):
            "bank holidays: division \"\(division)\" lists no bank holidays"
        case .invalidListLine(let line, let text):
            "bank holiday list line \(line): expected a YYYY-MM-DD date, found \"\(text)\""
        }
    }

    /// At most 40 characters of `text`, so that an error never carries a whole file.
    static func excerpt(_ text: some StringProtocol) -> String {
        text.count <= 40 ? String(text) : String(text.prefix(40)) + "…"
    }
}
