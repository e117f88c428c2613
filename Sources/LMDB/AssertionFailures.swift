import CLMDB
import Synchronization

/// What happens when LMDB finds one of its own assertions false, as it does when it steps on a
/// page that a damaged file made inconsistent: LMDB prints the assertion and aborts the
/// process (SIGABRT) unless a handler ends it first. A program that would rather exit its own
/// way (the command line: one line and exit 74) sets a handler, which every environment
/// opened afterwards calls. The handler must not return: LMDB aborts when it does.
public enum AssertionFailures {
    /// Calls `handler` with LMDB's message (file, line and the assertion) before LMDB aborts.
    public static func handle(with handler: (@Sendable (String) -> Void)?) {
        current.withLock { $0 = handler }
    }

    private static let current = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Makes `environment` call the handler, when one is set.
    static func install(on environment: OpaquePointer) {
        guard current.withLock({ $0 }) != nil else { return }
        mdb_env_set_assert(environment) { _, message in
            let text = message.map { String(cString: $0) } ?? "an assertion failed"
            AssertionFailures.current.withLock { $0 }?(text)
        }
    }
}
