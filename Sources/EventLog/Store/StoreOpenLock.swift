#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `open.lock` in the store's directory: every process that has the store open holds a shared
/// `flock` on it, and work that replaces the store's data file (encrypting it in place, which
/// ends with a compacting copy) holds it exclusively, so that no process goes on writing into a
/// file that was replaced under it (docs/FORMAT.md §1).
///
/// A user who may neither create nor open the file (a store on read-only media, say) opens the
/// store without it.
final class StoreOpenLock: Sendable {
    /// The file's name in the store's directory.
    static let fileName = "open.lock"

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The shared lock of an opening: nil when the file cannot be opened.
    ///
    /// - Throws: `StoreError.inUse` while another process holds it exclusively.
    static func shared(_ path: String, mayCreate: Bool) throws -> StoreOpenLock? {
        guard let descriptor = open(path, mayCreate: mayCreate) else { return nil }
        guard lock(descriptor, LOCK_SH | LOCK_NB) else {
            close(descriptor)
            throw StoreError.inUse(path: path)
        }
        return StoreOpenLock(descriptor: descriptor)
    }

    /// The exclusive lock: no other process has the store open while it is held.
    ///
    /// - Throws: `StoreError.inUse` while another process has the store open;
    ///   `.permissionDenied` when the file cannot be made.
    static func exclusive(_ path: String) throws -> StoreOpenLock {
        guard let descriptor = open(path, mayCreate: true) else { throw StoreError.permissionDenied(path: path + "/" + fileName) }
        guard lock(descriptor, LOCK_EX | LOCK_NB) else {
            close(descriptor)
            throw StoreError.inUse(path: path)
        }
        return StoreOpenLock(descriptor: descriptor)
    }

    private static func open(_ path: String, mayCreate: Bool) -> Int32? {
        let file = path + "/" + fileName
        var descriptor = mayCreate ? Glibc.open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) : -1
        if descriptor < 0 { descriptor = Glibc.open(file, O_RDONLY | O_CLOEXEC) }
        return descriptor >= 0 ? descriptor : nil
    }

    private static func lock(_ descriptor: Int32, _ operation: Int32) -> Bool {
        while flock(descriptor, operation) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }
}
