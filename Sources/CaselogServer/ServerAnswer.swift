import Codec

/// The server's JSON answers read back, for its clients (the command line with `--server`):
/// beside the routes that write them, so that the wire format is defined in one module, and
/// read with the store's own JSON scanner rather than a second parser.
public enum ServerAnswer {
    /// One event of a `201` answer to `POST /v1/events`.
    public struct Recorded: Sendable, Equatable {
        public let caseReference: String
        public let version: UInt64
        public let position: UInt64
        /// True when the event was in the log already (a retried id): nothing was written.
        public let wasAlreadyRecorded: Bool
    }

    /// The events of a `201` answer (`{"events":[{"case","version","position"}…]}`), or nil
    /// when `body` is not one.
    public static func recorded(_ body: [UInt8]) -> [Recorded]? {
        guard case .map(let answer)? = value(body), case .array(let events)? = answer["events"] else { return nil }
        var recorded: [Recorded] = []
        for event in events {
            guard case .map(let fields) = event, case .text(let reference)? = fields["case"],
                  case .integer(let version)? = fields["version"], case .integer(let position)? = fields["position"],
                  version >= 0, position >= 0 else { return nil }
            let again = if case .bool(true)? = fields["alreadyRecorded"] { true } else { false }
            recorded.append(Recorded(caseReference: reference, version: UInt64(version), position: UInt64(position), wasAlreadyRecorded: again))
        }
        return recorded
    }

    /// The `warnings` of a `201` answer to `POST /v1/events` (a likely duplicate, DOMAIN.md §13); none when it has none.
    public static func warnings(_ body: [UInt8]) -> [String] {
        guard case .map(let answer)? = value(body), case .array(let warnings)? = answer["warnings"] else { return [] }
        return warnings.compactMap { if case .text(let warning) = $0 { warning } else { nil } }
    }

    /// The head position of a `GET /health` answer (`{"status":"ok","head":N}`), or nil.
    public static func head(_ body: [UInt8]) -> UInt64? {
        guard case .map(let answer)? = value(body), case .integer(let head)? = answer["head"], head >= 0 else { return nil }
        return UInt64(head)
    }

    /// The `detail` and `exitCode` of a problem answer (RFC 9457, as `ServerProblem` writes
    /// it), or nil when `body` is not one with an exit code from 1 to 125.
    public static func problem(_ body: [UInt8]) -> (detail: String, exitCode: Int32)? {
        guard case .map(let problem)? = value(body), case .text(let detail)? = problem["detail"],
              case .integer(let code)? = problem["exitCode"], (1...125).contains(code) else { return nil }
        return (detail, Int32(code))
    }

    /// `body` as one JSON value, or nil when it is not exactly one.
    private static func value(_ body: [UInt8]) -> CBORValue? {
        body.withUnsafeBytes { try? CBORValue(json: $0) }
    }
}
