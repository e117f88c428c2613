import CaseStore
import Casework
import Codec

/// The body of `POST /v1/events`: one event line of docs/FORMAT.md §7, or a JSON array of
/// them, read with the import's own parser (`EventLineParser`) into typed events.
enum EventsBody {
    /// Why a body is no JSON object or array of objects (400).
    struct Malformed: Error {}

    /// Why a line was refused before it reached the recorder (422).
    struct LineRefused: Error, CustomStringConvertible {
        let description: String
    }

    /// The most events one request may carry.
    static let maximumEvents = 10_000

    /// The events of `body`, in order.
    ///
    /// - Throws: `CaselogError` (usage, 400) for a body that is not one JSON object or an array
    ///   of them, or is empty; `CaselogError` (invalid, 422) naming the line as
    ///   `caselog record --stdin` does for a line the parser refuses, or one that carries
    ///   `actor`, `recordedAt`, an export's provenance or `onBehalfOf` in its data (on the
    ///   server, who and when is the store's to say: the token's user, for nobody else).
    static func events(in body: [UInt8]) throws -> [NewEvent] {
        let elements = try body.withUnsafeBytes { try elementRanges(in: $0) }
        guard !elements.isEmpty else { throw malformed("the body holds no event: send one event line or a JSON array of them") }
        guard elements.count <= maximumEvents else {
            throw malformed("the body holds \(elements.count) events; at most \(maximumEvents) go in one request")
        }
        var parser = EventLineParser()
        var events: [NewEvent] = []
        events.reserveCapacity(elements.count)
        for (index, range) in elements.enumerated() {
            let line = index + 1
            do {
                let parsed = try body.withUnsafeBytes { try parser.parse(UnsafeRawBufferPointer(rebasing: $0[range])) }
                if parsed.actor != nil || parsed.recordedAt != nil || parsed.provenance != nil || Self.saysOnBehalfOf(parsed) {
                    throw LineRefused(description: "on the server the actor is the token's user and the time the store's: "
                        + "a line may not carry actor, recordedAt, position or hash, nor onBehalfOf in its data")
                }
                events.append(try NewEvent(parsed))
            } catch let error as EventLineError {
                throw refused(line, error.message, cause: error)
            } catch let error as ValidationError {
                throw refused(line, error.description, cause: error)
            } catch let error as LineRefused {
                throw refused(line, error.description, cause: error)
            }
        }
        return events
    }

    /// True when the line's data, or its personal fields, give `onBehalfOf` (`OnBehalfOf`):
    /// whom the command line's owner acted for, which a token's user never claims.
    private static func saysOnBehalfOf(_ line: EventLine) -> Bool {
        [line.data, line.personal ?? []].contains { map in map.withUnsafeBytes { CBORView($0)[OnBehalfOf.field] != nil } }
    }

    /// The byte ranges of the body's one object, or of each element of its array.
    private static func elementRanges(in bytes: UnsafeRawBufferPointer) throws -> [Range<Int>] {
        var scanner = JSONScanner(bytes)
        do {
            switch try scanner.peekKind() {
            case .object:
                let start = scanner.offset
                try scanner.skipValue()
                let range = start..<scanner.offset
                try scanner.end()
                return [range]
            case .array:
                var ranges: [Range<Int>] = []
                try scanner.beginArray()
                while try scanner.nextElement() {
                    guard try scanner.peekKind() == .object else { throw malformed("element \(ranges.count + 1) of the array is not a JSON object") }
                    let start = scanner.offset
                    try scanner.skipValue()
                    ranges.append(start..<scanner.offset)
                }
                try scanner.end()
                return ranges
            default:
                throw malformed("the body is not an event line: send one JSON object, or a JSON array of them")
            }
        } catch let error as JSONError {
            throw malformed("the body is not valid JSON: \(error)")
        }
    }

    private static func malformed(_ message: String) -> CaselogError { CaselogError(.usage, message, cause: Malformed()) }

    private static func refused(_ line: Int, _ message: String, cause: any Error) -> CaselogError {
        CaselogError(.invalid, "line \(line): \(message); nothing was written", cause: cause)
    }
}
