import LMDB

/// What a program that would rather exit its own way than crash over a damaged store hooks
/// into (the command line's safety net): LMDB's assertion failures, and where a memory fault
/// means a damaged store rather than a bug of the program's own. The library never exits the
/// process itself.
public enum StoreFaults {
    /// Starts keeping the ranges where a store's data file is mapped, and finds LMDB's code;
    /// call it once, at start, before any store is opened.
    public static func startTracking() { FaultRegions.startTracking() }

    /// Calls `handler` with LMDB's message when LMDB finds one of its assertions false, for
    /// every store opened afterwards; the handler must not return (LMDB aborts when it does).
    public static func handleAssertionFailures(with handler: @escaping @Sendable (String) -> Void) {
        AssertionFailures.handle(with: handler)
    }

    /// True when a fault at `address`, raised by the instruction at `instruction`, is in a map
    /// of a store's data file or in LMDB's own code. Async-signal-safe: atomic loads only.
    @inline(__always)
    public static func contains(address: UInt, instruction: UInt) -> Bool {
        FaultRegions.contains(address: address, instruction: instruction)
    }
}
