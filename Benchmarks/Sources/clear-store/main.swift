import CaseStore
#if canImport(Glibc)
import Glibc
#endif

// `clear-store DIR`: an empty store that keeps personal data in clear (store format 2), as
// caselog made them before encryption: the baseline of what encrypting costs an import
// (scripts/bench-cli). `caselog init` makes only encrypted stores. Never a way to run caselog.
/// Writes `message` and a line end to standard error.
func complain(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

guard CommandLine.arguments.count == 2 else {
    complain("usage: clear-store DIR")
    exit(64)
}
do {
    let (_, created) = try CaseStore.create(at: CommandLine.arguments[1])
    guard created else {
        complain("clear-store: \(CommandLine.arguments[1]) exists already")
        exit(73)
    }
} catch {
    complain("clear-store: \(error)")
    exit(74)
}
