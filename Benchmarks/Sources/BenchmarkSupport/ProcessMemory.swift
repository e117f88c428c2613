import CRawLMDB
#if canImport(Glibc)
import Glibc
#endif

/// The process's anonymous resident memory (`RssAnon` of /proc/self/status), in bytes: heap,
/// stacks and LMDB's dirty pages, not the pages of the memory-mapped store. 0 where there is
/// no /proc.
public func anonymousMemory() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix("RssAnon:") else { continue }
        let digits = text.unicodeScalars.filter { $0.properties.numericType != nil }
        return (Int(String(String.UnicodeScalarView(digits))) ?? 0) * 1024
    }
    return 0
}

/// Gives the memory malloc holds free back to the system (`malloc_trim`), so that what is
/// allocated next shows in `anonymousMemory()` instead of reusing freed pages unseen.
public func releaseFreedMemory() {
    #if canImport(Glibc)
    malloc_trim(0)
    #endif
}
