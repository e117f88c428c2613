import Casework
import EventLog
import Codec

/// What a report keeps of one event it counts: its kind, its stamp, and the few fields it
/// counts, which a correction's `changes` can overwrite (`read`).
protocol ReportEntry {
    associatedtype Kind: ReportEventKind & Equatable
    var kind: Kind { get }
    var stamp: EventStamp { get }
    /// The entry of an event of `kind` with `data` (its CBOR data map).
    init(kind: Kind, stamp: EventStamp, data: CBORView)
    /// Takes the counted fields of this kind from `fields`: the data, or later a correction's changes.
    mutating func read(_ fields: CBORView)
}

/// One case a report follows: its case file (for deadlines, with corrections applied) and the
/// events it counts, corrections written over the entries they correct.
struct ReportCase<Entry: ReportEntry> {
    let reference: String
    var file: CaseFile
    var entries: [Entry] = []

    /// The earliest entry of `kind` by `occurredAt`.
    func earliest(_ kind: Entry.Kind) -> Entry? {
        entries.filter { $0.kind == kind }.min { $0.stamp.occurredAt < $1.stamp.occurredAt }
    }

    /// `entry` as `--explain` lists it.
    func traced(_ entry: Entry) -> TracedEvent { entry.stamp.traced(reference, entry.kind) }

    /// Folds `record`, of `kind`, in: into the case file, and as an entry, or for a correction
    /// (`isCorrection`) over the entry of the event it names.
    mutating func apply(_ record: RecordView, kind: Entry.Kind, isCorrection: Bool) {
        file.apply(record)
        if isCorrection {
            guard let (eventID, changes) = record.correction,
                  let index = entries.lastIndex(where: { $0.stamp.eventID == eventID }) else { return }
            entries[index].read(changes)
        } else {
            entries.append(Entry(kind: kind, stamp: EventStamp(record), data: record.data))
        }
    }
}

extension CaseTable {
    /// Folds `record`, of `kind`, into the case of its stream. A stream is followed from its
    /// `opening` event: records of a stream not yet opened are ignored.
    mutating func fold<Entry>(_ record: RecordView, kind: Entry.Kind, opening: Entry.Kind, correction: Entry.Kind)
        where State == ReportCase<Entry> {
        let slot: Int
        if let found = self.slot(of: record.streamNumber) {
            slot = found
        } else {
            guard kind == opening, let file = CaseFile(reference: record.stream) else { return }
            slot = add(ReportCase(reference: file.reference, file: file), for: record.streamNumber)
        }
        update(slot) { $0.apply(record, kind: kind, isCorrection: kind == correction) }
    }
}
