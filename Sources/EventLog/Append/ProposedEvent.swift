import Codec
/// An event to append: what happened, to whom, when, and its data.
///
/// `data` must be one deterministic CBOR map (docs/FORMAT.md); `personal`, when present, holds
/// the fields that identify a person, stored apart so that they can be erased later.
public struct ProposedEvent: Sendable, Equatable {
    /// Its identity. Appending an id already in the log is a no-op when the content is the
    /// same (the original position is returned) and an error when it is not.
    public var id: EventID
    /// The event type, 1–255 bytes of UTF-8 (for example `complaint.received`).
    public var type: String
    /// When it happened, as stated by the person recording it.
    public var occurredAt: Timestamp
    /// The data: a deterministic CBOR map.
    public var data: [UInt8]
    /// The personal-data fields, if any.
    public var personal: PersonalData?
    /// The id of the process or conversation the event belongs to.
    public var correlationID: EventID?
    /// The id of the event that caused this one.
    public var causationID: EventID?
    /// When the store wrote it. Nil (the normal case) means now, by the store's clock. Set it
    /// only when restoring an export, whose hashes prove the original times, or when writing
    /// a simulated history.
    public var recordedAt: Timestamp?
    /// Who recorded it. Nil (the normal case) means the writer's actor; set it only when
    /// restoring an export.
    public var actor: String?

    /// The CBOR of an empty map.
    public static let emptyData: [UInt8] = [0xA0]

    /// An event with the given content; `id` defaults to a random UUID.
    public init(
        id: EventID = .random(), type: String, occurredAt: Timestamp, data: [UInt8] = ProposedEvent.emptyData,
        personal: PersonalData? = nil, correlationID: EventID? = nil, causationID: EventID? = nil,
        recordedAt: Timestamp? = nil, actor: String? = nil
    ) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.data = data
        self.personal = personal
        self.correlationID = correlationID
        self.causationID = causationID
        self.recordedAt = recordedAt
        self.actor = actor
    }
}

/// The personal-data fields of one event: a deterministic CBOR map, sealed with a random salt
/// so that its digest (which the hash chain covers) reveals nothing once the fields are erased.
public struct PersonalData: Sendable, Equatable {
    /// The fields: a deterministic CBOR map.
    public var fields: [UInt8] { didSet { sealed = nil } }
    /// 16 random bytes. Nil makes the store draw them; give them only to restore an export.
    public var salt: [UInt8]? { didSet { sealed = nil } }
    /// The stored section and its SHA-256, made ahead of the write by `sealedAhead`; nil
    /// makes the writer seal the fields itself. Changing the fields or the salt drops it.
    /// (A reference: every event carries the slot.)
    package private(set) var sealed: SealedPersonalSection?

    /// Personal fields, with a salt to draw or to keep.
    public init(fields: [UInt8], salt: [UInt8]? = nil) {
        self.fields = fields
        self.salt = salt
    }

    /// `fields` sealed now, with a salt drawn from `salts`, on a thread other than the
    /// writer's (the importer's reading thread): the writer then only stores the section.
    package static func sealedAhead(fields: [UInt8], salts: inout SaltPool, hasher: SHA256) -> PersonalData {
        let bytes = PersonalSectionView.seal(PersonalData(fields: fields), salts: &salts)
        var data = PersonalData(fields: fields, salt: Array(bytes[1..<PersonalSectionView.headerSize]))
        data.sealed = SealedPersonalSection(bytes: bytes, digest: bytes.withUnsafeBytes { hasher.digest($0) })
        return data
    }

    /// The fields and salt are the data; whether it was sealed ahead is not.
    public static func == (lhs: PersonalData, rhs: PersonalData) -> Bool {
        lhs.fields == rhs.fields && lhs.salt == rhs.salt
    }
}

/// A personal-data section as it will be stored, and its SHA-256 (`PersonalData.sealedAhead`).
package final class SealedPersonalSection: Sendable {
    package let bytes: [UInt8]
    package let digest: ChainHash

    init(bytes: [UInt8], digest: ChainHash) {
        self.bytes = bytes
        self.digest = digest
    }
}

/// What the stream's version must be for an append to go ahead (optimistic concurrency).
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// Append whatever the version.
    case any
    /// The stream must not exist yet (version 0).
    case noStream
    /// The stream must exist (version ≥ 1).
    case streamExists
    /// The stream must be at exactly this version (0 means "no stream yet").
    case exactly(UInt64)

    /// True when a stream at `version` satisfies the expectation.
    public func isSatisfied(by version: UInt64) -> Bool {
        switch self {
        case .any: true
        case .noStream: version == 0
        case .streamExists: version > 0
        case .exactly(let expected): version == expected
        }
    }

    public var description: String {
        switch self {
        case .any: "any version"
        case .noStream: "no stream (version 0)"
        case .streamExists: "an existing stream"
        case .exactly(let version): "version \(version)"
        }
    }
}

/// What an append did.
public struct AppendResult: Sendable, Equatable {
    /// The stream appended to.
    public let stream: String
    /// Position of the first event; the others follow it without a gap.
    public let firstPosition: UInt64
    /// Stream version after the first event; each later event adds one.
    public let firstVersion: UInt64
    /// How many events.
    public let count: Int
    /// True when every event was already in the log with the same content: nothing was
    /// written and the original positions are returned.
    public let wasAlreadyAppended: Bool

    /// Position of each event, in order.
    public var positions: [UInt64] { (0..<UInt64(count)).map { firstPosition + $0 } }
    /// Stream version after each event, in order.
    public var versions: [UInt64] { (0..<UInt64(count)).map { firstVersion + $0 } }
}
