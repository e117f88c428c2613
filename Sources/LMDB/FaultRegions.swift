import CLMDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a memory fault in this process means a damaged store rather than a bug of its own:
/// the ranges where it has a store's data file mapped (LMDB's map of each open environment,
/// and the checks' own read-only maps), where a page that vanished (the file was cut short
/// while the process ran) faults; and LMDB's own code, which faults when a damaged page sends
/// it through a pointer it never checks (a node's flags saying "duplicates" in a database
/// without them, say). A fault handler asks `contains(address:instruction:)`.
///
/// Kept only once `startTracking()` has been called (the command line does, at start):
/// finding LMDB's map costs a read of /proc/self/maps when an environment opens or its map
/// moves, which a library user who installs no handler need not pay.
public enum FaultRegions {
    /// How many ranges are kept at once: a command opens a store, perhaps a copy, and a check's map.
    static let capacity = 4

    /// Starts keeping the ranges of environments opened from now on, and finds LMDB's code.
    public static func startTracking() {
        // Swift initialises globals on first use, which a signal handler must not be the one to do.
        for index in 0..<capacity { _ = withSlot(index) { $0.start.load(ordering: .relaxed) } }
        _ = codeStart.load(ordering: .relaxed)
        _ = codeEnd.load(ordering: .relaxed)
        if let code = lmdbCode() {
            codeEnd.store(code.end, ordering: .releasing)
            codeStart.store(code.start, ordering: .releasing)
        }
        isTracking.store(true, ordering: .releasing)
    }

    /// True when a fault at `address`, raised by the instruction at `instruction`, is the
    /// store's: the address lies in a kept map (or `margin` bytes past its end: a read that
    /// starts in the map may run on past it), or the instruction is LMDB's. Only atomic loads:
    /// safe in a signal handler.
    public static func contains(address: UInt, instruction: UInt, margin: UInt = 1 << 20) -> Bool {
        let start = codeStart.load(ordering: .acquiring)
        if start != 0 && instruction >= start && instruction < codeEnd.load(ordering: .acquiring) { return true }
        return isInDataFileMap(address, margin: margin)
    }

    /// True when `address` lies within a kept map of a data file, or `margin` bytes past its end.
    static func isInDataFileMap(_ address: UInt, margin: UInt) -> Bool {
        guard address != 0 else { return false }
        for index in 0..<capacity {
            let found = withSlot(index) { slot in
                let start = slot.start.load(ordering: .acquiring)
                return start != 0 && address >= start && address < slot.end.load(ordering: .acquiring) &+ margin
            }
            if found { return true }
        }
        return false
    }

    static var isTrackingEnabled: Bool { isTracking.load(ordering: .acquiring) }

    /// Keeps [start, start + length); returns its slot, or nil when every slot is taken.
    static func add(start: UInt, length: Int) -> Int? {
        guard start != 0, length > 0 else { return nil }
        return lock.withLock { _ in
            for index in 0..<capacity where withSlot(index, { $0.start.load(ordering: .acquiring) }) == 0 {
                withSlot(index) { slot in
                    // The end first: a handler that sees the start sees an end to go with it.
                    slot.end.store(start &+ UInt(length), ordering: .releasing)
                    slot.start.store(start, ordering: .releasing)
                }
                return index
            }
            return nil
        }
    }

    /// Forgets the range in `slot`.
    static func remove(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { _ in withSlot(slot) { $0.start.store(0, ordering: .releasing) } }
    }

    /// The range LMDB maps `dataFile` at, found in /proc/self/maps by the file's device and
    /// inode; nil when it is not mapped or the system has no /proc.
    static func lmdbMap(of dataFile: String) -> (start: UInt, length: Int)? {
        var info = stat()
        guard stat(dataFile, &info) == 0 else { return nil }
        // glibc's encoding of a device number (gnu_dev_major, gnu_dev_minor).
        let device = UInt64(info.st_dev)
        let major = (device >> 8) & 0xFFF | (device >> 32) & ~0xFFF
        let minor = device & 0xFF | (device >> 12) & ~0xFF
        var found: (start: UInt, length: Int)?
        ProcessMaps.forEach { mapping in
            guard mapping.inode == UInt64(info.st_ino), mapping.major == major, mapping.minor == minor, mapping.offset == 0,
                  mapping.end > mapping.start else { return }
            // LMDB's map is the largest mapping of the file from offset 0 (a check's own map is
            // no larger than the file, LMDB's at least as large).
            let length = Int(mapping.end - mapping.start)
            if found == nil || length > found!.length { found = (mapping.start, length) }
        }
        return found
    }

    /// The executable mapping of the library that holds LMDB's `mdb_version`; nil when LMDB is
    /// linked into this program's own code.
    static func lmdbCode() -> (start: UInt, end: UInt)? {
        let function: @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<CChar>? = mdb_version
        let target = UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self))
        // Code of this module: were LMDB linked into the executable, its mapping would hold this
        // program's own code too, whose faults are bugs, not damage.
        let own: @convention(c) () -> Void = {}
        let ownAddress = UInt(bitPattern: unsafeBitCast(own, to: UnsafeRawPointer.self))
        var found: (start: UInt, end: UInt)?
        ProcessMaps.forEach { mapping in
            if mapping.isExecutable && target >= mapping.start && target < mapping.end { found = (mapping.start, mapping.end) }
        }
        if let found, ownAddress >= found.start && ownAddress < found.end { return nil }
        return found
    }

    private static let isTracking = Atomic<Bool>(false)
    private static let codeStart = Atomic<UInt>(0)
    private static let codeEnd = Atomic<UInt>(0)
    private static let lock = Mutex<Void>(())

    /// One kept range; a start of 0 marks a free slot.
    private struct Slot: ~Copyable {
        let start = Atomic<UInt>(0)
        let end = Atomic<UInt>(0)
    }

    // Separate globals, since a tuple or an array cannot hold atomics.
    private static let slot0 = Slot()
    private static let slot1 = Slot()
    private static let slot2 = Slot()
    private static let slot3 = Slot()

    private static func withSlot<R>(_ index: Int, _ body: (borrowing Slot) -> R) -> R {
        switch index {
        case 0: body(slot0)
        case 1: body(slot1)
        case 2: body(slot2)
        default: body(slot3)
        }
    }
}
