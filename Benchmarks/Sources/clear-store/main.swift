import CaseStore
#if canImport(Glibc)
import Glibc
#endif

// `clear-store DIR`: an empty store that keeps personal data in clear (store format 2), as
// caselog made them before encryption: the baseline of what encrypting costs an import
// (scripts/bench-cli). `caselog init` makes only encrypted stores. Never a way to run caselog.
guard CommandLine.arguments.count == 2 else {
    fputs("usage: clear-store DIR\n", stderr)
    exit(64)
}
do {
    let (store, created) = try CaseStore.create(at: CommandLine.arguments[1])
    guard created, !store.log.isEncrypted else {
        fputs("clear-store: \(CommandLine.arguments[1]) exists already\n", stderr)
        exit(73)
    }
} catch {
    fputs("clear-store: \(error)\n", stderr)
    exit(74)
}
