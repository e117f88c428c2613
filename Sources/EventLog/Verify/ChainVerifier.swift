import LMDB

/// The result of walking the whole log.
public struct VerificationReport: Sendable, Equatable {
    /// Whether everything held, or where it first did not.
    public enum Outcome: Sendable, Equatable {
        /// Every record, hash and index entry is as the chain says.
        case intact
        /// The first position that fails, and why.
        case broken(position: UInt64, reason: String)
        /// A page of LMDB's own trees is damaged (the page when it is one page's, and what is
        /// wrong): found before any record is read, so none was.
        case damagedPage(page: UInt64?, reason: String)

        /// "intact", "at position 7: its hash does not match …", or a damaged page's reason.
        public var description: String {
            switch self {
            case .intact: "intact"
            case let .broken(position, reason): "at position \(position): \(reason)"
            case let .damagedPage(_, reason): reason
            }
        }
    }

    /// What the walk found.
    public let outcome: Outcome
    /// The head as verified: on `.intact`, the head to publish or compare.
    public let head: LogHead
    /// Records checked.
    public let recordsChecked: UInt64
    /// Personal-data sections found erased (envelope 0, docs/FORMAT.md §5): their records
    /// stand, their digests can no longer be checked.
    public var erasedSections: UInt64 = 0
    /// The position of the first of them, if any (a layer above checks that the log erased it).
    public var firstErasedPosition: UInt64? { erasedPositions.first }
    /// The positions of every one of them, in order (a layer above checks that the log erased each).
    public var erasedPositions: [UInt64] = []
    /// Personal-data sections encrypted (envelope 2, docs/FORMAT.md §5) whose stream has no
    /// data key here (destroyed, or the store opened without its key store): their records
    /// stand, their digests cannot be checked. Not damage.
    public var sectionsWithoutKey: UInt64 = 0
    /// The positions of those sections, in order (with the key store open, a layer above checks
    /// that the log erased each: a key removed otherwise is a deletion).
    public var withoutKeyPositions: [UInt64] = []

    /// True when everything held.
    public var isIntact: Bool { outcome == .intact }

    /// A report of `outcome` at `head`, after `recordsChecked` records (for layers above that
    /// add checks of their own to the log's).
    public init(outcome: Outcome, head: LogHead, recordsChecked: UInt64) {
        self.outcome = outcome
        self.head = head
        self.recordsChecked = recordsChecked
    }
}

extension EventStore {
    /// Walks the whole log in one snapshot and checks, record by record: positions run from 1
    /// without gaps, each record is well formed, each hash is SHA-256 of the previous hash and
    /// the record, each personal-data section matches its digest, stream versions run from 1
    /// without gaps, and the stream and event-id indexes point at the record when the indexes
    /// cover its position (and hold nothing for it when they do not yet); then that the stream
    /// heads and index sizes agree with what was walked.
    ///
    /// First, in the same snapshot, it walks LMDB's own pages (`Environment.auditPages`), so
    /// that the walk of the records never steps on a damaged page.
    ///
    /// - Parameter progress: called now and then with (records checked, records in all).
    /// - Returns: `.intact`, the damaged page, or the first position that fails (corruption is
    ///   a result, not an error).
    /// - Throws: `StoreError` only when the store cannot be read at all.
    /// - Complexity: O(n log n); memory grows with the number of streams, not of events.
    public func verify(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        // The audit needs its snapshot's meta page, which two commits overwrite: tried again then.
        while true {
            let report: VerificationReport? = try read { reader in
                switch try environment.auditPages(in: reader.transaction.pointee) {
                case nil: return nil
                case let .damaged(page, problem)?:
                    return VerificationReport(outcome: .damagedPage(page: page, reason: problem), head: .empty, recordsChecked: 0)
                case .sound?: return try ChainVerifier(queries: queries).run(reader.transaction.pointee, progress: progress)
                }
            }
            if let report { return report }
        }
    }
}

/// The walk behind `EventStore.verify`.
struct ChainVerifier {
    let queries: StoreQueries
    var databases: StoreDatabases { queries.databases }
    /// The data keys of the encrypted sections walked.
    let sectionKeys = SectionKeys()

