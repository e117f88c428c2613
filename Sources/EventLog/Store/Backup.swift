import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EventStore {
    /// Writes a consistent, compacted copy of the store into `directory` while others keep
    /// reading and writing, and returns the head the copy ends at.
    ///
    /// `directory` is created (mode 0700) when missing; an existing one must be empty.
    ///
    /// - Throws: `StoreError.cannotCreate` when the directory cannot be made or is not empty,
    ///   `.permissionDenied`, `.storage`.
    /// - Complexity: reads and writes every page in use once.
    @discardableResult
    public func backup(to directory: String) throws -> LogHead {
        if mkdir(directory, 0o700) != 0 {
            let code = errno
            guard code == EEXIST else {
                if code == EACCES || code == EPERM || code == EROFS { throw StoreError.permissionDenied(path: directory) }
                throw StoreError.cannotCreate(path: directory, reason: String(cString: strerror(code)))
            }
            guard let dir = opendir(directory) else {
                throw StoreError.cannotCreate(path: directory, reason: "it exists and is not a readable directory")
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." {
                    throw StoreError.cannotCreate(path: directory, reason: "it is not empty")
                }
            }
        }
        do {
            try environment.copy(to: directory, compact: true)
        } catch {
            throw StoreError.storage(error)
        }
        return try EventStore(openingAt: directory).head()
    }
}
