import Casework
import EventLog
import Codec

/// The replay as one JSON object, times in UTC (RFC 3339): what was read and why, the cut, and
/// every entry with its fields (as text, as shown), flags and corrections.
public enum ReplayJSON {
    /// The whole replay as JSON bytes, ending in a line break.
    public static func render(_ replay: Replay) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("reference"); json.string(replay.scope.reference)
        json.key("knownAt"); json.stringOrNull(replay.options.knownAt?.iso8601)
        json.key("asOf"); json.stringOrNull(replay.options.asOf?.iso8601)
        json.key("gapDays"); json.integer(Int64(replay.options.gapDays))
        json.key("gapDaysSource"); json.stringOrNull(replay.options.gapDaysSource)
        json.key("includesPersonal"); json.bool(replay.options.includesPersonal)
        json.key("hiddenByKnownAt"); json.integer(Int64(replay.hiddenByKnownAt))
        json.key("hiddenByAsOf"); json.integer(Int64(replay.hiddenByAsOf))
        json.key("subjects"); json.beginArray()
        for subject in replay.scope.subjects { json.string(subject) }
        json.endArray()
        json.key("streams"); json.beginArray()
        for stream in replay.scope.streams {
            json.beginObject()
            json.key("stream"); json.string(stream.name)
            json.key("role"); json.string(stream.role.rawValue)
            json.key("reason"); json.string(stream.reason)
            json.endObject()
        }
        json.endArray()
        json.key("whatWentWrong"); write(replay.failures, &json)
        json.key("entries"); json.beginArray()
        for entry in replay.entries { write(entry, &json) }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    /// The first section: `judgedOn`, `notices`, `breaches` and every deadline, `lateEntries`,
    /// `findingsByFactor`, `recommendations`, `repeatFailures` and the `settings` used.
    private static func write(_ failures: ReplayFailures, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("judgedOn"); json.string(failures.judgedOn.iso8601)
        json.key("notices"); json.beginArray()
        for review in failures.reviewsNotYetOpened { json.string(review.notice) }
        json.endArray()
        json.key("breaches"); json.beginArray()
        for deadline in failures.breaches { write(deadline, &json) }
        json.endArray()
        json.key("deadlines"); json.beginArray()
        for deadline in failures.deadlines { write(deadline, &json) }
        json.endArray()
        json.key("lateEntries"); json.beginArray()
        for entry in failures.lateEntries {
            json.beginObject()
            json.key("position"); json.unsigned(entry.position)
            json.key("stream"); json.string(entry.stream)
            json.key("type"); json.string(entry.type)
            json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
            json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
            json.key("lateDays"); json.integerOrNull(entry.lateDays.map(Int64.init))
            json.endObject()
        }
        json.endArray()
        json.key("findingsByFactor"); json.beginArray()
        for group in failures.findingsByFactor {
            json.beginObject()
            json.key("factor"); json.string(group.factor)
            json.key("findings"); json.beginArray()
            for finding in group.findings {
                json.beginObject()
                json.key("review"); json.string(finding.review)
                json.key("findingId"); json.string(finding.id)
                json.key("fields"); write(finding.details, &json)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("recommendations"); json.beginArray()
        for recommendation in failures.recommendations {
            json.beginObject()
            json.key("review"); json.string(recommendation.review)
            json.key("recommendationId"); json.string(recommendation.id)
            json.key("findingIds"); json.beginArray()
            for id in recommendation.findingIDs { json.string(id) }
            json.endArray()
            json.key("owner"); json.stringOrNull(recommendation.owner)
            json.key("dueDate"); json.stringOrNull(recommendation.due?.iso8601)
            json.key("implementedOn"); json.stringOrNull(recommendation.implementedOn?.iso8601)
            json.key("status"); json.string(recommendation.statusText)
            json.key("fields"); write(recommendation.details, &json)
            json.endObject()
        }
        json.endArray()
        json.key("repeatFailures"); json.beginArray()
        for failure in failures.repeatFailures {
            json.beginObject()
            json.key("factor"); json.string(failure.factor)
            json.key("reviews"); json.beginArray()
            for review in failure.reviews { json.string(review) }
            json.endArray()
            json.key("afterImplemented"); json.bool(failure.isAfterImplemented)
            json.key("implementedRecommendations"); json.beginArray()
            for label in failure.implementedRecommendations { json.string(label) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("settings"); SettingInForce.writeJSON(failures.settings, into: &json)
        json.endObject()
    }

    private static func write(_ deadline: ReplayDeadline, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("stream"); json.string(deadline.stream)
        json.key("step"); json.string(deadline.step.name)
        json.key("label"); json.string(deadline.label)
        json.key("due"); json.string(deadline.due.iso8601)
        json.key("done"); json.stringOrNull(deadline.done?.iso8601)
        json.key("status"); json.string(deadline.status.rawValue)
        json.key("daysLate"); json.integer(Int64(deadline.daysLate))
        json.key("owner"); json.stringOrNull(deadline.owner)
        json.key("extendedBy"); json.integer(Int64(deadline.extendedBy))
        json.key("beyondCodeLimit"); json.bool(deadline.isBeyondCodeLimit)
        json.endObject()
    }

    private static func write(_ entry: ReplayEntry, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("position"); json.unsigned(entry.position)
        json.key("stream"); json.string(entry.stream)
        json.key("version"); json.unsigned(entry.version)
        json.key("type"); json.string(entry.type)
        json.key("id"); json.string(entry.eventID.description)
        json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
        json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
        json.key("actor"); json.string(entry.actor)
        json.key("fields"); write(entry.fields, &json)
        json.key("personal"); write(entry.personal, &json)
        json.key("lateDays"); json.integerOrNull(entry.lateDays.map(Int64.init))
        json.key("gapDaysBefore"); json.integerOrNull(entry.gapDaysBefore.map(Int64.init))
        json.key("corrections"); json.beginArray()
        for correction in entry.corrections {
            json.beginObject()
            json.key("position"); json.unsigned(correction.position)
            json.key("version"); json.unsigned(correction.version)
            json.key("occurredAt"); json.string(correction.occurredAt.iso8601)
            json.key("recordedAt"); json.string(correction.recordedAt.iso8601)
            json.key("actor"); json.string(correction.actor)
            json.key("reason"); json.stringOrNull(correction.reason)
            json.key("changes"); write(correction.changes, &json)
            json.key("personal"); write(correction.personal, &json)
            json.endObject()
        }
        json.endArray()
        json.key("source")
        if let source = entry.source {
            json.beginObject()
            json.key("system"); json.string(source.system)
            json.key("recordedAt"); json.string(source.recordedAt.iso8601)
            json.key("recordedBy"); json.stringOrNull(source.recordedBy)
            json.endObject()
        } else {
            json.null()
        }
        json.key("voided")
        if let void = entry.voided {
            json.beginObject()
            json.key("position"); json.unsigned(void.position)
            json.key("version"); json.unsigned(void.version)
            json.key("recordedAt"); json.string(void.recordedAt.iso8601)
            json.key("actor"); json.string(void.actor)
            json.key("reason"); json.stringOrNull(void.reason)
            json.key("personal"); write(void.personal, &json)
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }

    private static func write(_ fields: [ReplayField], _ json: inout JSONWriter) {
        json.beginArray()
        for field in fields {
            json.beginObject()
            json.key("name"); json.string(field.name)
            json.key("value"); json.string(field.value)
            json.key("personal"); json.bool(field.isPersonal)
            json.endObject()
        }
        json.endArray()
    }

    private static func write(_ personal: ReplayPersonal, _ json: inout JSONWriter) {
        json.beginObject()
        switch personal {
        case .none: json.key("state"); json.string("none")
        case .shown: json.key("state"); json.string("shown")
        case .erased: json.key("state"); json.string("erased")
        case .withheld(let names):
            json.key("state"); json.string("withheld")
            json.key("fields"); json.beginArray()
            for name in names { json.string(name) }
            json.endArray()
        }
        json.endObject()
    }


}
