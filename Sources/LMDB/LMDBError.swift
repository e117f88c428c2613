import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from LMDB, with the operation that failed so the message can name it.
///
/// `code` says what went wrong in LMDB's terms; `operation` says what we were doing
/// ("opening /srv/caselog", "committing a write transaction"); `detail`, when this wrapper
/// found the fault itself (a data file checked before LMDB maps it), says what it found.
public struct LMDBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The LMDB (or system) return code, classified.
    public enum Code: Equatable, Sendable {
        case keyExists
        case notFound
        case pageNotFound
        case corrupted
        case panic
        case versionMismatch
        case invalid
        case mapFull
        case databasesFull
        case readersFull
        case transactionFull
        case cursorFull
        case pageFull
        case mapResized
        case incompatible
        case badReaderSlot
        case badTransaction
        case badValueSize
        case badDatabase
        /// A system `errno` (for example `EACCES` or `ENOENT`).
        case system(Int32)

        init(returnCode: Int32) {
            switch returnCode {
            case MDB_KEYEXIST: self = .keyExists
            case MDB_NOTFOUND: self = .notFound
            case MDB_PAGE_NOTFOUND: self = .pageNotFound
            case MDB_CORRUPTED: self = .corrupted
            case MDB_PANIC: self = .panic
            case MDB_VERSION_MISMATCH: self = .versionMismatch
            case MDB_INVALID: self = .invalid
            case MDB_MAP_FULL: self = .mapFull
            case MDB_DBS_FULL: self = .databasesFull
            case MDB_READERS_FULL: self = .readersFull
            case MDB_TXN_FULL: self = .transactionFull
            case MDB_CURSOR_FULL: self = .cursorFull
            case MDB_PAGE_FULL: self = .pageFull
            case MDB_MAP_RESIZED: self = .mapResized
            case MDB_INCOMPATIBLE: self = .incompatible
            case MDB_BAD_RSLOT: self = .badReaderSlot
            case MDB_BAD_TXN: self = .badTransaction
            case MDB_BAD_VALSIZE: self = .badValueSize
            case MDB_BAD_DBI: self = .badDatabase
            default: self = .system(returnCode)
            }
        }

        /// True when the store's file is damaged or not an LMDB file at all: LMDB's own
        /// corruption codes, a transaction made unusable by one (`badTransaction` after a
        /// panic), and a cursor stack overflowed by a cycle of pages (`cursorFull`).
        public var isCorruption: Bool {
            switch self {
            case .corrupted, .pageNotFound, .panic, .invalid, .versionMismatch, .badTransaction, .cursorFull: true
            default: false
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// LMDB's raw return code (an `errno` for system errors).
    public let returnCode: Int32
    /// What we were doing when it went wrong.
    public let operation: String
    /// Where the failed operation was writing (the environment's directory, or a copy's), when
    /// it was a write: the place whose disk is full, when `isDiskFull`.
    public let path: String?
    /// What was found wrong, when more is known than LMDB's code says.
    public let detail: String?

    /// Classifies `returnCode` for `operation`, which wrote to `path` when given, with what was
    /// found when it is known.
    public init(returnCode: Int32, operation: String, path: String? = nil, detail: String? = nil) {
        self.code = Code(returnCode: returnCode)
        self.returnCode = returnCode
        self.operation = operation
        self.path = path
        self.detail = detail
    }

    /// True when the write failed for want of space on the disk holding `path` (`ENOSPC`, which
    /// `Environment` also reports for LMDB's `EIO` on a full disk).
    public var isDiskFull: Bool { code == .system(ENOSPC) }

    /// What was found, else LMDB's own explanation of the code.
    public var reason: String { detail ?? String(cString: mdb_strerror(returnCode)) }

    public var description: String { "\(operation): \(reason)" }
}

/// Throws an `LMDBError` for a non-zero LMDB return code.
@inlinable
func check(_ returnCode: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if returnCode != 0 { throw LMDBError(returnCode: returnCode, operation: operation()) }
}
