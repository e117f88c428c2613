import EventLog

/// A view kept current: one `StreamFold` per stream, each a row of the store's `views`
/// database under the view's name, with a checkpoint (the last position folded in) under the
/// same name. Rows and checkpoint are written in the same write transaction as the events
/// they follow (`follow`, as an `EventStore.Options.followers` entry), so the view is always
/// exactly the log up to its checkpoint, folded.
///
/// Readers never see a view behind the log: `fold(of:in:)` and `forEachFold(in:_:)` fold in
/// whatever the checkpoint has not reached yet (written by a process that did not keep the
/// view), in memory, without writing.
public struct StreamView<Fold: StreamFold>: WriteFollower {
    /// The view's name: its rows' prefix and its checkpoint's name.
    public let name: String

    /// How many records the engine folds between looks at its memory.
    static var chunk: UInt64 { 65_536 }

    /// How many entries (`StreamFold.weight`) the engine keeps in memory before it writes
    /// folds out and drops them: about 40 MB of case files.
    let memoryBudget: Int

    /// The view `name` of `Fold`s.
    public init(name: String, memoryBudget: Int = 250_000) {
        self.name = name
        self.memoryBudget = memoryBudget
    }

    // MARK: Keeping it current

    /// Folds what the log holds beyond the view's checkpoint into its rows, in `writer`'s
    /// transaction, and moves the checkpoint to the writer's head.
    ///
    /// Rows written in another layout than `Fold.layoutVersion` (by an older or newer caselog)
    /// are dropped and the view is folded again from position 1, in this write: a view is never
    /// read in a layout it was not written in.
    public func follow(_ writer: inout LogWriter) throws {
        guard try hasCurrentLayout(writer.viewRow(in: name, key: Self.layoutKey)) else {
            try writer.removeView(name)
            try writer.putViewRow(Self.layoutRow, in: name, key: Self.layoutKey)
            try fold(from: 1, in: &writer, progress: nil)
            return
        }
        let checkpoint = try writer.checkpoint(ofView: name)
        guard checkpoint < writer.head.position else { return }
        try fold(from: checkpoint + 1, in: &writer, progress: nil)
    }

    /// The key of the row that says which layout the view's rows are in (no stream has an
    /// empty name), and that row: `Fold.layoutVersion`, 4 bytes little-endian.
    static var layoutKey: [UInt8] { [] }
    static var layoutRow: [UInt8] { withUnsafeBytes(of: Fold.layoutVersion.littleEndian) { Array($0) } }

    private func hasCurrentLayout(_ row: (some Collection<UInt8>)?) -> Bool {
        guard let row else { return false }
        return row.elementsEqual(Self.layoutRow)
    }

    /// Drops every row and folds the whole log again, in one write transaction: readers see
    /// the old view until the new one commits. `progress` is called with the positions folded
    /// so far and the head.
    ///
    /// - Returns: the head position the view now stands at.
    @discardableResult
    public func rebuild(in store: EventStore, actor: String = "caselog",
                        progress: ((_ folded: UInt64, _ of: UInt64) -> Void)? = nil) throws -> UInt64 {
        try store.write(actor: actor) { writer in
            try writer.removeView(name)
            try writer.putViewRow(Self.layoutRow, in: name, key: Self.layoutKey)
            try fold(from: 1, in: &writer, progress: progress)
            return writer.head.position
        }
    }

