import LMDB

/// Reading through the writer (its own appends included), and the settings and checkpoints
/// a write saves with what it appends.
extension LogWriter {
    /// The stream's head including this write's appends; nil when the stream does not exist.
    public func streamHead(_ name: String) throws -> StreamHead? {
        try streamHead(name, keptAt: heads.slot(of: name), inTail: true)
    }

    /// `streamHead(_:)` with what the caller has looked up already: where this write keeps the
    /// head, if it does, and whether the tail has the stream (false spares a look-up there).
    func streamHead(_ name: String, keptAt slot: Int?, inTail: Bool) throws -> StreamHead? {
        if let slot { return heads[slot] }
        let stored = try queries.streamHead(named: name, in: transaction.pointee)
        return inTail ? try pending.head(of: name, stored: stored) : stored
    }

    /// The greatest stream name that starts with `prefix` (in byte order), including streams
    /// this write has created; nil when there is none. The layers above allocate references
    /// with it (`TS-2025-` → `TS-2025-000041`), inside the write so that two writers never
    /// allocate the same one.
    ///
    /// - Complexity: O(log n) in the streams database, plus O(t) for the t streams of the
    ///   unindexed tail.
    public func lastStreamName(withPrefix prefix: String) throws -> String? {
        var greatest: String?
        func consider(_ name: String) {
            if name.utf8.starts(with: prefix.utf8), greatest.map({ name.utf8.lexicographicallyPrecedes($0.utf8) == false }) ?? true {
                greatest = name
            }
        }
        var successor = Array(prefix.utf8)
        // The first key after every name with the prefix: the prefix with its last byte raised
        // (a prefix ending in 0xFF cannot be valid UTF-8 text of a reference, so it is left whole).
        if let last = successor.last, last < 0xFF { successor[successor.count - 1] = last + 1 }
        try transaction.pointee.withCursor(on: databases.streams) { cursor in
            let entry = try cursor.seek(atLeast: successor) != nil ? try cursor.previous() : try cursor.last()
            if let (key, _) = entry { consider(String(decoding: key, as: UTF8.self)) }
        }
        for name in pending.streamNames { consider(name) }
        for streamHead in heads.heads { consider(streamHead.name) }
        return greatest
    }

    /// Calls `body` with the records of stream `name` from version `start` on, in order,
    /// including those this write has appended. O(k log n) for k records.
    public func scanStream(_ name: String, fromVersion start: UInt64 = 1, _ body: (RecordView) throws -> Void) throws {
        try queries.scanStream(named: name, fromVersion: start, pending: pending, in: transaction.pointee, body)
    }

    /// The record at `position`, including those appended by this write. Valid until the next append.
    public func record(at position: UInt64) throws -> RecordView? {
        try queries.record(at: position, in: transaction.pointee)
    }

    /// Where the event with `id` is, if it is in the log (or was appended by this write).
    public func position(of id: EventID) throws -> UInt64? {
        if let position = pending.position(of: id) { return position }
        return try queries.position(of: id, in: transaction.pointee)
    }

    /// The personal-data section of the event at `position` (decrypted, for one this write
    /// appended, with the key it made), as `LogReader.personalData` says.
    public func personalData(at position: UInt64) throws -> PersonalSectionView? {
        try queries.personalData(at: position, in: transaction.pointee, keys: sectionKeys)
    }

    /// Saves a consumer's checkpoint in this write, so that it commits with what the consumer wrote.
    ///
    /// - Throws: `AppendError.invalidName` for a name that is empty, too long, or starts with
    ///   `view:` (the views' own checkpoints, `saveCheckpoint(_:ofView:)`).
    public func saveCheckpoint(_ position: UInt64, named name: String) throws {
        try Self.checkName(name, field: "checkpoint name")
        if name.hasPrefix(ViewCheckpoint.prefix) {
            throw AppendError.invalidName(field: "checkpoint name", reason: "names starting with \(ViewCheckpoint.prefix) are the views' own")
        }
        try transaction.pointee.put(PositionValue(position: position), for: name, in: databases.checkpoints)
    }

    /// The counter `name` as this write leaves it; nil when it was never saved.
    public func counter(named name: String) throws -> UInt64? {
        try queries.counter(named: name, in: transaction.pointee)
    }

    /// Saves counter `name` with this write. A counter is the layers' own bookkeeping beside
    /// the log (how far reference allocation has got), not history: it is not in the chain.
    ///
    /// - Throws: `AppendError.invalidName` for an empty or too long name.
    public func saveCounter(_ value: UInt64, named name: String) throws {
        try Self.checkName(name, field: "counter name")
        try transaction.pointee.put(LittleEndian.bytes(value), for: MetaKey.counter(name), in: databases.meta)
    }

    /// The organisation's setting `name`, as this write leaves it.
    public func setting(named name: String) throws -> [UInt8]? {
        try queries.setting(named: name, in: transaction.pointee)
    }

    /// Saves a value under `setting:NAME` in the store's metadata, replacing what was there,
    /// with this write. Stores made before settings were events kept them so; the casework
    /// layer now writes settings as events and moves such values into the log
    /// (`removeSetting(named:)`). Kept for that upgrade and its tests.
    public func saveSetting(_ value: [UInt8], named name: String) throws {
        try Self.checkName(name, field: "setting name")
        try transaction.pointee.put(value, for: MetaKey.setting(name), in: databases.meta)
    }

    /// Removes the value saved under `setting:NAME`, with this write; false when there was none.
    @discardableResult
    public func removeSetting(named name: String) throws -> Bool {
        try Self.checkName(name, field: "setting name")
        return try transaction.pointee.delete(MetaKey.setting(name), in: databases.meta)
    }
}
