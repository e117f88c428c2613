import Casework
import Projections

extension CaseStore {
    /// The purpose an access-log entry of a subject access request names.
    public static let subjectAccessPurpose = "subject-access"

    /// Everything held about the subject `subject` (P-NNNNNN) for a subject access request
    /// (DOMAIN.md §8): their own stream and every case about them in log order, with other
    /// people's † fields redacted, the positions drawn on and the head (`SubjectAccessBundle`);
    /// nil when the store has no such subject. It holds † fields: the caller logs the read
    /// (`subjectAccessRead(_:by:)`) before showing it.
    ///
    /// Cost: one scan of the log, then the subject's streams and their personal sections, in one snapshot.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func subjectAccess(_ subject: String) throws -> SubjectAccessBundle? {
        try log.read { reader in try SubjectAccessBundle.build(for: subject, in: reader) }
    }

    /// The access-log entry for `user`'s read of `bundle`: its subject and its cases, purpose
    /// `subject-access`. Only the subject is named: other people's † fields were redacted.
    public func subjectAccessRead(_ bundle: SubjectAccessBundle, by user: AccessUser) -> PersonalRead {
        PersonalRead(user: user.name, subjects: [bundle.subject], cases: bundle.cases, purpose: Self.subjectAccessPurpose)
    }
}