    /// Folds positions `start` through the writer's head into the rows and saves the
    /// checkpoint. Memory stays within `memoryBudget` entries: between chunks, folds beyond
    /// it are written out and dropped (settled ones first), and read back if their stream
    /// moves again.
    func fold(from start: UInt64, in writer: inout LogWriter, progress: ((UInt64, UInt64) -> Void)?) throws {
        let end = writer.head.position
        var cache = FoldCache<Fold>()
        var next = start
        while next <= end {
            let last = min(end, next + Self.chunk - 1)
            try writer.scan(from: next, through: last) { record in
                try cache.apply(record) { stream in
                    try writer.viewRow(in: name, key: stream).map { row in
                        try row.withUnsafeBytes { bytes in
                            guard let fold = Fold(stream: stream, encoded: bytes) else {
                                throw StoreError.corruptedIndex(reason: "the \(name) row of \(stream) is damaged; run caselog rebuild \(name)")
                            }
                            return fold
                        }
                    }
                }
            }
            progress?(last, end)
            next = last + 1
            if cache.weight > memoryBudget { try cache.shed(toward: memoryBudget, view: name, writer: &writer) }
        }
        try cache.writeDirty(view: name, writer: &writer)
        try writer.saveCheckpoint(end, ofView: name)
    }

    // MARK: Reading

    /// The fold of `stream` as of the snapshot: its row, with any records beyond it folded in.
    /// Nil when the view does not keep that stream. A stream with no records gives an empty fold.
    public func fold(of stream: String, in reader: borrowing LogReader) throws -> Fold? {
        try fold(of: stream, in: reader, usingRows: hasCurrentLayout(reader.viewRow(in: name, key: Self.layoutKey)))
    }

    /// `fold(of:in:)`, from the stream's first record when `usingRows` is false (the rows are
    /// in another layout).
    private func fold(of stream: String, in reader: borrowing LogReader, usingRows: Bool) throws -> Fold? {
        var fold: Fold
        if usingRows, let row = try reader.viewRow(in: name, key: stream) {
            guard let stored = Fold(stream: stream, encoded: row) else {
                throw StoreError.corruptedIndex(reason: "the \(name) row of \(stream) is damaged; run caselog rebuild \(name)")
            }
            fold = stored
        } else {
            guard let empty = Fold(stream: stream) else { return nil }
            fold = empty
        }
        try reader.scanStream(stream, fromVersion: fold.version + 1) { fold.apply($0) }
        return fold
    }

    /// Calls `body` with the fold of every stream the view keeps, as of the snapshot: the
    /// rows in key order, each brought up to date when the log has moved past the checkpoint,
    /// then the streams that have no row yet.
    ///
    /// Rows in another layout are not read: every stream is then folded from the log, in
    /// memory (slower, and only until the next write that keeps the view rebuilds it).
    public func forEachFold(in reader: borrowing LogReader, _ body: (_ stream: String, _ fold: Fold) throws -> Void) throws {
        let usingRows = try hasCurrentLayout(reader.viewRow(in: name, key: Self.layoutKey))
        let checkpoint = usingRows ? try reader.checkpoint(ofView: name) : 0
        var behind: [String: Fold] = [:]
        if checkpoint < (try reader.head().position) {
            var streams: Set<String> = []
            try reader.scan(from: checkpoint + 1) { streams.insert($0.stream) }
            for stream in streams {
                if let fold = try fold(of: stream, in: reader, usingRows: usingRows) { behind[stream] = fold }
            }
        }
        if !usingRows {
            for stream in behind.keys.sorted() { try body(stream, behind[stream]!) }
            return
        }
        try reader.forEachViewRow(in: name) { key, row in
            if key.isEmpty { return }
            let stream = String(decoding: key, as: UTF8.self)
            if let current = behind.removeValue(forKey: stream) {
                try body(stream, current)
                return
            }
            guard let fold = Fold(stream: stream, encoded: row) else {
                throw StoreError.corruptedIndex(reason: "the \(name) row of \(stream) is damaged; run caselog rebuild \(name)")
            }
            try body(stream, fold)
        }
        for stream in behind.keys.sorted() { try body(stream, behind[stream]!) }
    }

    /// The view's checkpoint in the snapshot (0 when it was never built).
    public func checkpoint(in reader: borrowing LogReader) throws -> UInt64 {
        try reader.checkpoint(ofView: name)
    }
}
