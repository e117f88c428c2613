import CCrypto
import LMDB

/// One criterion of a search of the blind index and its value, normalised by the caller
/// (`criterion` names what it is, e.g. `name`, `dob`, `postcode`, so that a name never matches
/// a postcode: the HMAC is taken over `criterion ‖ 0x00 ‖ value`).
public struct BlindTerm: Hashable, Sendable {
    /// What the value is (`name`, `dob`, `postcode`).
    public let criterion: String
    /// The normalised value.
    public let value: String

    public init(_ criterion: String, _ value: String) {
        self.criterion = criterion
        self.value = value
    }
}

/// A change to the blind index, as its owner derives them from the log.
public enum BlindChange: Sendable, Equatable {
    /// `subject`'s `criterion` is now `value`; nil: it has none now (its entry is removed).
    case set(subject: String, criterion: String, value: String?)
    /// `subject` was merged into `into`, the subject kept.
    case merged(subject: String, into: String)
    /// `subject` was erased: its entries are removed and it is never indexed again.
    case removed(subject: String)
}

/// The blind index (docs/FORMAT.md §10, "The blind index"): HMAC-SHA-256 under the index key
/// (32 random bytes wrapped by the master key like a data key, in `meta` under `index-key`)
/// of each subject's normalised values, kept in the `blind` database beside the keys, never in
/// the log. Its entries, keys of that database:
///
/// - `f ‖ hmac (32 bytes) ‖ subject` → empty: who has a value (the forward map);
/// - `r ‖ subject ‖ 0x00 ‖ criterion` → hmac: the reverse map, to replace or remove them;
/// - `m ‖ subject` → the subject it was merged into;
/// - `x ‖ subject` → empty: a subject whose entries were removed (erased), never indexed again;
/// - `p` → the log position indexed through (8 bytes, big-endian).
///
/// Whoever holds the key store and the master key learns from it which subjects share a
/// normalised value (and can test a guessed value); the log alone reveals nothing of it.
extension KeyStore {
    /// Where the wrapped index key is, in `meta`.
    static let indexKeyName = "index-key"
    /// The additional data of the wrapped index key.
    static let indexKeyData = Array("caselog blind index key".utf8)
    /// Bytes of an HMAC-SHA-256.
    public static let blindHashCount = 32

    /// The log position the blind index has taken in (0: none yet).
    ///
    /// - Throws: `StoreError.storage`.
    public func blindIndexPosition() throws -> UInt64 {
        try withEnvironment { state, environment in
            let blind = state.blind
            return try environment.read { txn in try txn.value(for: "p", in: blind).map(Self.position) ?? 0 }
        }
    }

    /// Applies `changes` (derived from the log after position `expected` through `through`) in
    /// one durable write, when the index is still at `expected`; returns false, changing
    /// nothing, when another process moved it meanwhile (the caller reads the log again).
    ///
    /// - Throws: `KeyStoreError.entryDamaged` (the index key does not unwrap); `StoreError.storage`.
    @discardableResult
    public func applyBlindChanges(_ changes: [BlindChange], after expected: UInt64, through: UInt64) throws -> Bool {
        try withEnvironment { state, environment in
            let (blind, meta, master) = (state.blind, state.meta, state.master)
            return try environment.write { txn in
                let now = try txn.value(for: "p", in: blind).map(Self.position) ?? 0
                guard now == expected else { return false }
                if !changes.isEmpty {
                    var key = try Self.makingIndexKey(in: txn, meta: meta, master: master)
                    defer { AESGCM.wipe(&key) }
                    for change in changes { try Self.apply(change, key: key, in: txn, blind: blind) }
                }
                try txn.put(Self.positionBytes(through), for: "p", in: blind)
                return true
            }
        }
    }

