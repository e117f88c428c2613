import EventLog

/// What a case's lifecycle allows next, kept with its stream head (`StreamHead.state`) so that
/// checking an event never replays the case (DOMAIN.md §2–5; the rules are in
/// `CaseLifecycle+Rules.swift`).
///
/// It holds flags (closed, withdrawn, triaged, the complaint's stage and which steps are done,
/// whether feedback is a suggestion and which of its steps are done),
/// the worker the case is assigned to and the subject it is about, and the ids the case has
/// set: visits, goals, actions, findings, recommendations and learning items, each with whether
/// it is done. It never holds personal data.
///
/// The worker and subject are in its layout (docs/FORMAT.md §2), which `caselog verify` holds
/// to the events, so they are still kept, by the case summary's own rules; but a correction does
/// not reach them (a lifecycle keeps no event ids), so nothing reads a case's worker or subject
/// from here: `CaseSummary` is where a case's state, worker and subject are read.
///
/// Encoded as docs/FORMAT.md §2 ("Stream state") describes: a few hundred bytes for a busy case.
public struct CaseLifecycle: Sendable, Equatable {
    /// Flags of the lifecycle, one bit each.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The case was closed (or, for a complaint, withdrawn) and not reopened since.
        public static let closed = Flags(rawValue: 1 << 0)
        /// The complaint was withdrawn (and not reopened since).
        public static let withdrawn = Flags(rawValue: 1 << 1)
        /// The safeguarding concern has been triaged.
        public static let triaged = Flags(rawValue: 1 << 2)
        /// The complaint was escalated: it is at stage 2.
        public static let escalated = Flags(rawValue: 1 << 3)
        /// The complaint's stage 1 was acknowledged.
        public static let acknowledgedStage1 = Flags(rawValue: 1 << 4)
        /// The complaint's stage 1 was responded to.
        public static let respondedStage1 = Flags(rawValue: 1 << 5)
        /// The complaint's stage 2 was acknowledged.
        public static let acknowledgedStage2 = Flags(rawValue: 1 << 6)
        /// The complaint's stage 2 was responded to.
        public static let respondedStage2 = Flags(rawValue: 1 << 7)
        /// The feedback is a suggestion (its response says whether it was adopted), not a compliment.
        public static let suggestion = Flags(rawValue: 1 << 8)
        /// The feedback was acknowledged.
        public static let feedbackAcknowledged = Flags(rawValue: 1 << 9)
        /// The feedback was responded to.
        public static let feedbackResponded = Flags(rawValue: 1 << 10)
        /// The case's opening event was voided (`case.entry-voided`, DOMAIN.md §10): the whole
        /// case was entered in error and takes nothing more but notes.
        public static let voided = Flags(rawValue: 1 << 11)
    }

    /// What an id names.
    public enum IDKind: UInt8, Sendable, Hashable, CaseIterable {
        case visit = 1, goal, action, finding, recommendation, learning
    }

    /// An id the case has set, and whether what it names is done (a visit completed or missed,
    /// an action completed, a recommendation implemented, learning actioned).
    public struct TrackedID: Sendable, Equatable {
        public var kind: IDKind
        public var id: String
        public var isDone: Bool
    }

    /// The first byte of the encoding; a later layout gets a new number.
    static let encodingVersion: UInt8 = 1

    public var flags: Flags = []
    /// The worker of the `case.assigned` with the latest `occurredAt` (`CaseSummary.isLatest`),
    /// before any correction: read `CaseSummary.assignedTo` for the case's worker.
    public var assignedTo: String?
    /// The `occurredAt` of that assignment, in microseconds.
    public var assignedAt: Int64 = .min
    /// The subject the case is about: the opening event's `household`, `subject` or
    /// `complainant`, feedback's `from` (nil for a panel review, feedback from no one named, and
/// for a subject's own stream), before any
    /// correction: read `CaseSummary.subject` for the case's subject.
    public var subject: String?
    /// The ids set so far, in the order they were set.
    public var ids: [TrackedID] = []

    /// A case with nothing recorded yet.
    public init() {}

    /// The lifecycle kept with `head`: a new one for a stream with no events yet.
    ///
    /// - Throws: `StoreError.corruptedIndex` when the stream has events but no state this
    ///   version can read (a store written before lifecycles were kept, or damaged).
    public init(head: StreamHead) throws {
        if head.version == 0 {
            self.init()
        } else if let decoded = CaseLifecycle(encoded: head.state) {
            self = decoded
        } else {
            throw StoreError.corruptedIndex(reason: "the stored lifecycle of \(head.name) cannot be read (the store was written "
                + "by an older caselog, or is damaged)")
        }
    }

    /// True while the case is open.
    public var isOpen: Bool { !flags.contains(.closed) }

    /// The complaint's stage: 1, or 2 once escalated.
    public var stage: Int { flags.contains(.escalated) ? 2 : 1 }

    /// The entry for `id` of `kind`, if the case has set it.
    public func tracked(_ kind: IDKind, _ id: String) -> TrackedID? {
        ids.first { $0.kind == kind && $0.id == id }
    }

    // MARK: Encoding

    /// The bytes kept as the stream head's state.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.encodingVersion]
        bytes.reserveCapacity(8 + ids.count * 12)
        withUnsafeBytes(of: flags.rawValue.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: assignedAt.littleEndian) { bytes.append(contentsOf: $0) }
        Self.append(assignedTo ?? "", to: &bytes)
        Self.append(subject ?? "", to: &bytes)
        withUnsafeBytes(of: UInt32(ids.count).littleEndian) { bytes.append(contentsOf: $0) }
        for tracked in ids {
            bytes.append(tracked.kind.rawValue)
            bytes.append(tracked.isDone ? 1 : 0)
            Self.append(tracked.id, to: &bytes)
        }
        return bytes
    }

    /// Decodes a stream head's state; nil when the bytes are not a state this version wrote.
    public init?(encoded bytes: some Collection<UInt8>) {
        var reader = ByteReader(bytes: Array(bytes))
        guard reader.byte() == Self.encodingVersion, let flagBits = reader.uint16(), let low = reader.uint32(),
              let high = reader.uint32(), let assigned = reader.text(), let subject = reader.text(), let count = reader.uint32()
        else { return nil }
        flags = Flags(rawValue: flagBits)
        assignedAt = Int64(bitPattern: UInt64(low) | UInt64(high) << 32)
        assignedTo = assigned.isEmpty ? nil : assigned
        self.subject = subject.isEmpty ? nil : subject
        ids.reserveCapacity(Int(min(count, 4096)))
        for _ in 0..<count {
            guard let kindByte = reader.byte(), let kind = IDKind(rawValue: kindByte), let done = reader.byte(),
                  let id = reader.text()
            else { return nil }
            ids.append(TrackedID(kind: kind, id: id, isDone: done != 0))
        }
        guard reader.isAtEnd else { return nil }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let count = UInt16(clamping: text.utf8.count)
        withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: text.utf8.prefix(Int(count)))
    }

    /// Reads the encoding front to back; every read is nil past the end.
    private struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint16() -> UInt16? {
            guard let low = byte(), let high = byte() else { return nil }
            return UInt16(low) | UInt16(high) << 8
        }

        mutating func uint32() -> UInt32? {
            guard let low = uint16(), let high = uint16() else { return nil }
            return UInt32(low) | UInt32(high) << 16
        }

        mutating func text() -> String? {
            guard let count = uint16().map(Int.init), offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }
    }
}
