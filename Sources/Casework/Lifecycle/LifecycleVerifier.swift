import EventLog

/// Checks the lifecycle kept with every case's and subject's stream head against its events:
/// each stream's lifecycle is folded again from its records, through the same rules that
/// moved it when they were written, and compared byte for byte with the state the head keeps.
///
/// The kept state is what a check of the next event reads instead of replaying the case, so a
/// head whose state was changed (cleared flags on a closed complaint) would let the case take
/// events its history forbids; the chain does not cover it (heads are derived, not history).
/// `caselog verify` runs this after the chain holds.
public enum LifecycleVerifier {
    /// Where the first stream that does not agree is, and why.
    public struct Mismatch: Sendable, Equatable {
        /// The position to name: the record whose rule refused, or the stream's last record.
        public let position: UInt64
        /// What did not agree, for a person: the case, the rule or the states that differ.
        public let reason: String
    }

    /// Folds every stream's lifecycle from the snapshot `reader` and compares it with its head.
    ///
    /// - Parameter progress: called now and then with (records read, records in all).
    /// - Returns: nil when every head agrees with its records; else the first that does not.
    /// - Complexity: one scan of the log; memory grows with the streams (a lifecycle each).
    public static func check(in reader: borrowing LogReader, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Mismatch? {
        struct Folded {
            let caseType: CaseType
            var lifecycle = CaseLifecycle()
            var lastPosition: UInt64 = 0
        }
        var folded: [UInt64: Folded] = [:]
        var others: Set<UInt64> = []
        var mismatch: Mismatch?
        let total = try reader.head().position
        try reader.scan { record in
            guard mismatch == nil else { return }
            let number = record.streamNumber
            if folded[number] == nil {
                guard !others.contains(number) else { return }
                guard let reference = CaseReference.parse(record.streamBytes) else {
                    // The store's own streams (`settings`) keep no lifecycle.
                    others.insert(number)
                    return
                }
                folded[number] = Folded(caseType: reference.caseType)
            }
            guard let spec = EventCatalogue.type(utf8: record.typeBytes) else {
                mismatch = Mismatch(position: record.position, reason: "\(record.stream): \(record.type) is not in the catalogue, so its "
                    + "case's lifecycle cannot be folded again")
                return
            }
            do {
                try folded[number]!.lifecycle.apply(spec, on: folded[number]!.caseType, version: record.version - 1,
                                                    occurredAt: record.occurredAt, data: record.data)
                folded[number]!.lastPosition = record.position
                if spec.name == CaseVoids.type {
                    // Fold the case again without the voided event, as the void was recorded (`CaseVoids`).
                    var entries: [CaseVoids.Entry] = []
                    try reader.scanStream(record.stream) { if $0.version < record.version { entries.append(CaseVoids.Entry($0)) } }
                    let target = CaseVoids.Entry(record).voids ?? EventID(high: 0, low: 0)
                    folded[number]!.lifecycle = try CaseVoids.lifecycle(afterVoiding: target, of: folded[number]!.caseType, entries: entries)
                }
            } catch let error as ValidationError {
                mismatch = Mismatch(position: record.position, reason: "\(record.stream): folding its lifecycle again, "
                    + "\(record.type) is refused (\(error.message)): the case's records and its rules disagree")
            } catch {
                mismatch = Mismatch(position: record.position, reason: "\(record.stream): \(error)")
            }
            if let progress, record.position % 16_384 == 0 { progress(record.position, total) }
        }
        if let mismatch { return mismatch }
        var found: Mismatch?
        try reader.forEachStream { head in
            guard found == nil, let expected = folded[head.number] else { return }
            let refolded = expected.lifecycle.encoded()
            guard head.state.elementsEqual(refolded) else {
                let kept = CaseLifecycle(encoded: head.state).map(describe) ?? "unreadable bytes"
                found = Mismatch(position: expected.lastPosition, reason: "the lifecycle kept with the head of \(head.name) "
                    + "(\(kept)) does not match its events (\(describe(expected.lifecycle))): the head was changed")
                return
            }
        }
        progress?(total, total)
        return found
    }

    /// A lifecycle in a few words: "open, stage 1, acknowledged and responded at stage 1, 2 ids".
    static func describe(_ lifecycle: CaseLifecycle) -> String {
        let names: [(CaseLifecycle.Flags, String)] = [
            (.closed, "closed"), (.withdrawn, "withdrawn"), (.triaged, "triaged"), (.escalated, "escalated"),
            (.acknowledgedStage1, "stage 1 acknowledged"), (.respondedStage1, "stage 1 responded"),
            (.acknowledgedStage2, "stage 2 acknowledged"), (.respondedStage2, "stage 2 responded"),
        ]
        var parts = lifecycle.flags.contains(.closed) ? [] : ["open"]
        parts += names.filter { lifecycle.flags.contains($0.0) }.map(\.1)
        if let worker = lifecycle.assignedTo { parts.append("assigned to \(worker)") }
        if !lifecycle.ids.isEmpty { parts.append("\(lifecycle.ids.count) id\(lifecycle.ids.count == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}
