import EventLog

/// The folds a `StreamView` is working on, with what it needs to write them out: the stream's
/// name and whether the fold changed since it was read. Folds live in an array, found by
/// stream number, so that each record is folded in place.
struct FoldCache<Fold: StreamFold> {
    struct Slot {
        let number: UInt64
        let stream: String
        /// Nil for a stream the view does not keep.
        var fold: Fold?
        var isDirty = false
    }

    private var slots: [Slot] = []
    private var index: [UInt64: Int] = [:]
    /// The folds' weight when read, plus one per record applied since: an upper bound.
    private(set) var weight = 0

    /// Folds `record` into its stream's fold, reading the fold with `load` (its row, nil when
    /// it has none) the first time the stream is seen.
    mutating func apply(_ record: RecordView, load: (String) throws -> Fold?) throws {
        let number = record.streamNumber
        let at: Int
        if let found = index[number] {
            at = found
        } else {
            let stream = record.stream
            let fold = try load(stream) ?? Fold(stream: stream)
            weight += fold?.weight ?? 0
            at = slots.count
            slots.append(Slot(number: number, stream: stream, fold: fold))
            index[number] = at
        }
        guard slots[at].fold != nil else { return }
        slots[at].fold!.apply(record)
        slots[at].isDirty = true
        weight += 1
    }

    /// Writes every changed fold to its row.
    mutating func writeDirty(view: String, writer: inout LogWriter) throws {
        for at in slots.indices where slots[at].isDirty {
            if let fold = slots[at].fold { try writer.putViewRow(fold.encoded(), in: view, key: slots[at].stream) }
            slots[at].isDirty = false
        }
    }

    /// Writes every changed fold out, then drops settled folds, and all of them if that is not
    /// enough to come under `budget`. Stream numbers are forgotten with their folds.
    mutating func shed(toward budget: Int, view: String, writer: inout LogWriter) throws {
        try writeDirty(view: view, writer: &writer)
        slots.removeAll { $0.fold?.isSettled ?? false }
        weight = slots.reduce(0) { $0 + ($1.fold?.weight ?? 0) }
        if weight > budget {
            slots.removeAll(keepingCapacity: true)
            weight = 0
        }
        index.removeAll(keepingCapacity: true)
        for at in slots.indices { index[slots[at].number] = at }
    }
}