    private struct StreamSeen {
        var name: [UInt8]
        var version: UInt64
        var firstPosition: UInt64
        var lastPosition: UInt64
        /// The stream's last position that the indexes cover (0: none).
        var lastIndexedPosition: UInt64
    }

    func run(_ txn: borrowing ReadTransaction, progress: ((UInt64, UInt64) -> Void)?) throws -> VerificationReport {
        let indexed = try queries.indexedThrough(in: txn)
        let total = UInt64(try txn.statistics(of: databases.events).entries)
        let runs: IndexRuns
        do {
            runs = try queries.indexRuns(in: txn)
        } catch StoreError.corruptedIndex(let reason) {
            return VerificationReport(outcome: .broken(position: 1, reason: reason), head: .empty, recordsChecked: 0)
        }
        guard runs.indexedThrough == indexed else {
            return VerificationReport(
                outcome: .broken(position: min(indexed, runs.indexedThrough) + 1,
                                 reason: "the index runs cover positions 1 through \(runs.indexedThrough), but the indexes say they cover \(indexed)"),
                head: .empty, recordsChecked: 0)
        }
        var expected: UInt64 = 1
        var previous = ChainHash.zero
        let hasher = SHA256()
        var streams: [UInt64: StreamSeen] = [:]
        // Stream numbers are given in the order streams first appear, from 1, without gaps.
        var highestNumber: UInt64 = 0
        var highestIndexedNumber: UInt64 = 0
        var erasedSections: UInt64 = 0
        var erasedPositions: [UInt64] = []
        var sectionsWithoutKey: UInt64 = 0
        var withoutKeyPositions: [UInt64] = []
        var failure: (UInt64, String)?

        func fail(_ position: UInt64, _ reason: String) -> Bool {
            failure = (position, reason)
            return false
        }

        func checkRecord(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws -> Bool {
            guard let position = BigEndianKey.decode(key) else { return fail(expected, "an events key is not 8 bytes") }
            guard position == expected else {
                return fail(expected, position > expected ? "position \(expected) is missing" : "an events key is out of order")
            }
            guard let record = RecordView(validating: value) else {
                return fail(position, "the record is malformed (its lengths or format version do not add up)")
            }
            guard record.position == position else {
                return fail(position, "the record says it is at position \(record.position)")
            }
            let hash = ChainHash.next(after: previous, record: value, using: hasher)
            guard let stored = ChainHash(bytes: record.hash), stored == hash else {
                return fail(position, "its hash does not match its bytes and the previous hash: the record was changed")
            }
            switch try checkPersonalData(record, position: position, txn, hasher: hasher) {
            case .intact: break
            case .erased:
                erasedSections += 1
                erasedPositions.append(position)
            case .withoutKey:
                sectionsWithoutKey += 1
                withoutKeyPositions.append(position)
            case .broken(let reason): return fail(position, reason)
            }
            let number = record.streamNumber
            let version = (streams[number]?.version ?? 0) + 1
            guard record.version == version else {
                return fail(position, "stream version \(record.version) where \(version) was next")
            }
            if let seen = streams[number] {
                guard seen.name.elementsEqual(record.streamBytes) else {
                    return fail(position, "stream number \(number) is used by two stream names")
                }
                streams[number]?.version = version
                streams[number]?.lastPosition = position
                if position <= indexed { streams[number]?.lastIndexedPosition = position }
            } else {
                guard number == highestNumber + 1 else {
                    return fail(position, "stream \(record.stream) has number \(number) where \(highestNumber + 1) was next")
                }
                highestNumber = number
                if position <= indexed { highestIndexedNumber = number }
                streams[number] = StreamSeen(name: Array(record.streamBytes), version: version,
                                             firstPosition: position, lastPosition: position,
                                             lastIndexedPosition: position <= indexed ? position : 0)
            }
            // A record the indexes cover has its entries in the run that covers it; one after
            // them has none in any run (and the entry counts, below, leave room for no others).
            if position <= indexed {
                guard let run = runs.run(covering: position) else { return fail(position, "no index run covers this record") }
                let byVersion = try txn.value(for: IndexKey(streamNumber: number, version: version), in: databases.streamIndex[run.slot])
                guard let byVersion, LittleEndian.uint64(byVersion) == position else {
                    return fail(position, "the stream index does not point at this record")
                }
                let byID = try txn.value(for: IndexKey(id: record.eventID), in: databases.eventIDs[run.slot])
                guard let byID, LittleEndian.uint64(byID) == position else {
                    return fail(position, "the event-id index does not point at this record")
                }
            } else {
                for run in runs.runs {
                    if try txn.value(for: IndexKey(streamNumber: number, version: version), in: databases.streamIndex[run.slot]) != nil
                        || txn.value(for: IndexKey(id: record.eventID), in: databases.eventIDs[run.slot]) != nil {
                        return fail(position, "the indexes have an entry for this record, beyond the position they say they cover")
                    }
                }
            }
            previous = hash
            expected += 1
            if let progress, position % 16_384 == 0 { progress(position, total) }
            return true
        }

        try txn.withCursor(on: databases.events) { cursor in
            var entry = try cursor.first()
            while let (key, value) = entry {
                guard try checkRecord(key: key, value: value) else { return }
                entry = try cursor.next()
            }
        }
        let checked = expected - 1
        let walkedHead = LogHead(position: checked, hash: previous)
        if let (position, reason) = failure {
            return VerificationReport(outcome: .broken(position: position, reason: reason), head: walkedHead, recordsChecked: checked)
        }
        progress?(checked, total)
        if let reason = try checkSummaries(txn, indexed: indexed, walkedHead: walkedHead, streams: streams,
                                           highestNumber: highestNumber, highestIndexedNumber: highestIndexedNumber) {
            return VerificationReport(outcome: .broken(position: min(indexed, checked) + 1, reason: reason),
                                      head: walkedHead, recordsChecked: checked)
        }
        var report = VerificationReport(outcome: .intact, head: walkedHead, recordsChecked: checked)
        report.erasedSections = erasedSections
        report.erasedPositions = erasedPositions
        report.sectionsWithoutKey = sectionsWithoutKey
        report.withoutKeyPositions = withoutKeyPositions
        return report
    }

    /// What `checkPersonalData` found.
    private enum SectionCheck {
        case intact, erased, withoutKey
        case broken(String)
    }

    private func checkPersonalData(_ record: RecordView, position: UInt64, _ txn: borrowing ReadTransaction,
                                   hasher: SHA256) throws -> SectionCheck {
        let section = try txn.value(for: BigEndianKey(position), in: databases.personal)
        guard record.hasPersonalData else {
            return section == nil ? .intact : .broken("a personal-data section exists for a record that has none")
        }
        guard let section else { return .broken("its personal-data section is missing") }
        if section.count == 1 && section[0] == PersonalSectionView.erasedEnvelope { return .erased }
        guard section.first == PersonalSectionView.encryptedEnvelope else { return check(section, against: record, hasher: hasher) }
        // Encrypted (envelope 2): its digest is that of the clear envelope-1 form.
        guard let keyStore = queries.keyStore, let key = try sectionKeys.key(for: record.stream, in: keyStore) else { return .withoutKey }
        guard var clear = PersonalSectionView.decrypt(section, key: key, position: position, stream: record.streamBytes) else {
            return .broken(PersonalSectionView.undecryptable)
        }
        defer { AESGCM.wipe(&clear) }
        return clear.withUnsafeBytes { check($0, against: record, hasher: hasher) }
    }

    /// Whether the envelope-1 section `section` is the one `record`'s digest and length name.
    private func check(_ section: UnsafeRawBufferPointer, against record: RecordView, hasher: SHA256) -> SectionCheck {
        guard section.count == record.personalLength,
              let digest = ChainHash(bytes: record.personalDigest), digest == hasher.digest(section)
        else { return .broken("its personal-data section does not match the digest in the record: it was changed") }
        return .intact
    }

    private func checkSummaries(
        _ txn: borrowing ReadTransaction, indexed: UInt64, walkedHead: LogHead, streams: [UInt64: StreamSeen],
        highestNumber: UInt64, highestIndexedNumber: UInt64
    ) throws -> String? {
        guard indexed <= walkedHead.position else {
            return "the indexes say they cover position \(indexed), but the records end at \(walkedHead.position)"
        }
        // The number the next new stream gets follows the streams the indexes cover: lower, and
        // a new stream would share a number with an old one.
        let next = try txn.value(for: MetaKey.nextStreamNumber, in: databases.meta).map { LittleEndian.uint64($0) }
        switch next {
        case .some(.none):
            return "next-stream-number is not 8 bytes"
        case .some(.some(let stored)) where indexed > 0 ? stored != highestIndexedNumber + 1 : stored > highestNumber + 1:
            return "next-stream-number is \(stored), but the streams the indexes cover end at number \(highestIndexedNumber)"
        case .none where indexed > 0:
            return "next-stream-number is missing, but the indexes cover position \(indexed)"
        default:
            break
        }
        // A checkpoint says how far a consumer (or a view kept current) has read: never beyond the head.
        var checkpointProblem: String?
        try txn.withCursor(on: databases.checkpoints) { cursor in
            var entry = try cursor.first()
            while let (key, value) = entry {
                let name = String(decoding: key, as: UTF8.self)
                guard let position = LittleEndian.uint64(value), value.count == 8 else {
                    checkpointProblem = "checkpoint \(name) is not a position (8 bytes)"
                    return
                }
                guard position <= walkedHead.position else {
                    checkpointProblem = "checkpoint \(name) is at position \(position), beyond the head (\(walkedHead.position))"
                    return
                }
                entry = try cursor.next()
            }
        }
        if let checkpointProblem { return checkpointProblem }
        // Each run's databases hold exactly its records' entries (each was found above), and a
        // slot no run uses holds nothing.
        let runs = try queries.indexRuns(in: txn)
        for slot in 0..<IndexRuns.slotCount {
            let run = runs.runs.first { $0.slot == slot }
            for database in [databases.streamIndex[slot], databases.eventIDs[slot]] {
                let entries = UInt64(try txn.statistics(of: database).entries)
                guard entries == run?.count ?? 0 else {
                    return run.map { "\(database.name) has \(entries) entries for the \($0.count) records of its run, positions \($0.firstPosition) through \($0.lastPosition)" }
                        ?? "\(database.name) has \(entries) entries but no run"
                }
            }
        }
        // An id in two runs is an event id stored twice in the log (each record finds its own
        // entry in its own run, and the counts agree).
        if let shared = try IndexRunMerge.firstSharedKey(in: runs.runs.map { databases.eventIDs[$0.slot] }, txn: txn) {
            return "event id \(EventID(high: shared.high, low: shared.low)) is in the log twice"
        }
        // Every head matches its stream's records at the head's last position, and is at least
        // as far on as the indexes; heads written with their commit may be further on.
        var problem: String?
        var headed: Set<UInt64> = []
        try txn.withCursor(on: databases.streams) { cursor in
            var entry = try cursor.first()
            while let (key, value) = entry {
                let name = String(decoding: key, as: UTF8.self)
                guard let head = StreamHead(name: name, encoded: value), let seen = streams[head.number],
                      seen.name.elementsEqual(key), seen.firstPosition == head.firstPosition,
                      head.lastPosition >= seen.lastIndexedPosition, head.lastPosition <= seen.lastPosition,
                      let record = try queries.record(at: head.lastPosition, in: txn),
                      record.streamNumber == head.number, record.version == head.version
                else {
                    problem = "the head of stream \(name) does not match its records"
                    return
                }
                headed.insert(head.number)
                entry = try cursor.next()
            }
        }
        if let problem { return problem }
        for (number, seen) in streams where seen.lastIndexedPosition > 0 && !headed.contains(number) {
            return "stream \(String(decoding: seen.name, as: UTF8.self)) has indexed records but no head"
        }
        return nil
    }
}
