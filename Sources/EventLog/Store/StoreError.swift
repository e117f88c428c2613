import LMDB

/// Why a store could not be opened, read or written (apart from refused appends).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no store at the path.
    case notFound(path: String)
    /// The path holds something that is not a caselog store.
    case notAStore(path: String, reason: String)
    /// The store was written by a newer caselog.
    case unsupportedFormat(path: String, found: UInt32, supported: UInt32)
    /// The directory or file could not be created.
    case cannotCreate(path: String, reason: String)
    /// The operating system refused access.
    case permissionDenied(path: String)
    /// A record is damaged (found while reading; `verify` names the first one).
    case corrupted(position: UInt64, reason: String)
    /// An index or the metadata is damaged.
    case corruptedIndex(reason: String)
    /// The data file is damaged (found before it was read, or by LMDB while reading it):
    /// what was found and what was being done.
    case damaged(reason: String)
    /// Another process held the writer for as long as this one would wait; nothing was written.
    case busy(path: String, holder: Int32?, command: String?, waitedSeconds: Int)
    /// A write to a store opened to read only.
    case readOnly(path: String)
    /// Work that needs the store to itself (encrypting it in place) found another process
    /// with it open, or another process is doing such work; nothing was changed.
    case inUse(path: String)
    /// LMDB failed.
    case storage(LMDBError)

    public var description: String {
        switch self {
        case let .notFound(path): "no store at \(path) (create one with `caselog init`)"
        case let .notAStore(path, reason): "\(path) is not a caselog store: \(reason)"
        case let .unsupportedFormat(path, found, supported):
            "the store at \(path) has format \(found), newer than this caselog reads (\(supported)); upgrade caselog"
        case let .cannotCreate(path, reason): "cannot create \(path): \(reason)"
        case let .permissionDenied(path): "permission denied: \(path)"
        case let .corrupted(position, reason): "the store is damaged at position \(position): \(reason)"
        case let .corruptedIndex(reason): "the store is damaged: \(reason)"
        case let .damaged(reason): "the store is damaged: \(reason)"
        case let .busy(path, holder, command, waited):
            "the store at \(path) is busy: \(holder.map { "process \($0)\(command.map { " (\($0))" } ?? "")" } ?? "another process") has held the writer for \(waited) s; nothing was written; try again, or stop that process"
        case let .readOnly(path): "the store at \(path) was opened to read only; nothing was written"
        case let .inUse(path):
            "the store at \(path) is open in another process (a running `caselog serve`?) or being encrypted; nothing was changed: try again when it has finished"
        case let .storage(error): "storage error: \(error)"
        }
    }
}
