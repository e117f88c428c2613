import Casework
import CaseStore

extension ServerClient {
    /// The most a server reads of one request's body (`CaselogRequestContext.maxUploadSize`)
    /// and the most events it takes in one (`EventsBody.maximumEvents`).
    static let largestBody = 16 << 20
    static let mostEvents = 10_000

    /// Records `event` (from `caselog record`'s arguments) as the token's user. A refusal is
    /// worded as a local `record` words it: one event, so no line number.
    func record(_ event: NewEvent) throws -> [Recorded] {
        do {
            return try record([event.jsonLine()], asArray: false)
        } catch let failure as CommandFailure where failure.message.hasPrefix("line 1: ") {
            throw CommandFailure(code: failure.code, message: String(failure.message.dropFirst("line 1: ".count)))
        }
    }

    /// Records the event lines `reader` reads (blank ones skipped) as one request, all or
    /// none. A refused line is named by its number in the input, as locally.
    ///
    /// - Throws: `CommandFailure` (64) for input over `largestBody` or `mostEvents`, naming
    ///   `source`, before anything is sent; what `record(_:asArray:)` throws.
    func record(_ reader: LineReader, source: String = "standard input") throws -> [Recorded] {
        var lines: [[UInt8]] = []
        var numbers: [Int] = []
        var size = 2
        try reader.forEachLine { number, bytes, _ in
            guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
            size += bytes.count + 1
            guard size <= Self.largestBody else {
                throw CommandFailure(code: ExitStatus.usage, message: "\(source) is larger than 16 MiB, the most a server takes in one "
                    + "request: split it, or import it on the store's machine")
            }
            lines.append(Array(bytes))
            numbers.append(number)
        }
        guard lines.count <= Self.mostEvents else {
            throw CommandFailure(code: ExitStatus.usage, message: "\(source) holds \(lines.count) events; a server takes at most "
                + "\(Self.mostEvents) in one request: split it, or import it on the store's machine")
        }
        guard !lines.isEmpty else { return [] }
        do {
            return try record(lines)
        } catch let failure as CommandFailure {
            throw Self.renumbered(failure, numbers)
        }
    }

    /// `failure` with the "line K" it starts with (K counting the lines sent) turned into the
    /// input's line number.
    private static func renumbered(_ failure: CommandFailure, _ numbers: [Int]) -> CommandFailure {
        guard failure.message.hasPrefix("line ") else { return failure }
        let rest = failure.message.dropFirst("line ".count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let sent = Int(digits), (1...numbers.count).contains(sent), rest.dropFirst(digits.count).hasPrefix(":") else { return failure }
        return CommandFailure(code: failure.code, message: "line \(numbers[sent - 1])" + rest.dropFirst(digits.count))
    }
}
