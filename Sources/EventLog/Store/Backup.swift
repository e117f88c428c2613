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
    /// The copy is written into a hidden directory beside `directory`
    /// (`.NAME.caselog-backup-partial-PID`, mode 0700, on the same file system), its data file
    /// made mode 0600 whatever the umask, synced, opened read-only and given to `check` (to
    /// verify it, say), and only then renamed to `directory`, whose parent is synced. So a
    /// backup that fails, or is killed, leaves nothing at `directory`; a hidden directory left
    /// by a killed backup is removed by the next backup to the same `directory` once the
    /// process that made it is gone.
    ///
    /// `directory` must not exist, or be an empty directory.
    ///
    /// - Throws: `StoreError.cannotCreate` when the directory cannot be made, is not empty or
    ///   its parent is missing, `.permissionDenied`, `.storage`; what `check` throws (nothing
    ///   is left behind).
    /// - Complexity: reads every page in use once and writes the copy once; `check` adds its own.
    @discardableResult
    public func backup(to directory: String, checking check: (EventStore) throws -> Void = { _ in }) throws -> LogHead {
        let target = try BackupDirectory(directory)
        target.removeStalePartialCopies()
        let partial = try target.makePartialDirectory()
        do {
            try writeCopy(into: partial)
            let head = try checkCopy(in: partial, check)
            // The copy's lock file (made as it was checked) holds nothing a restore needs.
            unlink(partial + "/lock.mdb")
            try target.moveIntoPlace(partial)
            return head
        } catch {
            removeTree(partial)
            throw error
        }
    }

    /// Copies the data file into `partial`, mode 0600, and syncs it and the directory.
    private func writeCopy(into partial: String) throws {
        let file = partial + "/data.mdb"
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupDirectory.failure(errno, path: file) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw BackupDirectory.failure(errno, path: file) }
        do {
            try environment.copy(to: descriptor, path: partial, compact: true)
        } catch {
            throw StoreError.storage(error)
        }
        guard fsync(descriptor) == 0 else { throw BackupDirectory.failure(errno, path: file) }
        try BackupDirectory.sync(partial)
    }

    /// Opens the copy read-only, reads its head and runs `check` on it.
    private func checkCopy(in partial: String, _ check: (EventStore) throws -> Void) throws -> LogHead {
        var options = Options()
        options.access = .readOnly
        let copy = try EventStore(openingAt: partial, options: options)
        let head = try copy.head()
        try check(copy)
        return head
    }
}

/// Where a backup goes: the directory asked for, and the hidden one beside it that the copy
/// is written into first.
struct BackupDirectory {
    /// The directory asked for, without trailing slashes.
    let path: String
    let parent: String
    let name: String

    /// - Throws: `StoreError.cannotCreate` when `path` exists and is not an empty directory.
    init(_ path: String) throws {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        if let slash = trimmed.lastIndex(of: "/") {
            parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
            name = String(trimmed[trimmed.index(after: slash)...])
        } else {
            parent = "."
            name = trimmed
        }
        guard !name.isEmpty, name != ".", name != ".." else {
            throw StoreError.cannotCreate(path: path, reason: "name a directory to make, not \(path)")
        }
        var info = stat()
        guard lstat(trimmed, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.cannotCreate(path: path, reason: "it exists and is not a directory") }
        guard Self.entries(of: trimmed)?.isEmpty == true else { throw StoreError.cannotCreate(path: path, reason: "it is not empty") }
    }

    /// The prefix of the hidden directories of backups to `path`; the process id follows.
    var partialPrefix: String { "." + name + ".caselog-backup-partial-" }

    /// Removes hidden directories left by backups to `path` whose process is gone.
    func removeStalePartialCopies() {
        for entry in Self.entries(of: parent) ?? [] where entry.hasPrefix(partialPrefix) {
            guard let process = Int32(entry.dropFirst(partialPrefix.count)), process > 0 else { continue }
            if kill(process, 0) != 0 && errno == ESRCH { removeTree(parent + "/" + entry) }
        }
    }

    /// Makes this process's hidden directory, mode 0700 whatever the umask.
    func makePartialDirectory() throws -> String {
        let partial = parent + "/" + partialPrefix + String(getpid())
        removeTree(partial)
        guard mkdir(partial, 0o700) == 0 else { throw Self.failure(errno, path: path) }
        guard chmod(partial, 0o700) == 0 else {
            let code = errno
            removeTree(partial)
            throw Self.failure(code, path: path)
        }
        return partial
    }

    /// Renames `partial` to `path` (replacing it when it is an empty directory) and syncs the parent.
    func moveIntoPlace(_ partial: String) throws {
        guard rename(partial, path) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST { throw StoreError.cannotCreate(path: path, reason: "it is not empty") }
            throw Self.failure(code, path: path)
        }
        try Self.sync(parent)
    }

    /// Syncs directory `path`, so that what was made or renamed in it survives a crash.
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, path: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(errno, path: path) }
    }

    /// The names in directory `path` but `.` and `..`; nil when it cannot be read.
    static func entries(of path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func failure(_ code: Int32, path: String) -> StoreError {
        if code == EACCES || code == EPERM || code == EROFS { return .permissionDenied(path: path) }
        return .cannotCreate(path: path, reason: String(cString: strerror(code)))
    }
}

/// Removes `path` and everything under it (`rm -rf`), following no symbolic link.
func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if info.st_mode & S_IFMT == S_IFDIR {
        for name in BackupDirectory.entries(of: path) ?? [] { removeTree(path + "/" + name) }
        rmdir(path)
    } else {
        unlink(path)
    }
}
