import Casework
import EventLog
import Codec

/// The panel's replay of a case (DOMAIN.md §4): its stream merged with every related stream
/// (`RelatedStreams`), ordered by `occurredAt` (ties by position), cut by `--known-at` and
/// `--as-of`, with corrections beside the entries they correct and late entries and gaps flagged.
public struct Replay: Sendable, Equatable {
    /// The streams read, and why.
    public let scope: RelatedStreams
    /// How it was cut and flagged.
    public let options: ReplayOptions
    /// The entries shown, in order.
    public let entries: [ReplayEntry]
    /// Entries left out because they were recorded after `knownAt` (corrections included).
    public let hiddenByKnownAt: Int
    /// Entries left out because they happened after `asOf`.
    public let hiddenByAsOf: Int

    /// The replay of `reference`, or nil when the store has no such stream.
    ///
    /// Costs one scan of the log to find the related streams, then reads those streams (and the
    /// personal sections of their events: values with `includesPersonal`, field names without).
    ///
    /// - Throws: `StoreError` when the store is damaged, `CBORError` when a record's data is.
    public static func build(for reference: String, options: ReplayOptions, in reader: borrowing LogReader) throws -> Replay? {
        guard let scope = try RelatedStreams.find(for: reference, in: reader, knownAt: options.knownAt) else { return nil }
        return try build(scope: scope, options: options, in: reader)
    }

    /// The replay of the streams in `scope`.
    public static func build(scope: RelatedStreams, options: ReplayOptions, in reader: borrowing LogReader) throws -> Replay {
        var entries: [ReplayEntry] = []
        var corrections: [(target: EventID, correction: ReplayCorrection)] = []
        var hiddenByKnownAt = 0
        var hiddenByAsOf = 0
        for stream in scope.streams {
            try reader.scanStream(stream.name) { record in
                if let knownAt = options.knownAt, record.recordedAt > knownAt {
                    hiddenByKnownAt += 1
                    return
                }
                if record.typeBytes.elementsEqual("case.entry-corrected".utf8),
                   let target = record.data["eventId"]?.string.flatMap(EventID.init) {
                    let content = try ReplayContent(record, in: reader)
                    var (changes, changesPersonal) = try content.fields(of: "changes", includesPersonal: options.includesPersonal)
                    // The reason is personal data (DOMAIN.md §8): withheld with the changes' personal fields.
                    let reason = content.personalText("reason", includesPersonal: options.includesPersonal)
                    if !options.includesPersonal && content.holdsPersonalField("reason") {
                        if case .withheld(let names) = changesPersonal {
                            changesPersonal = .withheld(["reason"] + names)
                        } else {
                            changesPersonal = .withheld(["reason"])
                        }
                    }
                    corrections.append((target, ReplayCorrection(
                        position: record.position, version: record.version, occurredAt: record.occurredAt,
                        recordedAt: record.recordedAt, actor: record.actor,
                        reason: reason, changes: changes, personal: changesPersonal)))
                    return
                }
                if let asOf = options.asOf, record.occurredAt > asOf {
                    hiddenByAsOf += 1
                    return
                }
                let (fields, personal) = try ReplayContent(record, in: reader).fields(of: nil, includesPersonal: options.includesPersonal)
                entries.append(ReplayEntry(
                    position: record.position, stream: stream.name, version: record.version, type: record.type,
                    eventID: record.eventID, occurredAt: record.occurredAt, recordedAt: record.recordedAt,
                    actor: record.actor, fields: fields, personal: personal))
            }
        }
        entries.sort { ($0.occurredAt, $0.position) < ($1.occurredAt, $1.position) }
        var indexByID: [EventID: Int] = [:]
        for (index, entry) in entries.enumerated() { indexByID[entry.eventID] = index }
        for (target, correction) in corrections.sorted(by: { $0.correction.position < $1.correction.position }) {
            // A correction of an entry that `asOf` hides is hidden with it.
            guard let index = indexByID[target] else { continue }
            entries[index].corrections.append(correction)
        }
        // Compared in microseconds only when the threshold fits: a threshold of more days than
        // 2^63 µs hold flags no gap.
        let (threshold, overflowed) = Int64(options.gapDays).multipliedReportingOverflow(by: 86_400_000_000)
        for index in entries.indices.dropFirst() where !overflowed {
            let gap = entries[index].occurredAt.microseconds &- entries[index - 1].occurredAt.microseconds
            if gap > threshold { entries[index].gapDaysBefore = Int(gap / 86_400_000_000) }
        }
        return Replay(scope: scope, options: options, entries: entries,
                      hiddenByKnownAt: hiddenByKnownAt, hiddenByAsOf: hiddenByAsOf)
    }
}
