import Casework
import Codec
import EventLog

/// One read of personal (†) fields, as its `access.personal-read` event records it (DOMAIN.md §9).
public struct AccessLogEntry: Sendable, Equatable {
    /// The event's position in the log.
    public let position: UInt64
    /// When the store wrote it: when the read was answered.
    public let recordedAt: Timestamp
    /// Who read: the token's user, or the OS login of a local command.
    public let user: String
    /// For whom, when a local command was run with `--on-behalf-of`.
    public let onBehalfOf: String?
    /// Through what: the command or the route (`case`, `GET /v1/cases/{ref}`).
    public let purpose: String
    /// True when the read went beyond the user's role and they gave a reason.
    public let isBreakGlass: Bool
    /// The subjects read (P-NNNNNN); nil for a bulk read (an export), which lists none.
    public let subjects: [String]?
    /// The cases read.
    public let cases: [String]
    /// How many subjects were read: the list's length, or the count a bulk read gives.
    public let subjectCount: Int
    /// The positions a bulk read covered, when it gives them.
    public let positions: ClosedRange<UInt64>?
    /// The reason given for a break-glass read, only when personal fields were asked for:
    /// "erased" once erased from the store; nil otherwise.
    public let reason: String?

    /// True for a read that names no subjects (an export): it may have read any of them.
    public var isBulk: Bool { subjects == nil }

    /// The read recorded by `record` (an `access.personal-read`), its reason read through `reader` when asked.
    ///
    /// - Throws: `StoreError` when the personal section cannot be read.
    init(_ record: RecordView, includingPersonal: Bool, in reader: borrowing LogReader) throws {
        let data = record.data
        position = record.position
        recordedAt = record.recordedAt
        user = data["user"]?.string ?? record.actor
        onBehalfOf = data["onBehalfOf"]?.string
        purpose = data["purpose"]?.string ?? ""
        isBreakGlass = data["breakGlass"]?.bool ?? false
        subjects = data["subjects"].map(Self.texts)
        cases = data["cases"].map(Self.texts) ?? []
        subjectCount = data["subjectCount"]?.integer.map { Int(clamping: $0) } ?? subjects?.count ?? 0
        if let from = data["fromPosition"]?.integer, let through = data["throughPosition"]?.integer, from >= 1, from <= through {
            positions = UInt64(from)...UInt64(through)
        } else {
            positions = nil
        }
        reason = includingPersonal ? try Self.reason(of: record, in: reader) : nil
    }

    private static func texts(_ list: CBORView) -> [String] {
        var texts: [String] = []
        list.forEachElement { if let text = $0.string { texts.append(text) } }
        return texts
    }

    /// The reason in the personal section ("erased" when it is no longer readable), or, from a
    /// writer that put it in the data map, there.
    private static func reason(of record: RecordView, in reader: borrowing LogReader) throws -> String? {
        if record.hasPersonalData {
            guard let section = try reader.personalData(at: record.position), section.isWellFormed else { return "erased" }
            if let reason = section.fields["reason"]?.string { return reason }
        }
        return record.data["reason"]?.string
    }
}

/// The reads `CaseStore.accessLog(_:)` found, as `caselog access-log` prints them.
public struct AccessLogEntries: Sendable, Equatable {
    /// The forms `caselog access-log` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv]

    /// What was asked for.
    public let filter: AccessLogFilter
    /// The reads, in log order.
    public let entries: [AccessLogEntry]
}

extension CaseStore {
    /// The reads of personal fields that `filter` lets through, in log order: "who has read
    /// this person's file, and why" (DOMAIN.md §9). The break-glass reason, itself personal,
    /// is read only when `filter.includesPersonal`.
    ///
    /// Cost: one scan of the access stream in one snapshot (the records' data, and the personal
    /// section of each break-glass read when reasons are asked for).
    ///
    /// - Throws: `StoreError` when the store cannot be read; `CBORError` when a record is damaged.
    public func accessLog(_ filter: AccessLogFilter) throws -> AccessLogEntries {
        try log.read { reader in
            var entries: [AccessLogEntry] = []
            try reader.scanStream(AccessStream.name) { record in
                guard record.typeBytes.elementsEqual(AccessStream.personalRead.utf8) else { return }
                let entry = try AccessLogEntry(record, includingPersonal: filter.includesPersonal, in: reader)
                if filter.admits(entry) { entries.append(entry) }
            }
            return AccessLogEntries(filter: filter, entries: entries)
        }
    }
}

extension PersonalRead {
    /// The access-log entry for `user` shown the break-glass reasons among `entries` (each is
    /// personal: it is about the people that read read): a read of those people and cases
    /// through `purpose`; nil when no reason is shown.
    public static func reasonsShown(in entries: [AccessLogEntry], by user: AccessUser, purpose: String) -> PersonalRead? {
        let shown = entries.filter { $0.reason != nil }
        guard !shown.isEmpty else { return nil }
        return PersonalRead(user: user.name, subjects: Array(Set(shown.flatMap { $0.subjects ?? [] })).sorted(),
                            cases: Array(Set(shown.flatMap(\.cases))).sorted(), purpose: purpose)
    }
}
