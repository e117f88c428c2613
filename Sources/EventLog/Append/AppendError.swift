import Codec
/// Why an append was refused. Nothing of a refused append is written.
public enum AppendError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream was not at the expected version: somebody else wrote first. Read and retry.
    case wrongExpectedVersion(stream: String, expected: ExpectedVersion, actual: UInt64)
    /// The id is already in the log, at `position`, with different content.
    case idConflict(id: EventID, position: UInt64)
    /// The same id appears twice in one append.
    case duplicateIDInAppend(id: EventID)
    /// A stream name, type or actor is empty or longer than 255 bytes.
    case invalidName(field: String, reason: String)
    /// The data or personal fields are not one deterministic CBOR map.
    case invalidData(field: String, reason: String)
    /// The salt of a personal section is not 16 bytes.
    case invalidSalt(length: Int)
    /// The event is larger than the 1 MiB limit.
    case tooLarge(bytes: Int, limit: Int)
    /// An append of no events.
    case empty(stream: String)

    public var description: String {
        switch self {
        case let .wrongExpectedVersion(stream, expected, actual):
            "version conflict on \(stream): expected \(expected), but it is at version \(actual)"
        case let .idConflict(id, position):
            "event id \(id) is already in the log at position \(position) with different content"
        case let .duplicateIDInAppend(id):
            "event id \(id) appears twice in one append"
        case let .invalidName(field, reason):
            "invalid \(field): \(reason)"
        case let .invalidData(field, reason):
            "invalid \(field): \(reason)"
        case let .invalidSalt(length):
            "invalid personal-data salt: expected 16 bytes, found \(length)"
        case let .tooLarge(bytes, limit):
            "event is \(bytes) bytes, over the limit of \(limit) bytes"
        case let .empty(stream):
            "nothing to append to \(stream)"
        }
    }
}
