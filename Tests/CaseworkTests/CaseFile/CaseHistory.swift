@testable import Casework
#if canImport(EventLog)
import EventLog
#endif
import Codec

/// A case's events written in a test as JSON, folded into a `CaseFile` one by one with
/// versions 1, 2, 3…: no store needed.
struct CaseHistory {
    private(set) var file: CaseFile
    private var version: UInt64 = 0

    init(_ reference: String) {
        file = CaseFile(reference: reference)!
    }

    /// Records an event of `type` that occurred at `utc` (RFC 3339) with `json` data, and
    /// returns its id (for a correction to name).
    @discardableResult
    mutating func record(_ type: String, at utc: String, _ json: String = "{}", id: EventID = .random()) -> EventID {
        version += 1
        let data = Self.cbor(json)
        data.withUnsafeBytes { bytes in
            file.apply(type: type, version: version, occurredAt: Timestamp(iso8601: utc)!, eventID: id, data: CBORView(bytes))
        }
        return id
    }

    /// Records a `case.entry-corrected` of the event `corrected` with `changes` (a JSON object).
    @discardableResult
    mutating func correct(_ corrected: EventID, at utc: String, changes: String) -> EventID {
        record("case.entry-corrected", at: utc, #"{"eventId":"\#(corrected)","reason":"typed wrongly","changes":\#(changes)}"#)
    }

    /// The deadline of `step`, if the case file has one.
    func deadline(_ step: DeadlineStep, triageTarget: TriageTarget = .standard) -> Deadline? {
        file.deadlines(triageTarget: triageTarget).first { $0.step == step }
    }

    /// The names of the deadlines' steps, in the case file's order.
    var stepNames: [String] { file.deadlines().map(\.step.name) }

    /// `json` as deterministic CBOR, as the store keeps data.
    static func cbor(_ json: String) -> [UInt8] {
        var writer = CBORWriter()
        Array(json.utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            try! scanner.transcodeValue(into: &writer)
        }
        return writer.bytes
    }
}

/// An instant from RFC 3339 text.
func at(_ utc: String) -> Timestamp { Timestamp(iso8601: utc)! }

/// A date from `YYYY-MM-DD`.
func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
