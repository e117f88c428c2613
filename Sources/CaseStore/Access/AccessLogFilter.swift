import Casework

/// Which personal reads `CaseStore.accessLog(_:)` lists (`caselog access-log`'s options), and
/// whether it reads the † reason of a break-glass read.
public struct AccessLogFilter: Sendable, Equatable {
    /// Only reads of this subject (P-NNNNNN): those that list it, and every bulk read, which
    /// lists none and may have read any subject.
    public let subject: String?
    /// Only this user's reads.
    public let user: String?
    /// Only reads recorded on these days (UTC).
    public let period: AccessPeriod
    /// True to read the reason given for each break-glass read (personal data, DOMAIN.md §8).
    public let includesPersonal: Bool

    /// A filter; every part left out lets every read through.
    ///
    /// - Throws: `CaselogError` (usage, exit 64) for a `subject` that is not a subject
    ///   reference or a `user` that could not be a user name.
    public init(subject: String? = nil, user: String? = nil, period: AccessPeriod = .whole,
                includesPersonal: Bool = false) throws(CaselogError) {
        if let subject, CaseReference(subject)?.caseType != .subject {
            throw CaselogError(.usage, "--subject \"\(ValidationError.shown(subject))\" is not a subject reference: expected P-NNNNNN",
                               cause: AccessFilterError.notASubject(subject))
        }
        if let user {
            do {
                try CaseStore.checkUserName(user)
            } catch {
                let failure = CaselogError(error)
                throw CaselogError(failure.kind, "--user: \(failure.message)", cause: failure.cause)
            }
        }
        self.subject = subject
        self.user = user
        self.period = period
        self.includesPersonal = includesPersonal
    }

    /// True when `entry` passes the filter.
    func admits(_ entry: AccessLogEntry) -> Bool {
        if let user, entry.user != user { return false }
        if let subject, let subjects = entry.subjects, !subjects.contains(subject) { return false }
        return period.contains(entry.recordedAt)
    }
}
