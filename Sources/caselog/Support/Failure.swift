import ArgumentParser
import Casework
import Codec
import EventLog
import LMDB
#if canImport(Glibc)
import Glibc
#endif

/// The exit codes of DESIGN.md (sysexits).
enum ExitStatus {
    static let usage: Int32 = 64
    static let invalid: Int32 = 65
    static let notFound: Int32 = 66
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let storage: Int32 = 74
    static let conflict: Int32 = 75
    static let notPermitted: Int32 = 77

    /// The exit code and the one line to print for `error`.
    static func describe(_ error: Error) -> (code: Int32, message: String) {
        if let full = diskFull(error) {
            // A failed commit writes nothing: LMDB's meta page is written last.
            return (storage, "no space left on the device holding \(full.path ?? "the store"); nothing was written")
        }
        switch error {
        case let failure as Importer.Failure:
            return (failure.isConflictOnly ? conflict : invalid, failure.description)
        case let error as EventLineError:
            return (invalid, error.message)
        case let error as Casework.ValidationError:
            return (invalid, error.description)
        case let error as AppendError:
            if case .wrongExpectedVersion = error { return (conflict, "\(error) (read the case again and retry)") }
            return (invalid, "\(error)")
        case let error as StoreError:
            switch error {
            case .notFound: return (notFound, "\(error)")
            case .cannotCreate: return (cannotCreate, "\(error)")
            case .permissionDenied, .readOnly: return (notPermitted, "\(error)")
            case .busy: return (conflict, "\(error)")
            default: return (storage, "\(error)")
            }
        case let error as LineReader.LineTooLong:
            return (invalid, "\(error)")
        case let error as LineReader.ReadError:
            if error.isMissing { return (notFound, "\(error)") }
            return (error.isPermissionDenied ? notPermitted : storage, "\(error)")
        case let error as LMDBError:
            return (storage, "storage error: \(error)")
        case let error as CBORError:
            // Stored data that is not the log's CBOR: a damaged record (the writer checks every
            // record's data before it is written), found by a command that reads data.
            return (storage, "the store is damaged: a record's data cannot be read (\(error)); `caselog verify` names the record")
        case let error as CommandFailure:
            return (error.code, error.message)
        default:
            return (software, "unexpected error: \(error)")
        }
    }
}

/// The LMDB error of a write that failed for want of disk space, as LMDB or the store throws it.
func diskFull(_ error: Error) -> LMDBError? {
    switch error {
    case let error as LMDBError where error.isDiskFull: error
    case StoreError.storage(let cause) where cause.isDiskFull: cause
    default: nil
    }
}

/// A failure a command reports itself, with its exit code.
struct CommandFailure: Error, Sendable {
    let code: Int32
    let message: String
}

/// Runs a command's work, turning any error into one line on standard error and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let (code, message) = ExitStatus.describe(error)
        Terminal.error(message)
        throw ExitCode(code)
    }
}