    /// The subjects that have every one of `terms` (none for no terms), sorted.
    ///
    /// - Throws: `KeyStoreError.entryDamaged`; `StoreError.storage`.
    public func blindMatches(_ terms: [BlindTerm]) throws -> [String] {
        guard !terms.isEmpty else { return [] }
        return try withEnvironment { state, environment in
            let (blind, meta, master) = (state.blind, state.meta, state.master)
            return try environment.read { txn in
                guard var key = try Self.indexKey(in: txn, meta: meta, master: master) else { return [] }
                defer { AESGCM.wipe(&key) }
                var found: Set<String>?
                for term in terms {
                    let subjects = try Self.subjects(having: try Self.hmac(term, key: key), in: txn, blind: blind)
                    found = found.map { $0.intersection(subjects) } ?? subjects
                    if found!.isEmpty { break }
                }
                return (found ?? []).sorted()
            }
        }
    }

    /// The other subjects that share `subject`'s value of every one of `criteria` (its likely
    /// duplicates); none when `subject` has no value for one of them.
    ///
    /// - Throws: `StoreError.storage`.
    public func blindMatches(of subject: String, on criteria: [String]) throws -> [String] {
        guard !criteria.isEmpty else { return [] }
        return try withEnvironment { state, environment in
            let blind = state.blind
            return try environment.read { txn in
                var found: Set<String>?
                for criterion in criteria {
                    guard let hash = try txn.value(for: Self.reverseKey(subject, criterion), in: blind) else { return [] }
                    let subjects = try Self.subjects(having: Array(hash), in: txn, blind: blind)
                    found = found.map { $0.intersection(subjects) } ?? subjects
                }
                found?.remove(subject)
                return (found ?? []).sorted()
            }
        }
    }

    /// The subject each of `subjects` was merged into, for those that were.
    ///
    /// - Throws: `StoreError.storage`.
    public func blindMerges(of subjects: [String]) throws -> [String: String] {
        try withEnvironment { state, environment in
            let blind = state.blind
            return try environment.read { txn in
                var merges: [String: String] = [:]
                for subject in subjects {
                    if let into = try txn.value(for: [UInt8]("m".utf8) + Array(subject.utf8), in: blind) {
                        merges[subject] = String(decoding: into, as: UTF8.self)
                    }
                }
                return merges
            }
        }
    }

    /// Removes every blind-index entry of `subjects` (their values, their merge) in one durable
    /// write, and marks them so that they are never indexed again: `erase` calls it before it
    /// destroys their keys, and its compaction then clears the pages the entries left.
    ///
    /// - Throws: `StoreError.storage`.
    public func removeBlindEntries(of subjects: [String]) throws {
        try withEnvironment { state, environment in
            let blind = state.blind
            try environment.write { txn in
                for subject in Set(subjects) { try Self.remove(subject, in: txn, blind: blind, marking: true) }
            }
        }
    }

    // MARK: - Inside

    private static func apply(_ change: BlindChange, key: [UInt8], in txn: borrowing WriteTransaction, blind: Database) throws {
        switch change {
        case let .set(subject, criterion, value):
            guard try txn.value(for: removedKey(subject), in: blind) == nil else { return }
            let reverse = reverseKey(subject, criterion)
            if let old = try txn.value(for: reverse, in: blind).map(Array.init) {
                _ = try txn.delete(forwardKey(old, subject), in: blind)
                _ = try txn.delete(reverse, in: blind)
            }
            guard let value else { return }
            let hash = try hmac(BlindTerm(criterion, value), key: key)
            try txn.put([UInt8](), for: forwardKey(hash, subject), in: blind)
            try txn.put(hash, for: reverse, in: blind)
        case let .merged(subject, into):
            guard try txn.value(for: removedKey(subject), in: blind) == nil else { return }
            try txn.put(Array(into.utf8), for: [UInt8]("m".utf8) + Array(subject.utf8), in: blind)
        case let .removed(subject):
            try remove(subject, in: txn, blind: blind, marking: true)
        }
    }

