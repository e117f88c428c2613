import EventLog

extension EventStore {
    /// `verify` (the chain, every record and index), then, when that holds, every case's and
    /// subject's lifecycle kept with its head against its records (`LifecycleVerifier`): what
    /// `caselog verify` and a backup's check run.
    ///
    /// - Parameter progress: called now and then with (steps done, steps in all): a step per
    ///   record in each of the two walks.
    /// - Returns: `.intact`, or the first position that fails.
    /// - Complexity: two scans of the log.
    public func verifyWithLifecycles(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        let chain = try verify { done, total in progress?(done, 2 * total) }
        guard chain.isIntact else { return chain }
        // A section blanked to envelope 0 is erased when a later `subject.erased` names its
        // stream (the subject's own, or one of its `cases`); any other is someone's deletion.
        if !chain.erasedPositions.isEmpty, let unexplained = try read({ try Self.firstUnexplainedErasure(chain.erasedPositions, in: $0) }) {
            return VerificationReport(outcome: .broken(position: unexplained, reason: "its personal-data section was blanked (envelope 0, "
                + "erased), but no later subject.erased names its stream: \(chain.erasedSections) blanked section\(chain.erasedSections == 1 ? "" : "s") in all"),
                head: chain.head, recordsChecked: chain.recordsChecked)
        }
        // With the key store open, a section whose stream has no key lost it by an erasure the
        // log records, or someone removed the key: the same rule.
        if keyStore != nil, !chain.withoutKeyPositions.isEmpty,
           let unexplained = try read({ try Self.firstUnexplainedErasure(chain.withoutKeyPositions, in: $0) }) {
            return VerificationReport(outcome: .broken(position: unexplained, reason: "its stream's data key is missing from the key store, "
                + "but no later subject.erased names its stream: a key was removed outside caselog erase, or the key store is not this store's"),
                head: chain.head, recordsChecked: chain.recordsChecked)
        }
        let mismatch = try read { reader in
            try LifecycleVerifier.check(in: reader) { done, total in progress?(total + done, 2 * total) }
        }
        guard let mismatch else { return chain }
        return VerificationReport(outcome: .broken(position: mismatch.position, reason: mismatch.reason), head: chain.head,
                                  recordsChecked: chain.recordsChecked)
    }

    /// The first of `positions` (of blanked sections, in order) whose stream no later
    /// `subject.erased` names; nil when every one was erased so. One scan of the log.
    static func firstUnexplainedErasure(_ positions: [UInt64], in reader: borrowing LogReader) throws -> UInt64? {
        // A section blanked before its stream's last erasure is explained.
        let erasedThrough = try Self.lastErasures(in: reader).streams
        for position in positions {
            guard let record = try reader.record(at: position) else { return position }
            guard let through = erasedThrough[record.stream], through > position else { return position }
        }
        return nil
    }

    /// What the log says was erased: the subjects with a `subject.erased`, in log order, and for
    /// each stream an erasure named (the subject's own, or one of its `cases`) the position of
    /// the last such erasure. One scan of the log.
    public static func lastErasures(in reader: borrowing LogReader) throws -> (subjects: [String], streams: [String: UInt64]) {
        var subjects: [String] = []
        var streams: [String: UInt64] = [:]
        try reader.scan(from: 1) { record in
            guard record.typeBytes.elementsEqual(EventCatalogue.erased.utf8) else { return }
            subjects.append(record.stream)
            streams[record.stream] = record.position
            record.data["cases"]?.forEachElement { element in
                if let stream = element.string { streams[stream] = record.position }
            }
        }
        return (subjects, streams)
    }
}
