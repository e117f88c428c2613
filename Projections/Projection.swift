import EventLog

/// A projection: a fold over the log's records. It starts from an initial state, takes the
/// records in position order (`apply`), and gives a result.
///
/// The learning reports are projections (`LearningReport`) run over the log up to the end of
/// their period (`run(over:from:through:)`), folding each case they follow apart in memory
/// (`StreamTable`); the views kept current are `StreamFold`s that the engine (`StreamView`) runs
/// from a checkpoint and saves with it. Both fold a case with the same `CaseFile`.
public protocol Projection {
    /// What the fold gives.
    associatedtype Result

    /// Folds one record in. Records come in position order; a projection reads only the
    /// record's header and data, never its personal section.
    mutating func apply(_ record: RecordView) throws

    /// The result of the records applied so far.
    func result() -> Result
}

extension Projection {
    /// Runs the projection over the records from `start` through `end` of the snapshot
    /// `reader`, in position order, and gives its result. Memory is the projection's own: the
    /// log is read in place.
    public mutating func run(over reader: borrowing LogReader, from start: UInt64 = 1, through end: UInt64 = .max) throws -> Result {
        try reader.scan(from: start, through: end) { try apply($0) }
        return result()
    }
}
