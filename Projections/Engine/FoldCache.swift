import EventLog

/// The folds a `StreamView` is working on, by stream number, with what it needs to write them
/// out: the stream's name and whether the fold changed since it was read.
struct FoldCache<Fold: StreamFold> {
    struct Slot {
        let stream: String
        /// Nil for a stream the view does not keep.
        var fold: Fold?
        var isDirty = false
    }

    private var slots: [UInt64: Slot] = [:]
    /// Records applied since the weights were last summed: an upper bound of the growth.
    private(set) var weight = 0

    /// Folds `record` into its stream's fold, reading the fold with `load` (its row, nil when
    /// it has none) the first time the stream is seen.
    mutating func apply(_ record: RecordView, load: (String) throws -> Fold?) throws {
        let number = record.streamNumber
        if slots[number] == nil {
            let stream = record.stream
            slots[number] = Slot(stream: stream, fold: try load(stream) ?? Fold(stream: stream))
            weight += slots[number]!.fold?.weight ?? 0
        }
        guard slots[number]!.fold != nil else { return }
        slots[number]!.fold!.apply(record)
        slots[number]!.isDirty = true
        weight += 1
    }

    /// Writes every changed fold to its row.
    mutating func writeDirty(view: String, writer: inout LogWriter) throws {
        for (number, slot) in slots where slot.isDirty {
            if let fold = slot.fold { try writer.putViewRow(fold.encoded(), in: view, key: slot.stream) }
            slots[number]!.isDirty = false
        }
    }

    /// Writes every changed fold out, then drops settled folds, and all of them if that is not
    /// enough to come under `budget`.
    mutating func shed(toward budget: Int, view: String, writer: inout LogWriter) throws {
        try writeDirty(view: view, writer: &writer)
        slots = slots.filter { !($0.value.fold?.isSettled ?? false) }
        weight = slots.values.reduce(0) { $0 + ($1.fold?.weight ?? 0) }
        if weight > budget {
            slots.removeAll(keepingCapacity: true)
            weight = 0
        }
    }
}
