#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Telling a full disk from a failing one when LMDB's write fails.
///
/// LMDB reports a write that the file system cut short as `EIO` (mdb.c, `mdb_page_flush`: "Use
/// which error code?"), and a file system that has run out of space cuts writes short: so a
/// commit onto a full disk said "Input/output error". A short write fills the file system to
/// its last block, so `EIO` with less than `fullBelow` bytes left for this user is read as
/// `ENOSPC`; with more left, it is a real I/O error and stays one.
enum FileSystemSpace {
    /// Free space, for this user, under which a cut-short write is taken for a full disk: 1 MiB,
    /// less than the smallest write LMDB leaves undone (a page, 4 KiB) can be short by, many
    /// times over, and far less than any disk that is not full has.
    static let fullBelow: UInt64 = 1 << 20

    /// `returnCode`, or `ENOSPC` when it is `EIO` and the file system holding `path` is full.
    /// Costs one `statvfs` call, on failure only.
    static func cause(of returnCode: Int32, writingTo path: String) -> Int32 {
        guard returnCode == EIO else { return returnCode }
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return returnCode }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < fullBelow ? ENOSPC : returnCode
    }
}

/// Throws an `LMDBError` for a non-zero return code of `operation`, which wrote to the file
/// system at `path`: the error carries `path`, and a full disk is `ENOSPC` even where LMDB said
/// `EIO` (`FileSystemSpace`).
func checkWrite(_ returnCode: Int32, _ operation: @autoclosure () -> String, path: String) throws(LMDBError) {
    guard returnCode != 0 else { return }
    throw LMDBError(returnCode: FileSystemSpace.cause(of: returnCode, writingTo: path), operation: operation(), path: path)
}
