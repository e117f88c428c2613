import CaseStore
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// The local command line's reads of † fields, logged as the server logs its own
/// (`access.personal-read`, docs/ACCESS.md): by the OS login (the store's owner, an admin),
/// with `--actor` as the person they acted for, in a durable write made before anything is
/// printed. A read whose log cannot be written is not made (DOMAIN.md §13): exit 77, naming
/// `--without-personal`, which reads without a log.
extension GlobalOptions {
    /// The client of `--server` with `reason` (break glass) to send; nil to work locally, where
    /// the owner reads as an admin and a reason is refused (64) so that nobody thinks it recorded.
    func server(reason: String?) throws -> ServerClient? {
        if let reason {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.utf8.count <= 500,
                  reason.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw CommandFailure(code: ExitStatus.usage, message: "--reason takes one line of 1 to 500 characters")
            }
        }
        guard var client = try server() else {
            if reason != nil {
                throw CommandFailure(code: ExitStatus.usage, message: "--reason is for reading beyond your role through --server; "
                    + "on the store's machine its owner reads every case")
            }
            return nil
        }
        client.reason = reason
        return client
    }

    /// The OS login running the command: the user of its access-log entries.
    var login: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// Logs a read of the cases `cases` (their subjects found in the store) through `purpose`.
    func logPersonalRead(of cases: [String], purpose: String) throws {
        try logging(purpose) { store in
            var subjects: Set<String> = []
            var all: [String] = []
            for reference in cases {
                guard let read = try store.authorizeRead(of: reference, by: .owner(login)) else { continue }
                subjects.formUnion(read.subjects)
                all += read.cases
            }
            return PersonalRead(user: login, subjects: subjects.sorted(), cases: all, purpose: purpose)
        }
    }

    /// Logs a bulk read (an export) of the positions from `from` to the head, and returns that
    /// head: the read goes through it, so that it does not hold its own log entry.
    func logBulkPersonalRead(from: UInt64, purpose: String) throws -> UInt64 {
        var through: UInt64 = 0
        try logging(purpose) { store in
            let (subjects, head) = try store.subjectCountAndHead()
            through = head
            var read = PersonalRead(user: login, subjects: [], cases: [], purpose: purpose)
            read.bulk = PersonalRead.Bulk(subjectCount: subjects, positions: from...max(from, head))
            return read
        }
        return through
    }

    private func logging(_ purpose: String, _ entry: (CaseStore) throws -> PersonalRead) throws {
        let store: CaseStore
        var read: PersonalRead
        do {
            store = try openCaseStore()
            read = try entry(store)
        } catch {
            throw Self.unlogged(error)
        }
        if actorName != login { read.onBehalfOf = actorName }
        do {
            try store.recordPersonalRead(read)
        } catch {
            throw Self.unlogged(error)
        }
    }

    /// `error`, from opening the store to write or writing the log: a store the user may not
    /// write (or read-only media) or a writer stuck past `write.wait-seconds` means the log
    /// cannot be written, and the read is refused (77); anything else (a damaged store) is itself.
    private static func unlogged(_ error: any Error) -> any Error {
        let failure = CaselogError(error)
        guard failure.kind == .notPermitted || failure.kind == .conflict else { return error }
        return refusal(failure.message)
    }

    private static func refusal(_ why: String) -> CaselogError {
        CaselogError(.notPermitted, "personal (†) fields are shown only when the read is logged, and the access log cannot be written "
            + "(\(why)); nothing was shown: add --without-personal to read without them", cause: AccessDenied(rule: "reads that cannot be logged are not made"))
    }
}
