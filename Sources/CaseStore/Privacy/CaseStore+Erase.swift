import Casework
import Codec
import EventLog
import Projections

/// Why a subject's personal data is erased: `reason` of `subject.erased` (DOMAIN.md §8).
public enum ErasureReason: String, Sendable, CaseIterable {
    /// The person asked (UK GDPR Art. 17).
    case request
    /// Every case naming them is past retention (`caselog retention run`).
    case retention
    /// A law requires it.
    case legalObligation = "legal-obligation"
    /// Anything else: say what in the request reference.
    case other
}

/// What `CaseStore.erase` did: counts and references, never a value erased.
public struct Erasure: Sendable, Equatable {
    /// The subject erased.
    public let subject: String
    /// Where its `subject.erased` event is; nil when nothing was left to erase (`erasedBefore`).
    public let position: UInt64?
    /// The cases whose keys were destroyed with the subject's (it is or was their subject,
    /// complainant or household), in the order they were opened.
    public let cases: [String]
    /// How many personal sections were erased (their key destroyed and the section blanked).
    public let sections: Int
    /// How many data keys were destroyed.
    public let keysDestroyed: Int
    /// The panel reviews of those cases: kept, with their own keys (DOMAIN.md §13).
    public let reviewsKept: [String]
    /// The position of an earlier `subject.erased` of the subject, if any.
    public let erasedBefore: UInt64?
}

extension CaseStore {
    /// Erases the personal data of `subject` (DOMAIN.md §8, §13 "Keys"): records
    /// `subject.erased` with what is erased (the cases, the count of sections, the reviews kept),
    /// destroys the data keys of the subject's stream and of every case it is or ever was the
    /// subject, complainant or household of (the key store is then compacted), and blanks
    /// those streams' personal sections in the log (envelope 0). The records and the chain are
    /// unchanged; from then on every output shows those † fields as erased, and a log backup
    /// taken before no longer yields them once the key store has no key.
    ///
    /// It runs only while no other process has the key store open (a running `caselog serve`):
    /// else nothing is done. Run again after an interruption, it finishes the work; when
    /// nothing is left to erase it records nothing and says when the subject was erased.
    ///
    /// - Parameters:
    ///   - requestRef: the organisation's reference of the request (a label, not personal).
    ///   - actor: who erases (the OS login).
    /// - Throws: `CaselogError` usage (64: the store does not encrypt, or no key store is open;
    ///   a request reference that is not a label), not found (66: no such subject), conflict
    ///   (75: the key store is in use); `StoreError`.
    public func erase(_ subject: String, reason: ErasureReason, requestRef: String?, actor: String) throws -> Erasure {
        guard log.isEncrypted, let keyStore = log.keyStore else {
            throw CaselogError(.usage, log.isEncrypted
                ? "erasing needs the key store: no master key file was found (set CASELOG_MASTER_KEY_FILE); nothing was erased"
                : "this store keeps personal data in clear: encrypt it first (`caselog keys encrypt`), so that erasing can destroy keys; nothing was erased",
                cause: ErasureRefusal.notEncrypted)
        }
        // A reference, never a sentence: the event outlives the erasure, on the person's own stream.
        if let requestRef, !(1...64).contains(requestRef.utf8.count)
            || !requestRef.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || "._/-".utf8.contains($0) }) {
            throw CaselogError(.usage, "--request-ref takes a reference of 1 to 64 letters, digits, '.', '_', '/' or '-' (such as DSAR-2026-014), "
                + "not words that could name the person; nothing was erased", cause: ErasureRefusal.badRequestRef)
        }
        return try mappingKeyStoreInUse {
            try keyStore.whileAlone {
                try eraseAlone(subject, reason: reason, requestRef: requestRef, actor: actor, keyStore: keyStore)
            }
        }
    }

    private func eraseAlone(_ subject: String, reason: ErasureReason, requestRef: String?, actor: String,
                            keyStore: KeyStore) throws -> Erasure {
        let (scope, left, inClear, before) = try log.read { reader -> (ErasureScope?, Int, Int, UInt64?) in
            guard let scope = try ErasureScope.of(subject, in: reader) else { return (nil, 0, 0, nil) }
            var left = 0
            var inClear = 0
            for position in scope.sectionPositions {
                switch try reader.storedEnvelope(at: position) {
                case PersonalSectionView.plainEnvelope: left += 1; inClear += 1
                case PersonalSectionView.encryptedEnvelope: left += 1
                default: break
                }
            }
            var before: UInt64?
            try reader.scanStream(subject) { record in
                if record.typeBytes.elementsEqual(EventCatalogue.erased.utf8) { before = record.position }
            }
            return (scope, left, inClear, before)
        }
        guard let scope else {
            throw CaselogError(.notFound, "there is no subject \(subject) (`caselog cases --type subject` lists them)", cause: ErasureRefusal.noSuchSubject)
        }
        // A section still in clear (an encryption interrupted before it finished) would stay
        // readable in the data file's free pages after blanking: finish the encryption first.
        guard inClear == 0 else {
            throw CaselogError(.usage, "\(inClear) of \(subject)'s personal sections are still in clear: run `caselog keys encrypt` "
                + "to finish encrypting the store, then erase; nothing was erased", cause: ErasureRefusal.notEncrypted)
        }
        let keysLeft = try keyStore.keys(for: scope.streams).count
        if left == 0 && keysLeft == 0, let before {
            return Erasure(subject: subject, position: nil, cases: scope.cases, sections: 0, keysDestroyed: 0,
                           reviewsKept: scope.reviewsKept, erasedBefore: before)
        }
        var fields: [String: CBORValue] = ["reason": .text(reason.rawValue), "sections": .integer(Int64(scope.sectionPositions.count))]
        if !scope.cases.isEmpty { fields["cases"] = .array(scope.cases.map { CBORValue.text($0) }) }
        if !scope.reviewsKept.isEmpty { fields["reviewsKept"] = .array(scope.reviewsKept.map { CBORValue.text($0) }) }
        if let requestRef { fields["requestRef"] = .text(requestRef) }
        if let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor) { fields[OnBehalfOf.field] = .text(onBehalfOf) }
        let position = try log.write(actor: actor) { writer in
            try writer.append(ProposedEvent(type: EventCatalogue.erased, occurredAt: writer.recordedAt, data: CBORValue.map(fields).encoded()),
                              to: subject).firstPosition
        }
        // The subject's blind-index entries go before its keys, so that the compaction `destroy` ends with clears them too.
        try keyStore.removeBlindEntries(of: [subject])
        let destroyed = try keyStore.destroy(scope.streams)
        try log.erasePersonalSections(at: scope.sectionPositions)
        return Erasure(subject: subject, position: position, cases: scope.cases, sections: scope.sectionPositions.count,
                       keysDestroyed: destroyed, reviewsKept: scope.reviewsKept, erasedBefore: before)
    }

    /// `body`, with the key store's `inUse` as a conflict (75) that says what to do.
    func mappingKeyStoreInUse<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch KeyStoreError.inUse(let path) {
            throw CaselogError(.conflict, "another process has the key store at \(path) open (a running `caselog serve`?): "
                + "stop it and erase again; nothing was erased", cause: ErasureRefusal.keyStoreInUse)
        }
    }
}

