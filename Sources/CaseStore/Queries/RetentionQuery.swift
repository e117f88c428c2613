import Casework
import Projections

/// One subject due for erasure by retention, with the date it fell due and why
/// (`RetentionSchedule.Entry`).
public typealias RetentionDue = RetentionSchedule.Entry

extension CaseStore {
    /// The purpose an access-log entry of a retention run names.
    public static let retentionPurpose = "retention"

    /// Every subject's retention as of `asOf` under the settings in force at the head
    /// (DOMAIN.md §8, §13; the rules are `RetentionSchedule`'s): those due, and those not yet
    /// with their date when they have one. It reads the date of birth (†) of the subject of each
    /// closed safeguarding concern: the caller logs that read (`retentionRead(_:by:)`).
    ///
    /// Cost: one scan of the log and of the case summaries, then each closed concern and its subject.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func retentionSchedule(asOf: CalendarDate) throws -> RetentionSchedule {
        try log.read { reader in
            let settings = try OrganisationSettings.inForce(in: reader)
            return try RetentionSchedule.build(asOf: asOf, settings: settings, in: reader)
        }
    }

    /// The subjects due for erasure by retention on `asOf`, soonest first (`retentionSchedule(asOf:)`'s `due`).
    public func retentionDue(asOf: CalendarDate) throws -> [RetentionDue] {
        try retentionSchedule(asOf: asOf).due
    }

    /// The access-log entry for `user`'s retention run: the subjects whose date of birth it
    /// read, purpose `retention`.
    public func retentionRead(_ schedule: RetentionSchedule, by user: AccessUser) -> PersonalRead {
        PersonalRead(user: user.name, subjects: schedule.dateOfBirthRead, cases: [], purpose: Self.retentionPurpose)
    }
}
