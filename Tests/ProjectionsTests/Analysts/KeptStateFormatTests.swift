#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog
@testable import Projections
import Testing
import TestSupport

/// docs/FORMAT.md §2, "Analysts' kept projections", is held to the code: its test vector byte for
/// byte, and docs/read_store.py reads what caselog keeps as the section says.
@Suite("docs/FORMAT.md: analysts' kept projections")
struct KeptStateFormatTests {
    static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static let document = String(decoding: readFile(root + "/docs/FORMAT.md") ?? [], as: UTF8.self)

    /// The text of the fenced block tagged `tag`.
    static func block(_ tag: String) -> String? {
        guard let start = document.range(of: "```" + tag + "\n"),
              let end = document[start.upperBound...].range(of: "```") else { return nil }
        return String(document[start.upperBound..<end.lowerBound])
    }

    /// `bytes` as FORMAT.md writes them: hex, 16 bytes a line.
    static func hexLines(_ bytes: [UInt8]) -> String {
        stride(from: 0, to: bytes.count, by: 16).map { start in
            bytes[start..<min(start + 16, bytes.count)].map { byte in
                (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
    }

    /// A store whose only record is the test vector's (FORMAT.md §8), with `spec` kept.
    static func vectorStore(keeping spec: String) throws -> ProjectionFixture {
        let fixture = try ProjectionFixture(keepingViews: false)
        // §8's table: its times in microseconds, and `{"stage": 1}` as CBOR.
        let id = try #require(EventID("0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10"))
        let stage1: [UInt8] = [0xA1, 0x65, 0x73, 0x74, 0x61, 0x67, 0x65, 0x01]
        try fixture.store.append([ProposedEvent(id: id, type: "complaint.acknowledged", occurredAt: Timestamp(microseconds: 1_741_083_300_000_000),
                                                data: stage1, recordedAt: Timestamp(microseconds: 1_741_083_390_250_000))],
                                 to: "CMP-2025-000001", actor: "s.patel")
        try KeptProjections.add(text: spec, path: "by-stage.yaml", in: fixture.store)
        return fixture
    }

    @Test("the kept state test vector is the bytes caselog saves for its spec")
    func stateVector() throws {
        let spec = try #require(Self.block("test-vector-kept-spec"))
        let fixture = try Self.vectorStore(keeping: spec)
        let saved = try #require(try fixture.store.read { try $0.viewRow(in: KeptProjections.stateView, key: "by-stage").map { Array($0) } })
        let documented = try #require(Self.block("test-vector-kept-state"))
        #expect(documented == Self.hexLines(saved), "FORMAT.md should say:\n\(Self.hexLines(saved))")
        #expect(SavedState.decode(saved, specText: spec)?.state.rows.first?.values == [.integer(1)])
    }

    @Test("docs/read_store.py reads each kept projection's entry and state as the section says, in CBOR and in the old JSON form")
    func pythonReader() throws {
        guard access("/usr/bin/python3", X_OK) == 0,
              ChildProcess.run("/usr/bin/python3", ["-c", "import lmdb, cbor2"], scratch: TemporaryDirectory()).status == 0
        else {
            Issue.record("python3-lmdb and python3-cbor2 are needed (scripts/test installs them)")
            return
        }
        let fixture = try Self.vectorStore(keeping: try #require(Self.block("test-vector-kept-spec")))
        // A per-case spec with a deadline, whose cases carry case files.
        try KeptProjections.add(text: """
            name: acknowledged-in-time
            events:
              types: [complaint.acknowledged]
            per-case:
              in-time: { deadline: acknowledge-stage-1 }
              acknowledgements: { count: complaint.acknowledged }
            measures:
              cases: count
            """, path: "in-time.yaml", in: fixture.store)
        // And one kept by a caselog that wrote JSON: its state is to be folded again.
        try fixture.store.write(actor: "older.caselog") { writer in
            try writer.putViewRow(Array(OldForm.entry.utf8), in: KeptProjections.specView, key: "triage")
            try writer.putViewRow(Array(OldForm.state.utf8), in: KeptProjections.stateView, key: "triage")
        }
        let reader = ChildProcess.run("/usr/bin/python3", [Self.root + "/docs/read_store.py", fixture.scratch.appending("store"), "--kept"],
                                      scratch: fixture.scratch)
        #expect(reader.status == 0, "\(reader.standardError)")
        #expect(reader.standardOutput.split(separator: "\n") == [
            #"{"name":"acknowledged-in-time","title":"acknowledged-in-time","path":"in-time.yaml","position":1,"rows":0,"cases":1,"caseFiles":1}"#,
            #"{"name":"by-stage","title":"by-stage","path":"by-stage.yaml","position":1,"rows":1,"cases":0,"caseFiles":0}"#,
            #"{"name":"triage","title":"triage","path":"/home/analyst/triage.yaml","state":"none: folded again from position 1 when next read"}"#,
            "head \(try fixture.store.head())",
        ], "\(reader.standardOutput)")
    }
}
