import Testing
import TestSupport

/// A number of a record that damage made larger than any the log writes is printed or refused,
/// never a trap: torture found `export` dying of "Not enough bits to represent the passed value"
/// on a byte flip in a record's version.
@Suite("Damaged numbers in a record")
struct DamagedNumberTests {
    @Test("a version whose high byte was flipped: export, case and cases do not crash, and verify names the record")
    func flippedVersion() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "subject.registered", "kind=person", "name=Ann"]).status == 0)
        let path = cli.store + "/data.mdb"
        var bytes = try #require(readFile(path))
        let marker = Array("P-000001subject.registered".utf8)
        let at = try #require((0...(bytes.count - marker.count)).first { bytes[$0..<$0 + marker.count].elementsEqual(marker) })
        // RecordLayout: the header is 172 bytes, the version a UInt64 at 56 (little-endian).
        bytes[at - 172 + 56 + 7] ^= 0xF0
        writeFile(path, bytes)
        for arguments in [["export"], ["case", "P-000001"], ["cases"], ["tail", "--format", "json"]] {
            let result = cli.run(arguments)
            #expect(!result.wasSignalled && [0, 65, 66, 74].contains(result.status), "\(arguments): \(result.status) \(result.standardError)")
        }
        let verify = cli.run(["verify"])
        #expect(verify.status == 74 && verify.standardError.contains("position 1"), "\(verify.standardError)")
    }
}
