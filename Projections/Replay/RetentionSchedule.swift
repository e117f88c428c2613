import Casework
import EventLog
import Codec

/// When each subject falls due for erasure by retention (DOMAIN.md §8, §13), as of a date, with
/// the reason in words: what `caselog retention run --dry-run` lists.
///
/// **The rules**, each number a setting in force (`StoreSetting.retention…`):
/// - a complaint is kept `retention.complaint-years` (6) after it closed, a tenancy support case
///   `retention.tenancy-years` (6);
/// - a safeguarding concern is kept `retention.safeguarding-adult-years` (10) after it closed;
///   one about a child until the child's `retention.safeguarding-child-until-age` (25th)
///   birthday if that is later. A concern is about a child when it has a `child-…` category or
///   its subject was under 18 on the day it happened (`occurredAt` of `safeguarding.concern-raised`,
///   as corrected). A concern about a child whose date of birth is not recorded is kept: it
///   never falls due until a date of birth is recorded;
/// - an open case is never past retention; a panel review is not a case naming a subject (it
///   names incidents): it neither holds a subject back nor makes one due;
/// - a subject falls due only when every case naming it is past retention, on the latest of
///   their dates; the cases naming it are those `caselog chronology` reads (its subject,
///   complainant or household is the subject, or a household whose members include it, as
///   corrected);
/// - a subject that no case names falls due `retention.subject-without-case-years` (2) after it
///   was registered (the `occurredAt` of `subject.registered`);
/// - a subject erased already (`subject.erased`) is not listed.
///
/// Dates are calendar days in Europe/London; "N years after" a 29 February is 28 February in a
/// year without one. A subject is due when its date is on or before the date asked about.
///
/// **It reads a personal (†) field**: the date of birth (`dateOfBirth` of `subject.registered`
/// and `subject.details-changed`, the latest given) of the subject of each closed safeguarding
/// concern. `dateOfBirthRead` lists those subjects, so that the caller logs the read. The
/// reasons never show a date of birth, but a child's date ("kept to 2031-05-02, their 25th
/// birthday") reveals it.
public struct RetentionSchedule: Sendable, Equatable {
    /// One case naming a subject, and until when it is kept.
    public struct CaseHold: Sendable, Equatable {
        /// The case's reference.
        public let reference: String
        /// The day it closed; nil while open.
        public let closedOn: CalendarDate?
        /// The last day it is kept; nil while open, or for a concern about a child whose date of
        /// birth is not recorded.
        public let keptUntil: CalendarDate?
        /// How `keptUntil` was worked out, in words: "CMP-2025-000003 closed 2018-04-01, kept 6 years to 2024-04-01".
        public let rule: String
    }

    /// One subject and when it falls due.
    public struct Entry: Sendable, Equatable {
        /// The subject (`P-NNNNNN`).
        public let subject: String
        /// The date it falls (or fell) due; nil when it cannot (an open case, or a child's
        /// concern without a date of birth, holds it).
        public let dueOn: CalendarDate?
        /// The cases naming it, in the order they were opened (empty when none does).
        public let cases: [CaseHold]
        /// Why, in words: "every case closed: CMP-… closed …, kept 6 years to …; …".
        public let reason: String
    }

    /// The date asked about.
    public let asOf: CalendarDate
    /// The subjects due on `asOf` (their date on or before it), by due date then reference.
    public let due: [Entry]
    /// The other subjects: with a date, soonest first, then those held back without one.
    public let notYetDue: [Entry]
    /// The settings used, as `caselog config list` names them.
    public let settings: [SettingInForce]
    /// The subjects whose date of birth (†) was read to work this out.
    public let dateOfBirthRead: [String]

