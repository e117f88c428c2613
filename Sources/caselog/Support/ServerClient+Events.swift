import Casework
import CaseStore
import EventLog

extension ServerClient {
    /// An event line as `GET /v1/events` sends it (docs/FORMAT.md §7, with the store's
    /// position, actor and hash, without † fields), read.
    struct FedLine: Sendable {
        let event: EventLine
        let position: UInt64
        let actor: String
        let hash: ChainHash
        /// The line as it came, without its line break.
        let bytes: [UInt8]
    }

    /// `line` read, or nil when it is not an event line with the store's fields.
    static func read(_ line: [UInt8]) -> FedLine? {
        var parser = EventLineParser()
        guard let event = try? line.withUnsafeBytes({ try parser.parse($0) }), let provenance = event.provenance else { return nil }
        return FedLine(event: event, position: provenance.position, actor: provenance.actor, hash: provenance.hash, bytes: line)
    }

    /// The chain hash of the event at `position`, as `caselog import` prints the head.
    func hash(at position: UInt64) throws -> String {
        guard position > 0 else { return "\(ChainHash.zero)" }
        guard let line = try eventLines(after: position - 1, limit: 1).first.flatMap(Self.read) else {
            throw CommandFailure(code: ExitStatus.conflict, message: "the server at \(address.url) sent no event at position \(position); try again")
        }
        return "\(line.hash)"
    }

    /// Calls `body` with each event after position `after` (of `type`, when given), as
    /// `caselog tail` prints them: the events there are now, then, when `following`, each new
    /// one as the server's subscription sends it, until interrupted.
    func events(after: UInt64, type: String?, following: Bool, _ body: @escaping @Sendable (FedLine) -> Void) throws {
        let handle: @Sendable ([UInt8]) throws -> UInt64 = { [address] bytes in
            guard let line = Self.read(bytes) else {
                throw CommandFailure(code: ExitStatus.conflict, message: "the server at \(address.url) sent a line that is not an event "
                    + "line: is it a caselog server (`caselog serve`)?")
            }
            if type == nil || line.event.type == type { body(line) }
            return line.position
        }
        var last = after
        while true {
            let page = try eventLines(after: last, limit: 1_000)
            guard !page.isEmpty else { break }
            for bytes in page { last = try handle(bytes) }
        }
        guard following else { return }
        try follow(after: last) { bytes in _ = try handle(bytes) }
    }
}