    private static func remove(_ subject: String, in txn: borrowing WriteTransaction, blind: Database, marking: Bool) throws {
        let prefix = [UInt8]("r".utf8) + Array(subject.utf8) + [0]
        var entries: [([UInt8], [UInt8])] = []
        try txn.withCursor(on: blind) { cursor in
            var entry = try cursor.seek(atLeast: prefix)
            while let (key, value) = entry, key.starts(with: prefix) {
                entries.append((Array(key), Array(value)))
                entry = try cursor.next()
            }
        }
        for (reverse, hash) in entries {
            _ = try txn.delete(forwardKey(hash, subject), in: blind)
            _ = try txn.delete(reverse, in: blind)
        }
        _ = try txn.delete([UInt8]("m".utf8) + Array(subject.utf8), in: blind)
        if marking { try txn.put([UInt8](), for: removedKey(subject), in: blind) }
    }

    private static func subjects(having hash: [UInt8], in txn: borrowing some TransactionReading & ~Copyable, blind: Database) throws -> Set<String> {
        let prefix = [UInt8]("f".utf8) + hash
        var found: Set<String> = []
        try txn.withCursor(on: blind) { cursor in
            var entry = try cursor.seek(atLeast: prefix)
            while let (key, _) = entry, key.starts(with: prefix) {
                found.insert(String(decoding: key[prefix.count...], as: UTF8.self))
                entry = try cursor.next()
            }
        }
        return found
    }

    private static func forwardKey(_ hash: [UInt8], _ subject: String) -> [UInt8] { [UInt8]("f".utf8) + hash + Array(subject.utf8) }
    private static func reverseKey(_ subject: String, _ criterion: String) -> [UInt8] {
        [UInt8]("r".utf8) + Array(subject.utf8) + [0] + Array(criterion.utf8)
    }
    private static func removedKey(_ subject: String) -> [UInt8] { [UInt8]("x".utf8) + Array(subject.utf8) }

    private static func position(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        bytes.count == 8 ? bytes.reduce(0) { $0 << 8 | UInt64($1) } : 0
    }

    private static func positionBytes(_ position: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: position >> (56 - 8 * $0)) }
    }

    /// The index key, unwrapped; nil when there is none yet.
    private static func indexKey(in txn: borrowing some TransactionReading & ~Copyable, meta: Database, master: MasterKey) throws -> [UInt8]? {
        guard let wrapped = try txn.value(for: indexKeyName, in: meta) else { return nil }
        do {
            return try AESGCM.open(Array(wrapped), key: master.bytes, aad: indexKeyData)
        } catch {
            throw KeyStoreError.entryDamaged(name: indexKeyName)
        }
    }

    /// The index key, unwrapped; made (32 random bytes) and stored wrapped when there is none.
    private static func makingIndexKey(in txn: borrowing WriteTransaction, meta: Database, master: MasterKey) throws -> [UInt8] {
        if let key = try indexKey(in: txn, meta: meta, master: master) { return key }
        let key = try AESGCM.randomBytes(AESGCM.keyCount)
        try txn.put(try AESGCM.seal(key, key: master.bytes, aad: indexKeyData), for: indexKeyName, in: meta)
        return key
    }

    /// HMAC-SHA-256 under `key` of `criterion ‖ 0x00 ‖ value`.
    static func hmac(_ term: BlindTerm, key: [UInt8]) throws -> [UInt8] {
        let message = Array(term.criterion.utf8) + [0] + Array(term.value.utf8)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBufferPointer { data in
                out.withUnsafeMutableBufferPointer { digest in
                    HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), data.baseAddress, data.count, digest.baseAddress, &length)
                }
            }
        }
        guard done != nil, length == UInt32(blindHashCount) else { throw AESGCM.Failure.library(AESGCM.libraryReason()) }
        return Array(out[0..<blindHashCount])
    }

    /// Re-wraps the index key, when there is one, from `old` to `new` (rotating the master key).
    static func rewrapIndexKey(in txn: borrowing WriteTransaction, meta: Database, from old: MasterKey, to new: MasterKey) throws {
        guard var key = try indexKey(in: txn, meta: meta, master: old) else { return }
        defer { AESGCM.wipe(&key) }
        try txn.put(try AESGCM.seal(key, key: new.bytes, aad: indexKeyData), for: indexKeyName, in: meta)
    }
}