    /// The schedule of every subject in `reader`'s snapshot as of `asOf`, under `settings` (the
    /// settings in force). Costs one scan of the log (`StreamFacts`), the case summaries, and a
    /// read of each closed safeguarding concern and of its subject's stream.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public static func build(asOf: CalendarDate, settings: OrganisationSettings,
                             in reader: borrowing LogReader) throws -> RetentionSchedule {
        let facts = try StreamFacts.scan(reader)
        var opened: [String: CalendarDate] = [:]
        var closed: [String: CalendarDate] = [:]
        try CaseSummaryView.forEachSummary(in: reader, of: { _ in true }) { summary in
            if let openedAt = summary.openedAt { opened[summary.reference] = EuropeLondon.date(of: openedAt) }
            if summary.state == .closed, let closedAt = summary.closedAt { closed[summary.reference] = EuropeLondon.date(of: closedAt) }
        }
        let years = { (setting: StoreSetting) in settings.value(setting) ?? setting.defaultValue ?? 0 }
        var births = BirthDates()
        var entries: [Entry] = []
        let subjects = facts.firstPosition.keys.filter { CaseReference($0)?.caseType == .subject && !facts.erasedSubjects.contains($0) }
            .sorted { (facts.firstPosition[$0] ?? 0) < (facts.firstPosition[$1] ?? 0) }
        var holds: [String: CaseHold] = [:]
        for subject in subjects {
            let cases = facts.cases(about: [subject])
            guard !cases.isEmpty else {
                let kept = years(.retentionSubjectWithoutCaseYears)
                let registered = opened[subject] ?? asOf
                let until = registered.addingYears(kept)
                entries.append(Entry(subject: subject, dueOn: until, cases: [],
                                     reason: "no case names it: registered \(registered), kept \(Self.years(kept)) to \(until)"))
                continue
            }
            var named: [CaseHold] = []
            for reference in cases {
                if holds[reference] == nil {
                    holds[reference] = try hold(of: reference, closedOn: closed[reference], years: years, facts: facts, births: &births, in: reader)
                }
                named.append(holds[reference]!)
            }
            entries.append(entry(subject, named))
        }
        let never = CalendarDate(daysSince1970: Int.max / 2)
        let due = entries.filter { $0.dueOn.map { $0 <= asOf } ?? false }
            .sorted { ($0.dueOn ?? never, $0.subject) < ($1.dueOn ?? never, $1.subject) }
        let notYet = entries.filter { $0.dueOn.map { $0 > asOf } ?? true }
            .sorted { ($0.dueOn ?? never, $0.subject) < ($1.dueOn ?? never, $1.subject) }
        let used = settings.inForce([.retentionComplaintYears, .retentionTenancyYears, .retentionSafeguardingAdultYears,
                                     .retentionSafeguardingChildUntilAge, .retentionSubjectWithoutCaseYears], includesCalendar: false)
        return RetentionSchedule(asOf: asOf, due: due, notYetDue: notYet, settings: used, dateOfBirthRead: births.read)
    }

    /// "6 years", "1 year".
    static func years(_ count: Int) -> String { "\(count) year\(count == 1 ? "" : "s")" }

    /// The subject's entry from the cases naming it: due on the latest of their dates when
    /// every one has a date.
    static func entry(_ subject: String, _ cases: [CaseHold]) -> Entry {
        let held = cases.filter { $0.keptUntil == nil }
        guard held.isEmpty else {
            return Entry(subject: subject, dueOn: nil, cases: cases, reason: "held: " + held.map(\.rule).joined(separator: "; "))
        }
        let dueOn = cases.compactMap(\.keptUntil).max()
        return Entry(subject: subject, dueOn: dueOn, cases: cases,
                     reason: "every case closed: " + cases.map(\.rule).joined(separator: "; "))
    }

    /// Until when `reference` is kept.
    static func hold(of reference: String, closedOn: CalendarDate?, years: (StoreSetting) -> Int, facts: StreamFacts,
                     births: inout BirthDates, in reader: borrowing LogReader) throws -> CaseHold {
        guard let closedOn else { return CaseHold(reference: reference, closedOn: nil, keptUntil: nil, rule: "\(reference) is open") }
        let type = CaseReference(reference)?.caseType
        let setting: StoreSetting = switch type {
        case .tenancy: .retentionTenancyYears
        case .safeguarding: .retentionSafeguardingAdultYears
        default: .retentionComplaintYears
        }
        let kept = years(setting)
        let afterClosure = closedOn.addingYears(kept)
        let plain = "\(reference) closed \(closedOn), kept \(Self.years(kept)) to \(afterClosure)"
        guard type == .safeguarding else {
            return CaseHold(reference: reference, closedOn: closedOn, keptUntil: afterClosure, rule: plain)
        }
        let concern = try Concern.read(reference, in: reader)
        let subject = facts.caseSubject[reference]
        let born = try subject.flatMap { try births.dateOfBirth(of: $0, in: reader) }
        let isChild = concern.hasChildCategory || born.map { $0.addingYears(18) > concern.occurredOn } ?? false
        guard isChild else { return CaseHold(reference: reference, closedOn: closedOn, keptUntil: afterClosure, rule: plain) }
        let age = years(.retentionSafeguardingChildUntilAge)
        guard let born else {
            return CaseHold(reference: reference, closedOn: closedOn, keptUntil: nil,
                            rule: "\(reference) closed \(closedOn) is about a child whose date of birth is not recorded: kept until one is")
        }
        let birthday = born.addingYears(age)
        guard birthday > afterClosure else {
            return CaseHold(reference: reference, closedOn: closedOn, keptUntil: afterClosure,
                            rule: plain + " (about a child: later than their \(Self.ordinal(age)) birthday)")
        }
        return CaseHold(reference: reference, closedOn: closedOn, keptUntil: birthday,
                        rule: "\(reference) closed \(closedOn), about a child: kept to their \(Self.ordinal(age)) birthday, \(birthday)")
    }

    /// "25th", "21st".
    static func ordinal(_ number: Int) -> String {
        let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }

    /// What a safeguarding concern's opening says that retention needs: its categories and the
    /// day it happened, as corrected.
    struct Concern {
        var categories: [String] = []
        var occurredOn = CalendarDate(daysSince1970: 0)

        var hasChildCategory: Bool { categories.contains { $0.hasPrefix("child-") } }

        static func read(_ reference: String, in reader: borrowing LogReader) throws -> Concern {
            var concern = Concern()
            var opening: EventID?
            try reader.scanStream(reference) { record in
                if record.version == 1 {
                    opening = record.eventID
                    concern.categories = StreamFacts.strings(record.data["categories"])
                    concern.occurredOn = EuropeLondon.date(of: record.occurredAt)
                } else if record.typeBytes.elementsEqual("case.entry-corrected".utf8), let opening,
                          let text = record.data["eventId"]?.textBytes, EventID(text: text) == opening,
                          let list = record.data["changes"]?["categories"] {
                    concern.categories = StreamFacts.strings(list)
                }
            }
            return concern
        }
    }

    /// The dates of birth read, once per subject.
    struct BirthDates {
        private var known: [String: CalendarDate?] = [:]
        /// The subjects whose date of birth was read, in the order they were.
        private(set) var read: [String] = []

        /// The subject's latest recorded `dateOfBirth` (†, from its personal sections); nil
        /// when none is recorded, or it has been erased.
        mutating func dateOfBirth(of subject: String, in reader: borrowing LogReader) throws -> CalendarDate? {
            if let cached = known[subject] { return cached }
            var latest: CalendarDate?
            try reader.scanStream(subject) { record in
                guard record.typeBytes.starts(with: "subject.".utf8) else { return }
                let content = try ReplayContent(record, in: reader)
                if let text = content.personalText("dateOfBirth", includesPersonal: true), let date = CalendarDate(text) { latest = date }
            }
            known[subject] = .some(latest)
            read.append(subject)
            return latest
        }
    }
}

extension CalendarDate {
    /// The same day `years` years later; 28 February for a 29 February in a year without one.
    public func addingYears(_ years: Int) -> CalendarDate {
        let (year, month, day) = components
        return CalendarDate(year: year + years, month: month, day: day)
            ?? CalendarDate(year: year + years, month: month, day: day - 1) ?? self
    }
}
