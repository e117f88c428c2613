/// One of the organisation's settings (DOMAIN.md §10, §13): a whole number with a range and a
/// default, changed by `setting.changed` events on the store's `settings` stream
/// (`caselog config set NAME VALUE`) and read as it stood at a position of the log
/// (`OrganisationSettings`).
public struct StoreSetting: Sendable, Hashable {
    /// The setting's name (`homes`, `triage.other-days`).
    public let name: String
    /// The values it may take.
    public let range: ClosedRange<Int>
    /// The value in force while it has never been set; nil when there is none (the number of
    /// homes: a figure that needs it says it cannot be worked out).
    public let defaultValue: Int?
    /// What it is, for `caselog config` and the settings a report says it used.
    public let summary: String
    /// The unit its values are in, for messages ("days", "working days").
    public let unit: String

    /// The setting's value in `text`, checked against its range.
    ///
    /// - Throws: `ValidationError` naming the setting, the range and the text.
    public func parse(_ text: String) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError(.rule("\(name) must be a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound), "
                + "not \"\(text)\""))
        }
        return value
    }
}

extension StoreSetting {
    /// The homes the organisation manages: the denominator of complaints per 1,000 homes (TSM
    /// CH01). More than any landlord in England manages is refused, so a typo of a few extra
    /// digits does not go through.
    public static let homes = StoreSetting(
        name: "homes", range: 1...10_000_000, defaultValue: nil,
        summary: "the number of homes managed, for complaints per 1,000 homes", unit: "homes")
    /// Days between two entries of a case that the panel's replay flags as a gap.
    public static let replayGapDays = StoreSetting(
        name: "replay.gap-days", range: 1...36_500, defaultValue: 7,
        summary: "days between entries that a replay flags as a gap", unit: "days")
    /// Working days to triage a concern that reports an immediate risk (0: the same working day).
    public static let triageImmediateRiskDays = StoreSetting(
        name: "triage.immediate-risk-days", range: 0...20, defaultValue: 0,
        summary: "working days to triage a concern with an immediate risk (0: the same working day)", unit: "working days")
    /// Clock hours to triage a concern that reports an immediate risk (DOMAIN.md, "Corrections to
    /// §4 and §5"): weekends and bank holidays do not pause a person at risk. A store that set
    /// `triage.immediate-risk-days` keeps that rule until it sets this one.
    public static let triageImmediateRiskHours = StoreSetting(
        name: "triage.immediate-risk-hours", range: 1...720, defaultValue: 24,
        summary: "clock hours to triage a concern with an immediate risk (weekends and bank holidays count)", unit: "hours")
    /// Working days to triage any other concern.
    public static let triageOtherDays = StoreSetting(
        name: "triage.other-days", range: 0...20, defaultValue: 1,
        summary: "working days to triage any other concern", unit: "working days")
    /// How long a write waits for another process that holds the store's writer before it
    /// gives up (exit 75), in seconds.
    public static let writeWaitSeconds = StoreSetting(
        name: "write.wait-seconds", range: 0...3_600, defaultValue: 10,
        summary: "seconds a write waits for another process's write before giving up", unit: "seconds")

    /// Days a bearer token of `caselog token create` stays valid unless `--expires-in-days` says otherwise.
    public static let tokensExpiryDays = StoreSetting(
        name: "tokens.expiry-days", range: 1...3_650, defaultValue: 90,
        summary: "days a new bearer token (`caselog token create`) stays valid", unit: "days")

    /// Distinct subjects whose personal fields one user may read within an hour before
    /// `caselog access review` lists them (DOMAIN.md §13: N of the unusual-access rule).
    public static let accessUnusualSubjectsPerHour = StoreSetting(
        name: "access.unusual-subjects-per-hour", range: 1...1_000_000, defaultValue: 50,
        summary: "distinct subjects a user may read within an hour before `caselog access review` lists them", unit: "subjects")

    /// Years a complaint is kept after it closed (DOMAIN.md §8, §13; `caselog retention run`).
    public static let retentionComplaintYears = StoreSetting(
        name: "retention.complaint-years", range: 1...100, defaultValue: 6,
        summary: "years a complaint is kept after it closed (`caselog retention run`)", unit: "years")

    /// Years a tenancy support case is kept after it closed.
    public static let retentionTenancyYears = StoreSetting(
        name: "retention.tenancy-years", range: 1...100, defaultValue: 6,
        summary: "years a tenancy support case is kept after it closed", unit: "years")

    /// Years a safeguarding concern is kept after it closed (about an adult; about a child, at least this).
    public static let retentionSafeguardingAdultYears = StoreSetting(
        name: "retention.safeguarding-adult-years", range: 1...100, defaultValue: 10,
        summary: "years a safeguarding concern is kept after it closed (a concern about a child at least this)", unit: "years")

    /// The age until which a safeguarding concern about a child is kept, if that is later than
    /// `retention.safeguarding-adult-years` after closure. A concern is about a child when it has
    /// a child category or its subject was under 18 when it happened (DOMAIN.md §13).
    public static let retentionSafeguardingChildUntilAge = StoreSetting(
        name: "retention.safeguarding-child-until-age", range: 18...120, defaultValue: 25,
        summary: "age of the child until which a concern about a child is kept (if later than the years after closure)", unit: "years of age")

    /// Years after registration a subject that no case names is kept.
    public static let retentionSubjectWithoutCaseYears = StoreSetting(
        name: "retention.subject-without-case-years", range: 1...100, defaultValue: 2,
        summary: "years after registration a subject that no case names is kept", unit: "years")

    /// Every setting, in the order `caselog config list` shows them.
    public static let all: [StoreSetting] = [homes, replayGapDays, triageImmediateRiskHours, triageImmediateRiskDays, triageOtherDays, writeWaitSeconds,
                                             tokensExpiryDays, accessUnusualSubjectsPerHour,
                                             retentionComplaintYears, retentionTenancyYears, retentionSafeguardingAdultYears,
                                             retentionSafeguardingChildUntilAge, retentionSubjectWithoutCaseYears]

    /// The setting called `name`, if there is one.
    public static func named(_ name: String) -> StoreSetting? { all.first { $0.name == name } }

    /// The setting's name nearest to a mistyped `name`, if one is close.
    public static func suggestion(for name: String) -> String? { NameSuggestion.nearest(to: name, in: all.map(\.name)) }
}
