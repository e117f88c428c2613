import Casework
import EventLog
import Codec

/// What a report keeps of one event it counts: its kind, its stamp, and the few fields it
/// counts, which a correction's `changes` can overwrite (`read`).
protocol ReportEntry {
    associatedtype Kind: ReportEventKind
    var kind: Kind { get }
    var stamp: EventStamp { get }
    /// The entry of an event of `kind`, with none of its fields read yet.
    init(kind: Kind, stamp: EventStamp)
    /// Takes the counted fields of this kind from `fields`: the data, or later a correction's changes.
    mutating func read(_ fields: CBORView)
}

extension ReportEntry {
    /// The entry of an event of `kind` with `data` (its CBOR data map).
    init(kind: Kind, stamp: EventStamp, data: CBORView) {
        self.init(kind: kind, stamp: stamp)
        read(data)
    }
}

/// One case a report follows: its case file and the events the report counts, corrections
/// written over the entries they correct.
///
/// The case file is the case summary's own fold (`CaseFile`, the rows of `CaseSummaryView`)
/// over the case's records of the report's kinds up to the end of the period: the report judges
/// the deadlines the case file works out, and never works one out itself. Its kinds include the
/// events that move those deadlines though it does not count them (an extension, a reopening);
/// a test holds the case files' deadlines to the case summary's over a generated history.
struct ReportCase<Entry: ReportEntry> {
    var file: CaseFile
    var entries: [Entry] = []

    /// The case's reference.
    var reference: String { file.reference }

    /// The earliest entry of `kind` (that `matches`, when given) by `occurredAt`, the first
    /// kept on a tie. One pass over the entries, without filtering them into an array.
    func earliest(_ kind: Entry.Kind, matching matches: (Entry) -> Bool = { _ in true }) -> Entry? {
        var earliest: Entry?
        for entry in entries where entry.kind == kind && matches(entry) {
            if let found = earliest, found.stamp.occurredAt <= entry.stamp.occurredAt { continue }
            earliest = entry
        }
        return earliest
    }

    /// `entry` as `--explain` lists it.
    func traced(_ entry: Entry) -> TracedEvent { entry.stamp.traced(reference, entry.kind) }

    /// Folds `record`, of `kind`, in: into the case file, and as an entry, or for a correction
    /// (`isCorrection`) over the entry of the event it names, or for a void (`isVoid`) by
    /// leaving out the entry of the event it names (`CaseVoids`).
    @inline(__always)
    mutating func apply(_ record: RecordView, kind: Entry.Kind, isCorrection: Bool, isVoid: Bool = false) {
        file.apply(record)
        if isVoid {
            guard let voided = CaseVoids.target(of: record) else { return }
            entries.removeAll { $0.stamp.eventID == voided }
        } else if isCorrection {
            guard let (eventID, changes) = record.correction,
                  let index = entries.lastIndex(where: { $0.stamp.eventID == eventID }) else { return }
            entries[index].read(changes)
        } else {
            entries.append(Entry(kind: kind, stamp: EventStamp(record), data: record.data))
        }
    }
}
