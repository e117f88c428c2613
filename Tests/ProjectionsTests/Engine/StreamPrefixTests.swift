@testable import Projections
import Testing

@Suite("Stream prefixes: which streams a projection follows")
struct StreamPrefixTests {
    static func matches(_ prefix: String, _ stream: String) -> Bool {
        Array(stream.utf8).withUnsafeBytes { StreamPrefix(prefix).matches($0) }
    }

    @Test("a reference matches its own type's prefix and no other")
    func referenceMatchesItsPrefix() {
        #expect(Self.matches("CMP-", "CMP-2025-000001"))
        #expect(Self.matches("PR-", "PR-2025-0001"))
        #expect(Self.matches("P-", "P-000001"))
        #expect(!Self.matches("P-", "PR-2025-0001"))
        #expect(!Self.matches("TS-", "SG-2025-000001"))
        #expect(!Self.matches("CMP-", "CM-2025-000001"))
    }

    @Test("a stream shorter than 8 bytes is compared byte by byte")
    func shortStreamsAreCompared() {
        #expect(Self.matches("TS-", "TS-1"))
        #expect(!Self.matches("TS-", "TS"))
        #expect(!Self.matches("CMP-", "CMX-"))
        #expect(Self.matches("", "settings"))
    }

    @Test("a prefix of 8 bytes is compared whole")
    func eightBytePrefix() {
        #expect(Self.matches("settings", "settings"))
        #expect(!Self.matches("settings", "settingz-1"))
    }
}
