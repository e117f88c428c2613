import EventLog

/// The safeguarding triage target an organisation sets (DOMAIN.md §4: "configurable per
/// organisation"): working days allowed for a concern with an immediate risk, and for any
/// other. Kept as the store's settings `triage.immediate-risk-days` and `triage.other-days`
/// (decimal text, `caselog config set`); either unset means DOMAIN.md's default (0: the same
/// working day; 1).
public enum OrganisationTriageTarget {
    /// The setting of the working days allowed when a concern reports an immediate risk.
    public static let immediateRiskSetting = "triage.immediate-risk-days"
    /// The setting of the working days allowed for every other concern.
    public static let otherSetting = "triage.other-days"
    /// The values a target may take: the same working day up to four working weeks.
    public static let range = 0...20

    /// The working days in `text`, checked against `range`; nil for anything else.
    public static func parse(_ text: String) -> Int? {
        guard let days = Int(text), range.contains(days) else { return nil }
        return days
    }

    /// The store's triage target: each setting when it holds a valid value, else the default.
    public static func target(in reader: borrowing LogReader) throws -> TriageTarget {
        func days(_ name: String) throws -> Int? {
            try reader.setting(named: name).flatMap { parse(String(decoding: $0, as: UTF8.self)) }
        }
        let standard = TriageTarget.standard
        return TriageTarget(immediateRiskWorkingDays: try days(immediateRiskSetting) ?? standard.immediateRiskWorkingDays,
                            otherWorkingDays: try days(otherSetting) ?? standard.otherWorkingDays)
    }
}
