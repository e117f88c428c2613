import Casework
import EventLog
import Codec

/// Events counted under one key, kept as the events themselves so that the count can be traced.
struct Tally {
    /// The events counted, in the order they were added.
    private(set) var events: [TracedEvent] = []

    /// How many were counted.
    var count: Int { events.count }

    /// Counts `event`.
    mutating func add(_ event: TracedEvent) { events.append(event) }

    /// The figure `name` with this count.
    func figure(_ name: String, note: String? = nil) -> ReportFigure {
        ReportFigure(name, .count(count), events: events, note: note)
    }
}

/// Tallies by a key (a category, an outcome, a month).
struct KeyedTally {
    private(set) var tallies: [String: Tally] = [:]

    /// Counts `event` under `key`.
    mutating func add(_ event: TracedEvent, to key: String) { tallies[key, default: Tally()].add(event) }

    /// The count under `key` (0 when none).
    func count(_ key: String) -> Int { tallies[key]?.count ?? 0 }

    /// The events under `key`.
    func events(_ key: String) -> [TracedEvent] { tallies[key]?.events ?? [] }

    /// One figure per key, `prefix.key`: first every value of `vocabulary` (0 when none, so a
    /// board sees what did not happen too), then any other key seen, sorted.
    func figures(_ prefix: String, vocabulary: [String] = []) -> [ReportFigure] {
        let known = Set(vocabulary)
        let keys = vocabulary + tallies.keys.filter { !known.contains($0) }.sorted()
        return keys.map { (tallies[$0] ?? Tally()).figure(prefix + "." + $0) }
    }
}

/// The fixed lists of values that a figure is broken down by, taken from the event catalogue
/// so that a value added there appears in the reports without a change here.
enum Vocabulary {
    /// The values that `field` of events of `kind` may take (a choice or a list of choices);
    /// empty when the catalogue has no such field.
    static func values(of field: String, in kind: some ReportEventKind) -> [String] {
        switch EventCatalogue.type(named: kind.rawValue)?.field(field)?.kind {
        case .choice(let values)?: values
        case .choices(let values, _)?: values
        default: []
        }
    }
}

/// Arithmetic shared by the reports.
enum ReportMath {
    /// `part` as a percentage of `whole`; nil when `whole` is 0.
    static func percent(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) * 100 / Double(whole)
    }

    /// The median of `values`; nil when empty. An even count gives the mean of the middle two.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `percentile`th percentile of `values` by the nearest-rank method (the smallest value
    /// with at least that share of the values at or below it); nil when empty.
    static func percentile(_ percentile: Int, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = (percentile * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Hours from `start` to `end`.
    static func hours(from start: Timestamp, to end: Timestamp) -> Double {
        Double(end.microseconds - start.microseconds) / 3_600_000_000
    }
}

extension CBORView {
    /// The texts of an array of texts (`categories`, `reasons`); empty for anything else.
    var texts: [String] {
        var values: [String] = []
        forEachElement { if let text = $0.string { values.append(text) } }
        return values
    }
}

extension RecordView {
    /// For `case.entry-corrected`: the corrected event's id and the `changes` map; nil for a
    /// correction without changes (it changes nothing counted).
    var correction: (eventID: EventID, changes: CBORView)? {
        let data = self.data
        guard let idText = data["eventId"]?.textBytes, let corrected = EventID(text: idText),
              let changes = data["changes"], changes.kind == .map
        else { return nil }
        return (corrected, changes)
    }
}

extension Int64 {
    /// `self + other`, held at `Int64.max` or `.min` instead of trapping: a sum of amounts
    /// typed in pence must not stop a report however large they are.
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
