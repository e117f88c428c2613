import Casework
import EventLog
import Codec

/// The panel's replay of a case (DOMAIN.md §4): its stream merged with every related stream
/// (`RelatedStreams`), ordered by `occurredAt` (ties by position), cut by `--known-at` and
/// `--as-of`, with corrections beside the entries they correct and late entries and gaps flagged,
/// and what went wrong (`failures`): deadlines breached, late entries, the reviews' findings,
/// recommendations and repeat failures.
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
    /// What went wrong: the pack's first section.
    public let failures: ReplayFailures

    /// The replay of `reference`, or nil when the store has no such stream.
    ///
    /// Costs one scan of the log to find the related streams, then reads those streams (and the
    /// personal sections of their events: values with `includesPersonal`, field names without)
    /// and every other review's stream (for repeat failures), and the settings stream.
    ///
    /// - Throws: `StoreError` when the store is damaged, `CBORError` when a record's data is.
    public static func build(for reference: String, options: ReplayOptions, in reader: borrowing LogReader) throws -> Replay? {
        let facts = try StreamFacts.scan(reader, knownAt: options.knownAt)
        guard let scope = try RelatedStreams.find(for: reference, facts: facts, in: reader, knownAt: options.knownAt) else { return nil }
        let reviews = facts.incidents.keys.sorted { (facts.firstPosition[$0] ?? 0) < (facts.firstPosition[$1] ?? 0) }
        return try build(scope: scope, options: options, in: reader, otherReviews: reviews)
    }

    /// The replay of the streams in `scope`; repeat failures look across the reviews in scope.
    public static func build(scope: RelatedStreams, options: ReplayOptions, in reader: borrowing LogReader) throws -> Replay {
        try build(scope: scope, options: options, in: reader, otherReviews: [])
    }

    /// The replay of the streams in `scope`, with `otherReviews` read for repeat failures.
    static func build(scope: RelatedStreams, options: ReplayOptions, in reader: borrowing LogReader,
                      otherReviews: [String]) throws -> Replay {
        var failures = ReplayFailures.Builder()
        var entries: [ReplayEntry] = []
        var corrections: [(target: EventID, correction: ReplayCorrection)] = []
        var voids: [(target: EventID, void: ReplayCorrection)] = []
        var hiddenByKnownAt = 0
        var hiddenByAsOf = 0
        for stream in scope.streams {
            try reader.scanStream(stream.name) { record in
                if let knownAt = options.knownAt, record.recordedAt > knownAt {
                    hiddenByKnownAt += 1
                    failures.hidden(record, stream: stream.name)
                    return
                }
                let isCorrection = record.typeBytes.elementsEqual("case.entry-corrected".utf8)
                let isVoid = record.typeBytes.elementsEqual(CaseVoids.type.utf8)
                // A correction or a void counts whenever it happened (as-of means "as we know it now").
                if isCorrection || isVoid || options.asOf.map({ record.occurredAt <= $0 }) ?? true { failures.fold(record, stream: stream.name) }
                if isVoid, let target = record.data["eventId"]?.string.flatMap(EventID.init) {
                    let content = try ReplayContent(record, in: reader)
                    let withheld = !options.includesPersonal && content.holdsPersonalField("reason")
                    voids.append((target, ReplayCorrection(
                        position: record.position, version: record.version, occurredAt: record.occurredAt,
                        recordedAt: record.recordedAt, actor: record.actor,
                        reason: content.personalText("reason", includesPersonal: options.includesPersonal), changes: [],
                        personal: withheld ? .withheld(["reason"]) : .none)))
                    return
                }
                if isCorrection,
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
                var entry = ReplayEntry(
                    position: record.position, stream: stream.name, version: record.version, type: record.type,
                    eventID: record.eventID, occurredAt: record.occurredAt, recordedAt: record.recordedAt,
                    actor: record.actor, fields: fields.filter { $0.name != MigratedSource.field }, personal: personal)
                entry.source = MigratedSource(data: record.data)
                entries.append(entry)
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
        for (target, void) in voids {
            guard let index = indexByID[target] else { continue }
            entries[index].voided = void
        }
        // Compared in microseconds only when the threshold fits: a threshold of more days than
        // 2^63 µs hold flags no gap.
        let (threshold, overflowed) = Int64(options.gapDays).multipliedReportingOverflow(by: 86_400_000_000)
        for index in entries.indices.dropFirst() where !overflowed {
            let gap = entries[index].occurredAt.microseconds &- entries[index - 1].occurredAt.microseconds
            if gap > threshold { entries[index].gapDaysBefore = Int(gap / 86_400_000_000) }
        }
        for review in otherReviews where !failures.holds(review) {
            try reader.scanStream(review) { record in
                guard options.knownAt.map({ record.recordedAt <= $0 }) ?? true else { return }
                guard record.typeBytes.elementsEqual("case.entry-corrected".utf8) || record.typeBytes.elementsEqual(CaseVoids.type.utf8)
                        || options.asOf.map({ record.occurredAt <= $0 }) ?? true
                else { return }
                failures.fold(record, stream: review)
            }
        }
        let settings = try OrganisationSettings.inForce(in: reader, knownAt: options.knownAt)
        return Replay(scope: scope, options: options, entries: entries, hiddenByKnownAt: hiddenByKnownAt, hiddenByAsOf: hiddenByAsOf,
                      failures: failures.failures(scope: scope, entries: entries, options: options, settings: settings))
    }
}
