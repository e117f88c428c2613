import Casework
import EventLog

/// Why a read of † fields was not made: its `access.personal-read` could not be written (the
/// store may not be written, or a writer is stuck past `write.wait-seconds`). DOMAIN.md §13:
/// reads that cannot be logged are not made. The command line exits 77; the server answers 503.
public struct AccessLogUnwritable: Error, Sendable, CustomStringConvertible {
    /// What stopped the write, as its own error says it.
    public let why: String
    public var description: String { "reads that cannot be logged are not made" }
}

extension CaseStore {
    /// The error a read of † fields is refused with when logging it failed with `error`: a
    /// store that may not be written, or a writer stuck too long, refuses the read
    /// (`AccessLogUnwritable`, not permitted); anything else (a damaged store) stays itself.
    public static func unloggedRead(_ error: any Error) -> any Error {
        let failure = CaselogError(error)
        guard failure.kind == .notPermitted || failure.kind == .conflict else { return error }
        return CaselogError(.notPermitted, "personal (†) fields are shown only when the read is logged, and the access log cannot be "
            + "written (\(failure.message)); nothing was shown: read without them (--without-personal, or without include-personal=true)",
                            cause: AccessLogUnwritable(why: failure.message))
    }

    /// The access-log entry for `user`'s read of `cases`: their subjects found in the store.
    public func personalRead(of cases: [String], by user: AccessUser, purpose: String) throws -> PersonalRead {
        var subjects: Set<String> = []
        var all: [String] = []
        for reference in cases {
            guard let read = try authorizeRead(of: reference, by: user) else { continue }
            subjects.formUnion(read.subjects)
            all += read.cases
        }
        return PersonalRead(user: user.name, subjects: subjects.sorted(), cases: all, purpose: purpose)
    }

    /// The access-log entry for `user`'s bulk read (an export) from position `from` through the
    /// head now: how many subjects the store has, and the positions.
    public func bulkPersonalRead(from: UInt64, by user: AccessUser, purpose: String) throws -> PersonalRead {
        try log.read { reader in
            var subjects = 0
            try reader.forEachStream { if CaseReference($0.name)?.caseType == .subject { subjects += 1 } }
            let head = try reader.head().position
            var read = PersonalRead(user: user.name, subjects: [], cases: [], purpose: purpose)
            read.bulk = PersonalRead.Bulk(subjectCount: subjects, positions: from...max(from, head))
            return read
        }
    }
}

extension PersonalRead {
    /// The longest break-glass reason, in UTF-8 bytes.
    public static let longestReason = 500

    /// `text` as a break-glass reason: one line of at most 500 characters, spaces around it dropped.
    ///
    /// - Throws: `CaselogError` (usage) naming the rule.
    public static func checkedReason(_ text: String) throws(CaselogError) -> String {
        let reason = text.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty, reason.utf8.count <= longestReason,
              reason.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw CaselogError(.usage, "a break-glass reason is one line of at most \(longestReason) characters", cause: BadReason())
        }
        return reason
    }

    /// Why a reason was refused (the cause of the usage error).
    public struct BadReason: Error {}
}
