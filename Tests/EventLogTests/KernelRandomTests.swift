@testable import EventLog
import Testing

/// Ids and salts come from one buffer of the kernel's random bytes, shared by every thread:
/// whatever the threads, and across refills, no two draws may repeat.
@Suite("Random ids and salts")
struct KernelRandomTests {
    @Test("ids drawn on many threads at once, across many refills, are distinct version-4 UUIDs")
    func distinctIDs() async {
        let perTask = 2_000
        let drawn = await withTaskGroup(of: [EventID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<perTask).map { _ in EventID.random() } } }
            var all: [EventID] = []
            for await ids in group { all += ids }
            return all
        }
        #expect(drawn.count == 8 * perTask)
        #expect(Set(drawn).count == drawn.count)
        #expect(drawn.allSatisfy { ($0.high >> 12) & 0xF == 4 && $0.low >> 62 == 0b10 })
    }

    @Test("salts are 16 fresh bytes each, not zero and not repeated")
    func distinctSalts() {
        var salts = SaltPool()
        var seen = Set<[UInt8]>()
        for _ in 0..<1_000 {
            var salt = [UInt8](repeating: 0, count: 16)
            salt.withUnsafeMutableBytes { salts.writeSalt(to: $0.baseAddress!) }
            #expect(salt != [UInt8](repeating: 0, count: 16))
            seen.insert(salt)
        }
        #expect(seen.count == 1_000)
    }
}
