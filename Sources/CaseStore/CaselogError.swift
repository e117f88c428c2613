import Casework
import Codec
import EventLog
import LMDB
import Projections
import SQLiteExport

/// Why something asked of the store was not done, as every face of caselog reports it: a kind
/// that decides the exit code (DESIGN.md, sysexits) and the HTTP status (DOMAIN.md §13), the
/// one line to show, and the typed error it came from.
///
/// This is the one map from the library's errors to codes: the command line prints
/// `message` and exits with `kind.exitCode`; the server will answer `kind.httpStatus`.
/// The message never holds more personal data than the caller typed: each error's own
/// description already keeps to that (ValidationError describes a † value by its kind).
public struct CaselogError: Error, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The request was malformed: an option, a period, a figure that does not exist.
        case usage
        /// An event or a file's content was refused (data, lifecycle, a spec, an export).
        case invalid
        /// The store, case, file or projection asked for does not exist.
        case notFound
        /// A bug: an error no case of this map foresaw.
        case software
        /// Something could not be created (a store, an SQLite file).
        case cannotCreate
        /// The store could not be read or written, or is damaged.
        case storage
        /// Somebody else wrote first, or holds the writer: read again and retry.
        case conflict
        /// The user may not do this (file permissions, a read-only store).
        case notPermitted

        /// The exit code (sysexits): 64, 65, 66, 70, 73, 74, 75, 77.
        public var exitCode: Int32 {
            switch self {
            case .usage: 64
            case .invalid: 65
            case .notFound: 66
            case .software: 70
            case .cannotCreate: 73
            case .storage: 74
            case .conflict: 75
            case .notPermitted: 77
            }
        }

        /// The HTTP status of DOMAIN.md §13 (a failed `If-Match` is the server's own 412).
        public var httpStatus: Int {
            switch self {
            case .usage: 400
            case .invalid: 422
            case .notFound: 404
            case .software, .storage: 500
            case .cannotCreate, .conflict: 409
            case .notPermitted: 403
            }
        }
    }

    public let kind: Kind
    /// One line naming what is wrong and, where it helps, what to do.
    public let message: String
    /// The error this failure describes.
    public let cause: any Error

    public var description: String { message }

    public init(_ kind: Kind, _ message: String, cause: any Error) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    /// The failure that `error` is: an error of the library's layers, or a `CaselogError` already.
    public init(_ error: any Error) {
        if let failure = error as? CaselogError {
            self = failure
        } else if let full = Self.diskFull(error) {
            // A failed commit writes nothing: LMDB's meta page is written last.
            self.init(.storage, "no space left on the device holding \(full.path ?? "the store"); nothing was written", cause: error)
        } else {
            let (kind, message) = Self.classify(error)
            self.init(kind, message, cause: error)
        }
    }

    /// The kind and line of each error type the library throws.
    private static func classify(_ error: any Error) -> (Kind, String) {
        switch error {
        case let failure as Importer.Failure:
            return (failure.isConflictOnly ? .conflict : .invalid, failure.description)
        case let error as EventLineError:
            return (.invalid, error.message)
        case let error as ValidationError:
            return (.invalid, error.description)
        case let error as AppendError:
            if case .wrongExpectedVersion = error { return (.conflict, "\(error) (read the case again and retry)") }
            return (.invalid, "\(error)")
        case let error as StoreError:
            return (kind(of: error), "\(error)")
        case let error as LineReader.LineTooLong:
            return (.invalid, "\(error)")
        case let error as LineReader.ReadError:
            if error.isMissing { return (.notFound, "\(error)") }
            return (error.isPermissionDenied ? .notPermitted : .storage, "\(error)")
        case let error as WriterBusy:
            return (.conflict, "\(error)")
        case let error as KeyStoreError:
            return (kind(of: error), error.description)
        case let error as AESGCM.Failure:
            return (.storage, "\(error)")
        case let error as LMDBError:
            return (.storage, "storage error: \(error)")
        case let error as CBORError:
            // Stored data that is not the log's CBOR: a damaged record (the writer checks every
            // record's data before it is written), found by a command that reads data.
            return (.storage, "the store is damaged: a record's data cannot be read (\(error)); `caselog verify` names the record")
        case let error as JSONError:
            return (.invalid, "\(error)")
        case let error as WorkingDayCalendarError:
            return (.invalid, "\(error)")
        case let error as ReportError:
            return (.usage, error.description)
        case let error as BenchmarkError:
            if case .usage = error { return (.usage, error.description) }
            return (.invalid, error.description)
        case let error as ProjectionSpecError:
            return (.invalid, error.description)
        case let error as KeptProjections.NotFound:
            return (.notFound, error.description)
        case let error as SQLiteExportMismatch:
            return (.invalid, error.description)
        case let error as SQLiteError:
            return (.cannotCreate, error.description)
        default:
            return (.software, "unexpected error: \(error)")
        }
    }

    private static func kind(of error: StoreError) -> Kind {
        switch error {
        case .notFound: .notFound
        case .cannotCreate: .cannotCreate
        case .permissionDenied, .readOnly: .notPermitted
        case .busy, .inUse: .conflict
        default: .storage
        }
    }

    private static func kind(of error: KeyStoreError) -> Kind {
        switch error {
        case .masterKeyNotNamed, .encryptedStoreWithoutKeys: .usage
        case .masterKeyMalformed, .invalidName: .invalid
        case .masterKeyMissing, .notFound: .notFound
        case .masterKeyExists: .cannotCreate
        case .masterKeyExposed, .wrongMasterKey, .otherStore: .notPermitted
        case .notAKeyStore, .entryDamaged: .storage
        case .inUse, .keyExists: .conflict
        }
    }

    /// The LMDB error of a write that failed for want of disk space, as LMDB or the store throws it.
    private static func diskFull(_ error: any Error) -> LMDBError? {
        switch error {
        case let error as LMDBError where error.isDiskFull: error
        case StoreError.storage(let cause) where cause.isDiskFull: cause
        default: nil
        }
    }

    /// True when `error` is a write that failed for want of disk space.
    public static func isDiskFull(_ error: any Error) -> Bool { diskFull(error) != nil }
}
