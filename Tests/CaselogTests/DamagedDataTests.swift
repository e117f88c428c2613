import Testing
import TestSupport
import Codec

/// A record whose data was damaged on disk is reported as damage (exit 74), by every command
/// that reads data, never as an unexpected error.
@Suite("Damaged record data")
struct DamagedDataTests {
    @Test("export of a store whose record data was overwritten exits 74 naming the damage, and verify names the record")
    func damagedData() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", cli.file("lines.jsonl", CLIFixture.complaintLines)]).status == 0)
        let path = cli.store + "/data.mdb"
        var bytes = try #require(readFile(path))
        // {"stage": 1} of the acknowledgement: its 1 becomes 0xF7, a CBOR simple value the log never holds.
        let pattern: [UInt8] = [0xA1, 0x65, 0x73, 0x74, 0x61, 0x67, 0x65, 0x01]
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: pattern) })
        bytes[at + 7] = 0xF7
        writeFile(path, bytes)
        let exported = cli.run(["export"])
        #expect(exported.status == 74)
        #expect(exported.standardError.hasPrefix("caselog: the store is damaged at position 3: its stored data is not valid CBOR"),
                "\(exported.standardError)")
        let verified = cli.run(["verify"])
        #expect(verified.status == 74)
        #expect(verified.standardError.contains("position 3"), "\(verified.standardError)")
    }
}
