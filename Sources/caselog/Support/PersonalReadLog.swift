import CaseStore
import Projections
import EventLog

/// The local command line's reads of † fields, logged as the server logs its own
/// (`access.personal-read`, docs/ACCESS.md): by the OS login (the store's owner, an admin),
/// with `--on-behalf-of` as the person they acted for, in a durable write made before anything is
/// printed. A read whose log cannot be written is not made (DOMAIN.md §13): exit 77, naming
/// `--without-personal`, which reads without a log.
extension GlobalOptions {
    /// The client of `--server` with `reason` (break glass) to send; nil to work locally, where
    /// the owner reads as an admin and a reason is refused (64) so that nobody thinks it recorded.
    func server(reason: String?) throws -> ServerClient? {
        let checked = try reason.map { text throws(CaselogError) in try PersonalRead.checkedReason(text) }
        guard var client = try server() else {
            if reason != nil {
                throw CommandFailure(code: ExitStatus.usage, message: "--reason is for reading beyond your role through --server; "
                    + "on the store's machine its owner reads every case")
            }
            return nil
        }
        client.reason = checked
        return client
    }

    /// Logs a read of the cases `cases` (their subjects found in the store) through `purpose`.
    func logPersonalRead(of cases: [String], purpose: String) throws {
        try logging { store in try store.personalRead(of: cases, by: .owner(login), purpose: purpose) }
    }

    /// Logs, before they are printed, the break-glass reasons about to be shown among `entries`
    /// (`PersonalRead.reasonsShown`); nothing when no reason is shown.
    func logReasonsShown(in entries: [AccessLogEntry], purpose: String) throws {
        guard let read = PersonalRead.reasonsShown(in: entries, by: .owner(login), purpose: purpose) else { return }
        try logging { _ in read }
    }

    /// Logs the read of a subject access bundle (purpose `subject-access`).
    func logSubjectAccess(_ bundle: SubjectAccessBundle) throws {
        try logging { store in store.subjectAccessRead(bundle, by: .owner(login)) }
    }

    /// Logs a retention run's read of dates of birth (purpose `retention`).
    func logRetentionRead(_ schedule: RetentionSchedule) throws {
        try logging { store in store.retentionRead(schedule, by: .owner(login)) }
    }

    /// `logRetentionRead`, through `store`, opened to write (a retention run holding the key
    /// store alone: opening the store again would wait for its own lock).
    func logRetentionRead(_ schedule: RetentionSchedule, in store: CaseStore) throws {
        try log(store.retentionRead(schedule, by: .owner(login)), in: store)
    }

    /// Logs a search's read of the subjects it found (purpose `find`) through `store`.
    func logFind(_ result: SubjectSearchResult, in store: CaseStore) throws {
        try log(store.findRead(result, by: .owner(login)), in: store)
    }

    /// Logs `read` through `store`, opened to write, for whom the store acts; a failure is the
    /// library's to classify (`CaseStore.unloggedRead`).
    private func log(_ read: PersonalRead, in store: CaseStore) throws {
        do {
            var read = read
            read.onBehalfOf = store.onBehalfOf
            try store.recordPersonalRead(read)
        } catch {
            throw CaseStore.unloggedRead(error)
        }
    }

    /// Logs a bulk read (an export) of the positions from `from` to the head, and returns that
    /// head: the read goes through it, so that it does not hold its own log entry.
    func logBulkPersonalRead(from: UInt64, purpose: String) throws -> UInt64 {
        let read = try logging { store in try store.bulkPersonalRead(from: from, by: .owner(login), purpose: purpose) }
        return read.bulk?.positions.upperBound ?? from
    }

    /// Opens the store to write, makes the entry, and records it by the login with
    /// `--on-behalf-of` beside it; a failure is the library's to classify (`CaseStore.unloggedRead`).
    @discardableResult
    private func logging(_ entry: (CaseStore) throws -> PersonalRead) throws -> PersonalRead {
        do {
            let store = try openCaseStore()
            var read = try entry(store)
            read.onBehalfOf = store.onBehalfOf
            try store.recordPersonalRead(read)
            return read
        } catch {
            throw CaseStore.unloggedRead(error)
        }
    }
}
