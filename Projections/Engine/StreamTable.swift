import EventLog

/// One state per stream, for a projection that folds streams apart in memory (a learning
/// report's cases): the in-memory counterpart of `FoldCache`, whose folds are rows of a kept
/// view, written out and shed. Nothing here is written or dropped: memory grows with the
/// streams that have a state.
///
/// A state is found by the record's stream number, so that a scan never makes a `String` of
/// the stream's name; a stream gets its state at the record that starts it (for a report, the
/// case's opening event), and records before that are not its to fold.
struct StreamTable<State> {
    private var index: [UInt64: Int] = [:]
    /// The states, in the order their streams were started.
    private(set) var states: [State] = []

    /// Folds `record` into its stream's state with `body`. A stream without a state gets one
    /// from `start` first; when `start` gives nil the record is ignored, and the stream is
    /// asked again at its next record. Costs one dictionary look-up of the stream number.
    @inline(__always)
    mutating func fold(_ record: RecordView, start: () -> State?, _ body: (inout State) -> Void) {
        let number = record.streamNumber
        let slot: Int
        if let found = index[number] {
            slot = found
        } else {
            guard let state = start() else { return }
            slot = states.count
            states.append(state)
            index[number] = slot
        }
        body(&states[slot])
    }
}
