import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// No write could begin in time: another process has held the store's writer lock for as
/// long as this one would wait.
public struct WriterBusy: Error, Equatable, Sendable {
    /// The environment's directory.
    public let path: String
    /// The process holding the lock, when the system says (it may have let go just now).
    public let holder: Int32?
    /// That process's program and subcommand (`caselog import`), never its other arguments,
    /// which may carry what someone typed about a person.
    public let command: String?
    /// How long this process waited.
    public let waited: Duration
}

/// The lock a process holds on `writer.lock` in an environment's directory while any of its
/// threads writes, so that a writer that is stopped (SIGSTOP, a debugger, a full pipe) makes
/// others wait a bounded time and say who holds the store, where LMDB's own writer mutex would
/// make them wait for ever without a word.
///
/// A POSIX record lock (`fcntl` `F_SETLK`), polled until the deadline: it is released by the
/// system when the process dies, as LMDB's mutex is. Such a lock belongs to the process, not
/// to a descriptor, and closing *any* descriptor of the file drops it; so the file has one
/// descriptor per process, shared by every environment of the directory, kept open while one
/// of them is, and never `lock.mdb` (closing a descriptor of that would drop LMDB's own locks).
/// Threads of one process write in turn under LMDB's mutex: the lock is taken by the first
/// write of the process and released when the last one ends.
///
/// Cost: two `fcntl` calls per write transaction when nobody else writes.
final class WriterLock: Sendable {
    private struct State {
        var writers = 0
        var users = 0
    }

    let directory: String
    private let descriptor: Int32
    private let state = Mutex(State())

    private init(directory: String, descriptor: Int32) {
        self.directory = directory
        self.descriptor = descriptor
    }

    /// Open locks by the directory's real path.
    private static let registry = Mutex<[String: WriterLock]>([:])

    /// The lock of the environment in `directory`, opened (creating `writer.lock`, mode 0600)
    /// when no environment of this process uses it yet. Pair with `stopUsing()`.
    ///
    /// - Throws: `LMDBError` with the system's code when the file cannot be opened or created.
    static func opened(for directory: String) throws(LMDBError) -> WriterLock {
        guard let resolved = realpath(directory, nil) else {
            throw LMDBError(returnCode: errno, operation: "finding \(directory)")
        }
        let key = String(cString: resolved)
        free(resolved)
        let result: Result<WriterLock, LMDBError> = registry.withLock { locks in
            if let lock = locks[key] {
                lock.state.withLock { $0.users += 1 }
                return .success(lock)
            }
            let descriptor = open(key + "/writer.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                return .failure(LMDBError(returnCode: errno, operation: "opening \(directory)/writer.lock"))
            }
            let lock = WriterLock(directory: key, descriptor: descriptor)
            lock.state.withLock { $0.users = 1 }
            locks[key] = lock
            return .success(lock)
        }
        return try result.get()
    }

    /// Gives up this environment's use of the lock; the descriptor is closed with the last.
    func stopUsing() {
        WriterLock.registry.withLock { locks in
            let isLast = state.withLock { state in
                state.users -= 1
                return state.users == 0
            }
            if isLast {
                locks[directory] = nil
                _ = close(descriptor)
            }
        }
    }

    /// Takes the lock for one write of this process, waiting at most `limit` for another
    /// process to let go of it. `limit` is asked only when the lock is held by another process
    /// (so that working it out may cost a read of the store). Each try is made under the
    /// process's own mutex, the waits between them outside it, so that opening or closing
    /// another environment of the directory does not wait on them.
    ///
    /// - Throws: `WriterBusy` when it is still held at the deadline; `LMDBError` when the
    ///   system refuses the lock for another reason.
    func acquire(waitingAtMost limit: () -> Duration, path: String) throws {
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.milliseconds(1)
        var deadline: Duration?
        while true {
            // nil: held by another process; otherwise taken (success) or refused (failure).
            let attempt: Result<Void, LMDBError>? = state.withLock { state in
                if state.writers > 0 {
                    state.writers += 1
                    return .success(())
                }
                var request = Self.request(F_WRLCK)
                if fcntl(descriptor, F_SETLK, &request) == 0 {
                    state.writers = 1
                    return .success(())
                }
                let code = errno
                guard code == EAGAIN || code == EACCES || code == EINTR else {
                    return .failure(LMDBError(returnCode: code, operation: "locking \(path)/writer.lock"))
                }
                return nil
            }
            if let attempt { return try attempt.get() }
            let limit = deadline ?? limit()
            deadline = limit
            let waited = clock.now - start
            if waited >= limit {
                let holder = self.holder()
                throw WriterBusy(path: path, holder: holder, command: holder.flatMap(Self.command(of:)), waited: waited)
            }
            let nap = min(pause, limit - waited)
            var interval = timespec(tv_sec: Int(nap.components.seconds), tv_nsec: Int(nap.components.attoseconds / 1_000_000_000))
            _ = nanosleep(&interval, nil)
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    /// Ends one write of this process; the lock is released with the last.
    func release() {
        state.withLock { state in
            state.writers -= 1
            if state.writers == 0 {
                var request = Self.request(F_UNLCK)
                _ = fcntl(descriptor, F_SETLK, &request)
            }
        }
    }

    /// The process holding the lock now, if any (`F_GETLK`).
    private func holder() -> Int32? {
        var request = Self.request(F_WRLCK)
        guard fcntl(descriptor, F_GETLK, &request) == 0, request.l_type != Int16(F_UNLCK), request.l_pid > 0 else { return nil }
        return request.l_pid
    }

    /// A lock request on the whole file.
    private static func request(_ type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        return request
    }

    /// `caselog import` for a process started as `/usr/bin/caselog import --store … FILE`:
    /// the program's name and its first argument when that is a plain word (a subcommand),
    /// read from /proc; nil where there is no /proc.
    static func command(of process: Int32) -> String? {
        guard let file = fopen("/proc/\(process)/cmdline", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = fread(&buffer, 1, buffer.count, file)
        guard count > 0 else { return nil }
        let arguments = buffer[0..<count].split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard let program = arguments.first?.split(separator: "/").last else { return nil }
        var text = String(program)
        if arguments.count > 1 {
            let first = arguments[1]
            if !first.isEmpty, first.count <= 32, first.allSatisfy({ $0.isLetter || $0 == "-" }), !first.hasPrefix("-") {
                text += " " + first
                if arguments.count > 2 { text += " …" }
            } else {
                text += " …"
            }
        }
        return text
    }
}
