import Codec
import EventLog

extension AccessStream {
    /// An `access.personal-read` event as the access stream keeps it: the reason (†) in the
    /// personal section, everything else in the data map; a bulk read (`subjects` nil) with
    /// `subjectCount` and the position range instead of a list. The one builder of these events:
    /// `PersonalRead` records them with it, and the tests of the access log and review append
    /// reads at chosen times (`recordedAt`) through `LogWriter.append`.
    package static func personalReadEvent(
        user: String, subjects: [String]?, cases: [String] = [], purpose: String, breakGlass: Bool = false,
        reason: String? = nil, subjectCount: Int? = nil, positions: ClosedRange<UInt64>? = nil, onBehalfOf: String? = nil,
        at time: Timestamp
    ) -> ProposedEvent {
        var fields: [String: CBORValue] = ["user": .text(user), "purpose": .text(purpose), "breakGlass": .bool(breakGlass)]
        if let subjects { fields["subjects"] = .array(subjects.map(CBORValue.text)) }
        if !cases.isEmpty { fields["cases"] = .array(cases.map(CBORValue.text)) }
        if let subjectCount { fields["subjectCount"] = .integer(Int64(subjectCount)) }
        if let positions {
            fields["fromPosition"] = .integer(Int64(positions.lowerBound))
            fields["throughPosition"] = .integer(Int64(positions.upperBound))
        }
        if let onBehalfOf { fields["onBehalfOf"] = .text(onBehalfOf) }
        let personal = reason.map { PersonalData(fields: CBORValue.map(["reason": .text($0)]).encoded()) }
        return ProposedEvent(type: personalRead, occurredAt: time, data: CBORValue.map(fields).encoded(), personal: personal,
                             recordedAt: time)
    }

    /// An `access.unusual-detected` event at `time` (as `personalReadEvent`, for tests).
    package static func unusualDetectedEvent(user: String, rule: String, subjects: Int, at time: Timestamp) -> ProposedEvent {
        let fields: [String: CBORValue] = ["user": .text(user), "rule": .text(rule), "subjects": .integer(Int64(subjects))]
        return ProposedEvent(type: unusualDetected, occurredAt: time, data: CBORValue.map(fields).encoded(), recordedAt: time)
    }
}
