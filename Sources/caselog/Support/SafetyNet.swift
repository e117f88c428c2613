import CaseStore
#if canImport(Glibc)
import Glibc
#endif

/// What turns a crash over a damaged store into one line and exit 74, for what no check can
/// foresee: the data file cut short by another process while a command runs, or a damaged page
/// a command steps on that LMDB meets with one of its assertions.
///
/// - LMDB's assertion failures print one line and exit 74 instead of aborting.
/// - SIGBUS and SIGSEGV at an address in a map of a store's data file, or raised inside LMDB's
///   own code (`StoreFaults`), print a fixed line and exit 74; any other fault is this
///   program's own bug, and is given back to the action that was there before (the Swift
///   runtime's backtrace), so that it still crashes.
///
/// The library never exits the process: only the command line installs this, at start.
enum SafetyNet {
    static func install() {
        StoreFaults.startTracking()
        StoreFaults.handleAssertionFailures { message in
            Terminal.writeError("caselog: the store is damaged: LMDB stopped at an inconsistency (\(message)); nothing more was written; run caselog verify\n")
            _exit(ExitStatus.storage)
        }
        for signal in [SIGBUS, SIGSEGV] {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = handleFault
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            if signal == SIGBUS { previousBusAction = previous } else { previousSegmentationAction = previous }
        }
    }
}

/// The actions before `SafetyNet.install`, written once before the handler is installed.
nonisolated(unsafe) private var previousBusAction = sigaction()
nonisolated(unsafe) private var previousSegmentationAction = sigaction()

/// Async-signal-safe: atomic loads, `write` and `_exit`, or `sigaction` to give the fault back
/// (no global that Swift initialises lazily is touched for the first time here).
private func handleFault(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let address = info.map { UInt(bitPattern: $0.pointee._sifields._sigfault.si_addr) } ?? 0
    if StoreFaults.contains(address: address, instruction: instructionPointer(context)) {
        let message: StaticString = """
            caselog: the store is damaged: a page of its data file could not be read (it was cut short \
            while this command ran, or is damaged); nothing more was written; run caselog verify

            """
        _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
        _exit(74)
    }
    // Returning re-runs the faulting instruction, which now meets the previous action.
    if signal == SIGBUS {
        sigaction(signal, &previousBusAction, nil)
    } else {
        sigaction(signal, &previousSegmentationAction, nil)
    }
}

/// The address of the instruction that faulted, from the signal's saved context; 0 where this
/// code does not know the layout.
private func instructionPointer(_ context: UnsafeMutableRawPointer?) -> UInt {
    guard let context else { return 0 }
    let machine = context.assumingMemoryBound(to: ucontext_t.self)
    #if arch(x86_64)
    // gregs[REG_RIP], REG_RIP being 16 in glibc's <sys/ucontext.h>.
    return withUnsafeBytes(of: &machine.pointee.uc_mcontext.gregs) { UInt(bitPattern: Int($0.load(fromByteOffset: 16 * 8, as: Int64.self))) }
    #elseif arch(arm64)
    return UInt(machine.pointee.uc_mcontext.pc)
    #else
    return 0
    #endif
}
