import Codec
import EventLog

/// Entries made in error (DOMAIN.md §10, `case.entry-voided`): the voided event stays in the
/// log, and every fold (lifecycle, case file, views, deadlines, reports) leaves it out, as if it
/// had never been recorded, so that the right entry can then be recorded.
///
/// What caselog chooses where DOMAIN.md is silent:
/// - A void names an event of its own case; a void or a correction cannot itself be voided (a
///   correction is put right by another correction); an event is voided once.
/// - "Later entries depend on it" means: folding the case's lifecycle again without the voided
///   event, some later entry would be refused (a response after the voided acknowledgement, an
///   action completed whose assignment is voided). The void is refused naming that entry: void
///   it first.
/// - Voiding the opening event voids the whole case: its lifecycle keeps only the `voided` flag
///   and takes nothing more but notes; it is counted by no view, deadline or report.
public enum CaseVoids {
    /// The event type.
    public static let type = "case.entry-voided"

    /// The event `record` voids when it is a `case.entry-voided`; nil for any other record.
    /// Compares the type's bytes first: cheap enough for every record of a scan.
    @inlinable
    public static func target(of record: RecordView) -> EventID? {
        guard record.typeBytes.elementsEqual(typeBytes) else { return nil }
        return record.data["eventId"]?.textBytes.flatMap(EventID.init(text:))
    }

    /// `type` as bytes.
    public static let typeBytes = Array(type.utf8)

    /// What a refold needs of one record of the case: copied out of the log, since a void is
    /// rare and a case holds tens of events.
    public struct Entry: Sendable {
        public let version: UInt64
        public let eventID: EventID
        public let type: String
        public let occurredAt: Timestamp
        public let data: [UInt8]
        /// The event a void names; nil for any other event.
        public let voids: EventID?

        /// The entry of `record`.
        public init(_ record: RecordView) {
            version = record.version
            eventID = record.eventID
            type = record.type
            occurredAt = record.occurredAt
            data = Array(record.data.bytes)
            voids = CaseVoids.target(of: record)
        }
    }

    /// The lifecycle of a case of `caseType` folded again from `entries` (its stream, in
    /// order, through the version the new void follows), leaving out the events voided among
    /// them and `voiding` (the event a new void names); voids move no state.
    ///
    /// - Throws: `ValidationError` (rule) naming the later entry the fold refuses: it depends
    ///   on a voided event.
    public static func lifecycle(of caseType: CaseType, voiding: EventID?, entries: [Entry]) throws -> CaseLifecycle {
        var voided = Set(entries.compactMap(\.voids))
        if let voiding { voided.insert(voiding) }
        if let opening = entries.first, opening.version == 1, voided.contains(opening.eventID) {
            var voidedCase = CaseLifecycle()
            voidedCase.flags = [.voided]
            return voidedCase
        }
        var lifecycle = CaseLifecycle()
        for entry in entries where !voided.contains(entry.eventID) && entry.voids == nil {
            guard let spec = EventCatalogue.type(named: entry.type) else { continue }
            do {
                try entry.data.withUnsafeBytes { bytes in
                    try lifecycle.apply(spec, on: caseType, version: entry.version - 1, occurredAt: entry.occurredAt, data: CBORView(bytes))
                }
            } catch let error as ValidationError {
                throw ValidationError(.rule("a later entry depends on it: without it, \(entry.type) at version \(entry.version) "
                    + "(event \(entry.eventID)) would be refused (\(error.message)); void that entry first"))
            }
        }
        return lifecycle
    }

    /// The lifecycle of the case of `entries` (its stream, in order, before the void) once
    /// `target` is voided: `checkTarget`, then `lifecycle(of:voiding:entries:)`. What the
    /// recorder keeps when it records a void, and what `verify` folds again at each one.
    ///
    /// - Throws: `ValidationError` (rule) from either.
    public static func lifecycle(afterVoiding target: EventID, of caseType: CaseType, entries: [Entry]) throws -> CaseLifecycle {
        try checkTarget(target, entries: entries)
        return try lifecycle(of: caseType, voiding: target, entries: entries)
    }

    /// Checks that a void of `target` may be recorded on the case of `entries`: the event is on
    /// the case, is neither a void nor a correction, and is not voided already.
    ///
    /// - Throws: `ValidationError` (rule) saying which.
    public static func checkTarget(_ target: EventID, entries: [Entry]) throws {
        guard let found = entries.first(where: { $0.eventID == target }) else {
            throw ValidationError(.rule("field \"eventId\": no event \(target) on this case (a void names an event of its own case)"))
        }
        if found.type == type || EventCatalogue.type(named: found.type)?.correctsAnEvent == true {
            throw ValidationError(.rule("field \"eventId\": \(found.type) cannot be voided (a correction is put right by another correction)"))
        }
        if entries.contains(where: { $0.voids == target }) {
            throw ValidationError(.rule("field \"eventId\": event \(target) (\(found.type)) is voided already"))
        }
    }
}