/// Why an erasure was refused (the cause of its `CaselogError`).
public enum ErasureRefusal: Error, Sendable {
    /// The store keeps personal data in clear, or its key store is not open.
    case notEncrypted
    /// `--request-ref` is not a label.
    case badRequestRef
    /// No such subject.
    case noSuchSubject
    /// Another process has the key store open.
    case keyStoreInUse
}

extension CaseStore {
    /// After a key-store backup is restored (DOMAIN.md §13): destroys, again, the keys and
    /// blind-index entries of every stream the log marks erased (a `subject.erased` on it or
    /// naming it among its `cases`), which a backup taken before the erasure brought back. A
    /// stream with personal data recorded after its last erasure keeps its key (that data is
    /// new, under a new key). Records nothing: the log says already.
    ///
    /// - Returns: the subjects the log marks erased, and how many keys were destroyed.
    /// - Throws: `CaselogError` usage (no key store), conflict (the key store is in use); `StoreError`.
    public func forgetErased() throws -> (subjects: [String], keysDestroyed: Int) {
        guard let keyStore = log.keyStore else {
            throw CaselogError(.usage, "this store was opened without its key store: nothing to forget", cause: ErasureRefusal.notEncrypted)
        }
        return try mappingKeyStoreInUse {
            try keyStore.whileAlone {
                let (subjects, streams) = try log.read { reader -> ([String], [String]) in
                    let (subjects, erasedAt) = try EventStore.lastErasures(in: reader)
                    var streams: [String] = []
                    for (stream, position) in erasedAt.sorted(by: { $0.key < $1.key }) {
                        var recordedSince = false
                        try reader.scanStream(stream) { record in
                            if record.position > position && record.hasPersonalData { recordedSince = true }
                        }
                        if !recordedSince { streams.append(stream) }
                    }
                    return (subjects, streams)
                }
                try keyStore.removeBlindEntries(of: subjects)
                return (subjects, try keyStore.destroy(streams))
            }
        }
    }
}

extension CaseStore {
    /// Erases, by retention, every subject `retentionSchedule(asOf:)` finds due (DOMAIN.md §8),
    /// each as `erase` does with reason `retention`, holding the key store for the whole run.
    /// What erasing needs (an encrypted store, its key store, no other process using it) is
    /// checked before anything is read: a refused run writes nothing. `beforeErasing` gets the
    /// schedule first (the caller logs the read of dates of birth it made, and shows it).
    ///
    /// - Returns: the schedule and the erasures, in its order.
    /// - Throws: `CaselogError` usage (a store in clear, or opened without its key store),
    ///   conflict (the key store in use); what `beforeErasing` and `erase` throw.
    public func eraseByRetention(asOf date: CalendarDate, actor: String,
                                 beforeErasing: (RetentionSchedule) throws -> Void) throws -> (schedule: RetentionSchedule, erasures: [Erasure]) {
        guard let keyStore = log.keyStore, log.isEncrypted else {
            throw CaselogError(.usage, "retention run erases by destroying keys, and this store "
                + (log.isEncrypted ? "was opened without its key store (no master key file found)" : "keeps personal data in clear (`caselog keys encrypt` first)")
                + ": use --dry-run to list who is due; nothing was written", cause: ErasureRefusal.notEncrypted)
        }
        return try mappingKeyStoreInUse {
            try keyStore.whileAlone {
                let schedule = try retentionSchedule(asOf: date)
                try beforeErasing(schedule)
                let erasures = try schedule.due.map { try erase($0.subject, reason: .retention, requestRef: nil, actor: actor) }
                return (schedule, erasures)
            }
        }
    }
}
