/// Why a master key file or the key store could not be used. The directory and file failures
/// they share with the log (cannot create, permission denied, LMDB) are `StoreError`s.
public enum KeyStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no master key file at the path.
    case masterKeyMissing(path: String)
    /// The master key file exists already (`keys init` never overwrites one).
    case masterKeyExists(path: String)
    /// Group or others may read or write the master key file: its permission bits.
    case masterKeyExposed(path: String, mode: UInt32)
    /// The file is not a master key file: what is wrong with it.
    case masterKeyMalformed(path: String, reason: String)
    /// No master key file is named (`CASELOG_MASTER_KEY_FILE` is unset).
    case masterKeyNotNamed
    /// There is no key store at the path.
    case notFound(path: String)
    /// The directory holds something that is not a key store.
    case notAKeyStore(path: String, reason: String)
    /// The master key given is not the one the key store was wrapped with.
    case wrongMasterKey(path: String)
    /// An entry does not unwrap with the master key that opens the store: moved under another
    /// name, or its bytes changed.
    case entryDamaged(name: String)
    /// A stream name the key store does not take: empty, or longer than `KeyStore.longestName` bytes.
    case invalidName(String)
    /// Another process has the key store open, so it cannot be compacted in place.
    case inUse(path: String)
    /// The key store belongs to another store (its `store` entry names another store id).
    case otherStore(path: String)
    /// A writer made a key for a stream that another process gave a key meanwhile: its write
    /// is not committed; trying again uses the stored key.
    case keyExists(name: String)
    /// The store encrypts its personal sections (format 3) and was opened without its key
    /// store, so a personal section cannot be written: nothing was.
    case encryptedStoreWithoutKeys

    public var description: String {
        switch self {
        case let .masterKeyMissing(path):
            "no master key file at \(path) (make one with `caselog keys init FILE` and name it in CASELOG_MASTER_KEY_FILE)"
        case let .masterKeyExists(path): "\(path) exists already; a master key file is never overwritten"
        case let .masterKeyExposed(path, mode):
            "\(path) may be read or written by others (mode \(String(mode & 0o777, radix: 8))): run `chmod 600 \(path)`, and consider the key exposed"
        case let .masterKeyMalformed(path, reason): "\(path) is not a caselog master key file: \(reason)"
        case .masterKeyNotNamed: "no master key file is named: set CASELOG_MASTER_KEY_FILE (make one with `caselog keys init FILE`)"
        case let .notFound(path): "no key store at \(path)"
        case let .notAKeyStore(path, reason): "\(path) is not a caselog key store: \(reason)"
        case let .wrongMasterKey(path): "the master key does not open the key store at \(path): is CASELOG_MASTER_KEY_FILE the right file?"
        case let .entryDamaged(name): "the key of \(name) in the key store does not unwrap: it was moved or changed"
        case let .invalidName(name): "\"\(name.prefix(40))\" is not a stream name the key store takes (1 to \(KeyStore.longestName) bytes)"
        case let .inUse(path): "another process has the key store at \(path) open; nothing was changed; try again when it has finished"
        case let .otherStore(path):
            "the key store at \(path) holds the keys of another store: is CASELOG_KEYS the right directory? Nothing was read or written"
        case let .keyExists(name): "another process made the key of \(name) meanwhile; nothing was written: try again"
        case .encryptedStoreWithoutKeys:
            "the store encrypts personal data, but its key store is not open (no master key file found: "
                + "set CASELOG_MASTER_KEY_FILE); nothing was written"
        }
    }
}
