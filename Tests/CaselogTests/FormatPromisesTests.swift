import Foundation
import Testing
import TestSupport

/// What docs/FORMAT.md promises an outside reader, held to what caselog writes: the export's
/// fields and their order, the form of its timestamps, what is never exported, and how an
/// erased personal section reads.
@Suite("docs/FORMAT.md's promises")
struct FormatPromisesTests {
    /// The keys of a JSON object's top level, in the order written.
    func topLevelKeys(_ line: String) -> [String] {
        var keys: [String] = []
        var depth = 0, inString = false, escaped = false, current = "", expectingKey = false
        for character in line {
            if inString {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; continue }
                if character == "\"" {
                    inString = false
                    if expectingKey && depth == 1 { keys.append(current) }
                    expectingKey = false
                    continue
                }
                current.append(character)
                continue
            }
            switch character {
            case "\"":
                inString = true
                current = ""
            case "{", "[":
                depth += 1
                if depth == 1 { expectingKey = true }
            case "}", "]":
                depth -= 1
            case ",":
                if depth == 1 { expectingKey = true }
            case ":":
                if depth == 1 { expectingKey = false }
            default:
                break
            }
        }
        return keys
    }

    @Test("an export line has §7's fields in §7's order, UTC timestamps of the stated form, and never expectedVersion")
    func exportLines() throws {
        let cli = CLIFixture()
        cli.initialise()
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00.250+01:00","expectedVersion":0,"data":{"kind":"person","name":"Jane Example"}}
            {"type":"case.note-added","case":"P-000001","occurredAt":"2025-03-01T09:00:00.000001Z","data":{"text":"x"}}
            {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","correlationId":"0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10","causationId":"3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c","expectedVersion":0,"data":{"complainant":"P-000001","categories":["repairs"],"summary":"Leak"}}
            {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","expectedVersion":1,"data":{"stage":1}}

            """
        // The note on a subject's stream is refused: the other three make the store.
        let recorded = cli.run(["record", "--stdin"], input: lines.lines.filter { !$0.contains("note-added") }.joined(separator: "\n") + "\n")
        #expect(recorded.status == 0, "\(recorded.standardError)")
        let exported = cli.run(["export"]).standardOutput.lines
        try #require(exported.count == 3)
        #expect(topLevelKeys(exported[0]) == ["position", "case", "version", "type", "occurredAt", "recordedAt", "actor", "id", "data",
                                              "personal", "personalSalt", "hash"])
        #expect(topLevelKeys(exported[1]) == ["position", "case", "version", "type", "occurredAt", "recordedAt", "actor", "id",
                                              "correlationId", "causationId", "data", "personal", "personalSalt", "hash"])
        #expect(topLevelKeys(exported[2]) == ["position", "case", "version", "type", "occurredAt", "recordedAt", "actor", "id", "data", "hash"])
        let withoutPersonal = cli.run(["export", "--without-personal"]).standardOutput.lines
        #expect(topLevelKeys(withoutPersonal[0]) == ["position", "case", "version", "type", "occurredAt", "recordedAt", "actor", "id",
                                                     "data", "hash"])
        #expect(!exported.joined().contains("expectedVersion"))
        // UTC with Z, a fraction only when there is one: three digits for whole milliseconds.
        #expect(exported[0].contains(#""occurredAt":"2025-03-01T08:00:00.250Z""#), "\(exported[0])")
        #expect(exported[1].contains(#""occurredAt":"2025-03-03T09:00:00Z""#))
        let stamp = try Regex(#""recordedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6})?Z""#)
        #expect(exported.allSatisfy { $0.contains(stamp) })
    }

    @Test("an erased section (envelope 0) reads as erased in docs/read_store.py; verify reports it, since nothing erases yet")
    func erasedSection() throws {
        guard CLIFixture.hasPythonLMDB() else { return }
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", cli.file("lines.jsonl", CLIFixture.complaintLines)]).status == 0)
        // Position 1, the subject's registration, holds a name: its section becomes the single byte 0.
        cli.blankPersonalSection(at: 1)
        // The chain itself holds (the record and its digest are as they were), but no event
        // erased the section: until erasure exists, a blanked section is a deletion to report.
        let verified = cli.run(["verify"])
        #expect(verified.status == 74)
        #expect(verified.standardError.contains("verification failed at position 1: its personal-data section was blanked"),
                "\(verified.standardError)")
        #expect(cli.run(["verify", "--digest"]).status == 74)
        let reader = ChildProcess.run("/usr/bin/python3", [repositoryRoot() + "/docs/read_store.py", cli.store, "--events"], scratch: cli.scratch)
        #expect(reader.status == 0, "\(reader.standardError)")
        #expect(reader.standardOutput.lines.first?.contains(#""personal":"erased""#) == true, "\(reader.standardOutput)")
        #expect(!reader.standardOutput.contains("Jane Example"))
    }
}
