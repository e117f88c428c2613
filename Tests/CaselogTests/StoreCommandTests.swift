import Foundation
import Testing
import TestSupport

@Suite("Store commands")
struct StoreCommandTests {
    @Test("init creates a store readable by its owner only, and a second init changes nothing")
    func initTwice() {
        let cli = CLIFixture()
        let first = cli.run(["init"])
        #expect(first.status == 0)
        #expect(first.standardOutput.contains("created"))
        #expect(permissions(of: cli.store) == 0o700)
        #expect(permissions(of: cli.store + "/data.mdb") == 0o600)
        let second = cli.run(["init"])
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("already exists"))
    }

    @Test("commands on a store that does not exist exit 66 with one line saying so")
    func missingStore() {
        let cli = CLIFixture()
        for command in [["verify"], ["stats"], ["export"], ["import", "-"]] {
            let result = cli.run(command, input: "")
            #expect(result.status == 66, "\(command)")
            #expect(result.standardError.lines.count == 1)
            #expect(result.standardError.contains("no store at"))
        }
        #expect(permissions(of: cli.store) == nil)
    }

    @Test("an unknown option is a usage error, exit 64")
    func usage() {
        let cli = CLIFixture()
        #expect(cli.run(["verify", "--no-such-option"]).status == 64)
    }

    @Test("the store comes from the environment when not given; $CASELOG_ACTOR, as --actor, is whom the login acts for, with a warning")
    func environmentDefaults() {
        let cli = CLIFixture()
        let result = ChildProcess.run(cli.binary, ["init"], environment: ["CASELOG_STORE": cli.store], scratch: cli.scratch)
        #expect(result.status == 0)
        let recorded = ChildProcess.run(
            cli.binary, ["record", "--stdin"], input: CLIFixture.complaintLines,
            environment: ["CASELOG_STORE": cli.store, "CASELOG_ACTOR": "env.actor"], scratch: cli.scratch)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(recorded.standardError == "caselog: $CASELOG_ACTOR is now --on-behalf-of; the OS login \(CLIFixture.login) is recorded as the actor\n")
        let export = cli.run(["export"]).standardOutput
        #expect(export.contains("\"actor\":\"\(CLIFixture.login)\"") && !export.contains("\"actor\":\"env.actor\""))
        #expect(export.components(separatedBy: #""onBehalfOf":"env.actor""#).count == 4, "\(export)")
    }

    @Test("import writes every line and re-importing the same file adds nothing")
    func importTwice() {
        let cli = CLIFixture()
        cli.initialise()
        let file = cli.file("events.jsonl", CLIFixture.complaintLines)
        let first = cli.run(["import", file])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("imported 3 events"))
        let digest = cli.digest()
        #expect(digest.hasPrefix("3 "))
        let second = cli.run(["import", file])
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("imported 0 events"))
        #expect(second.standardOutput.contains("3 were already in the store"))
        #expect(cli.digest() == digest)
    }

    @Test("import reads standard input when given -")
    func importStandardInput() {
        let cli = CLIFixture()
        cli.initialise()
        let result = cli.run(["import", "-"], input: CLIFixture.complaintLines)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(cli.digest().hasPrefix("3 "))
    }

    @Test("an import file that does not exist exits 66 and writes nothing")
    func importMissingFile() {
        let cli = CLIFixture()
        cli.initialise()
        let result = cli.run(["import", cli.scratch.appending("absent.jsonl")])
        #expect(result.status == 66)
        #expect(cli.digest().hasPrefix("0 "))
    }

    @Test("malformed input writes nothing, exits 65 and names the line", arguments: [
        ("{\"type\":\"complaint.acknowledged\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"stage\":1}", "not valid JSON"),
        ("{\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\"}", "missing \"type\""),
        ("{\"type\":\"case.note-added\",\"occurredAt\":\"2025-03-04T09:00:00Z\"}", "give the case it is about"),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"4 March\"}", "occurredAt"),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00\"}", "occurredAt"),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"id\":\"not-a-uuid\"}", "\"id\""),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occuredAt\":\"2025-03-04T09:00:00Z\"}", "unknown field \"occuredAt\""),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":[1]}", "\"data\" must be an object"),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"expectedVersion\":-1}", "expectedVersion"),
        ("[]", "not valid JSON"),
        ("{\"type\":1,\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\"}", "\"type\" must be a string"),
        // The catalogue's checks (docs/CATALOGUE.md).
        ("{\"type\":\"complaint.acknowleged\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"stage\":1}}",
         "unknown event type \"complaint.acknowleged\" (did you mean \"complaint.acknowledged\"?)"),
        ("{\"type\":\"complaint.acknowledged\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"stage\":3}}",
         "CMP-2025-000001: complaint.acknowledged: field \"stage\": 3 is not one of 1, 2"),
        ("{\"type\":\"complaint.acknowledged\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{}}",
         "missing required field \"stage\""),
        ("{\"type\":\"complaint.acknowledged\",\"case\":\"TS-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"stage\":1}}",
         "recorded on complaint (CMP-YYYY-NNNNNN) streams only"),
        ("{\"type\":\"case.note-added\",\"case\":\"CMP-25-1\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"text\":\"x\"}}",
         "\"CMP-25-1\" is not a valid reference"),
        ("{\"type\":\"complaint.remedy-offered\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"kind\":\"compensation\",\"amountPence\":-500}}",
         "field \"amountPence\": -500 is not a whole number ≥ 0"),
        ("{\"type\":\"complaint.received\",\"case\":\"CMP-2025-000003\",\"occurredAt\":\"2025-03-04T09:00:00Z\",\"data\":{\"complainant\":\"P-000002\",\"categories\":[],\"summary\":\"Leak\"}}",
         "field \"categories\": an empty list is not a list of 1 or more"),
    ])
    func malformed(line: String, expected: String) {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", "-"], input: CLIFixture.complaintLines).status == 0)
        let before = cli.digest()
        // Three new, valid events, then the bad line: none of the four may be written.
        let input = CLIFixture.complaintLines
            .replacingOccurrences(of: "P-000001", with: "P-000002")
            .replacingOccurrences(of: "CMP-2025-000001", with: "CMP-2025-000002") + line + "\n"
        let result = cli.run(["import", "-"], input: input)
        #expect(result.status == 65)
        #expect(result.standardError.contains("line 4"), "\(result.standardError)")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(result.standardError.contains("nothing was written"))
        #expect(result.standardError.lines.count == 1)
        #expect(cli.digest() == before)
        let recorded = cli.run(["record", "--stdin"], input: input)
        #expect(recorded.status == 65)
        #expect(cli.digest() == before)
    }

    @Test("types lists the catalogue and shows one type's fields; an unknown type exits 65 with a suggestion")
    func types() {
        let cli = CLIFixture()
        let list = cli.run(["types"])
        #expect(list.status == 0)
        #expect(list.standardOutput.contains("safeguarding.triaged"))
        let one = cli.run(["types", "safeguarding.triaged"])
        #expect(one.status == 0)
        #expect(one.standardOutput.contains("rationale†*"), "\(one.standardOutput)")
        #expect(one.standardOutput.contains("example: caselog record safeguarding.triaged --case SG-2025-000001 "), "\(one.standardOutput)")
        let unknown = cli.run(["types", "safeguarding.triage"])
        #expect(unknown.status == 65)
        #expect(unknown.standardError.contains("did you mean \"safeguarding.triaged\""), "\(unknown.standardError)")
    }

    @Test("docs/CATALOGUE.md is what `caselog types --format markdown` prints from the catalogue")
    func catalogueDocument() {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let document = String(decoding: readFile(path + "/docs/CATALOGUE.md") ?? [], as: UTF8.self)
        let printed = CLIFixture().run(["types", "--format", "markdown"])
        #expect(printed.status == 0)
        #expect(printed.standardOutput == document, "regenerate it: caselog types --format markdown > docs/CATALOGUE.md")
    }

    @Test("the example commands of `caselog types` record their events, opening events getting the next reference")
    func exampleCommandRecords() {
        let cli = CLIFixture()
        cli.initialise()
        var outputs: [String] = []
        for type in ["subject.registered", "tenancy.referral-received", "case.assigned", "subject.registered", "subject.merged"] {
            let shown = cli.run(["types", type]).standardOutput
            guard let start = shown.range(of: "example: caselog ")?.upperBound else {
                Issue.record("no example in \(shown)")
                return
            }
            // The examples quote nothing for these types: one word per argument.
            let words = shown[start...].prefix { $0 != "\n" }.split(separator: " ").map(String.init)
            let result = cli.run(words)
            #expect(result.status == 0, "\(words): \(result.standardError)")
            outputs.append(result.standardOutput)
        }
        #expect(outputs == ["P-000001 version 1 position 1\n", "TS-2025-000001 version 1 position 2\n",
                            "TS-2025-000001 version 2 position 3\n", "P-000002 version 1 position 4\n",
                            "P-000002 version 2 position 5\n"])
    }

    @Test("an import with several bad lines names the first and counts the rest")
    func severalBadLines() {
        let cli = CLIFixture()
        cli.initialise()
        let input = CLIFixture.complaintLines + "oops\n{}\n" + CLIFixture.complaintLines + "[\n"
        let result = cli.run(["import", "-"], input: input)
        #expect(result.status == 65)
        #expect(result.standardError.contains("line 4: not valid JSON"), "\(result.standardError)")
        #expect(result.standardError.contains("2 more bad lines (line 5, line 9)"), "\(result.standardError)")
        #expect(cli.digest().hasPrefix("0 "))
    }

    @Test("record --stdin prints each event's case, version and position")
    func recordStandardInput() {
        let cli = CLIFixture()
        cli.initialise()
        let result = cli.run(["record", "--stdin"], input: CLIFixture.complaintLines)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.lines == [
            "P-000001 version 1 position 1",
            "CMP-2025-000001 version 1 position 2",
            "CMP-2025-000001 version 2 position 3",
        ])
    }

    @Test("record without --stdin is a usage error")
    func recordNeedsStandardInput() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record"]).status == 64)
    }

    @Test("an event line for a case at another version than expected exits 75 and writes nothing")
    func expectedVersionConflict() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let stale = "{\"type\":\"case.assigned\",\"case\":\"CMP-2025-000001\",\"occurredAt\":\"2025-03-04T10:00:00Z\",\"expectedVersion\":1,\"data\":{\"worker\":\"s.patel\"}}\n"
        let result = cli.run(["record", "--stdin"], input: stale)
        #expect(result.status == 75)
        #expect(result.standardError.contains("version conflict on CMP-2025-000001"))
        #expect(cli.digest().hasPrefix("3 "))
        let current = stale.replacingOccurrences(of: "\"expectedVersion\":1", with: "\"expectedVersion\":2")
        #expect(cli.run(["record", "--stdin"], input: current).status == 0)
    }

    @Test("export then import into a new store gives the same chain and the same export")
    func exportRoundTrip() {
        let cli = CLIFixture()
        cli.initialise()
        let generated = cli.run(["generate", "--events", "400", "--seed", "7"])
        #expect(generated.status == 0)
        #expect(cli.run(["import", "-"], input: generated.standardOutput).status == 0)
        let digest = cli.digest()
        let export = cli.run(["export"])
        #expect(export.status == 0)
        // 400 events: the export's own access-log entry (position 401) comes after what it read.
        #expect(export.standardOutput.lines.count == 400)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let restored = cli.run(["import", "-"], input: export.standardOutput, store: copy)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(restored.standardOutput.contains("restored 400 events"))
        #expect(cli.digest(store: copy) == digest)
        #expect(cli.run(["export"], store: copy).standardOutput == export.standardOutput)
        let partial = cli.run(["export", "--from", "399"])
        // 399, 400, and the first export's access-log entry.
        #expect(partial.standardOutput.lines.count == 3)
        #expect(partial.standardOutput.hasPrefix("{\"position\":399,"))
        #expect(partial.standardOutput.lines.last?.contains(#""type":"access.personal-read""#) == true)
    }

    @Test("an altered export line is refused on restore, naming the line")
    func alteredExport() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let export = cli.run(["export"]).standardOutput
        let altered = export.replacingOccurrences(of: "Black mould", with: "Some mould")
        #expect(altered != export)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let result = cli.run(["import", "-"], input: altered, store: copy)
        #expect(result.status == 65)
        #expect(result.standardError.contains("line 2"), "\(result.standardError)")
        #expect(cli.digest(store: copy).hasPrefix("0 "))
    }

    @Test("stats reports events, streams, the head and the format version")
    func stats() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let text = cli.run(["stats"])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("events"))
        let json = cli.run(["stats", "--format", "json"]).standardOutput
        #expect(json.contains("\"events\":3"))
        #expect(json.contains("\"streams\":2"))
        #expect(json.contains("\"headPosition\":3"))
        #expect(json.contains("\"formatVersion\":3"))
        #expect(json.contains("\"mapBytes\":"))
        #expect(json.contains("\"fileBytes\":"))
    }

    @Test("backup writes a copy that verifies to the same head, and refuses a directory that is not empty")
    func backup() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let target = cli.scratch.appending("backup")
        let result = cli.run(["backup", target])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("the copy verifies"))
        #expect(cli.digest(store: target) == cli.digest())
        let again = cli.run(["backup", target])
        #expect(again.status == 73)
    }

    @Test("a byte flipped in the data file is caught by verify, exit 74 naming the position")
    func flippedByte() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        var file = try #require(readFile(cli.store + "/data.mdb"))
        let at = try #require(firstIndex(of: Array("damp-mould".utf8), in: file))
        file[at] ^= 0x20
        writeFile(cli.store + "/data.mdb", file)
        let result = cli.run(["verify"])
        #expect(result.status == 74)
        #expect(result.standardError.contains("position 2"), "\(result.standardError)")
    }

    @Test("the Python reader of docs/read_store.py reads the same events and head as caselog")
    func pythonReader() throws {
        guard CLIFixture.hasPythonLMDB() else { return }
        let cli = CLIFixture()
        cli.initialise()
        let generated = cli.run(["generate", "--events", "300", "--seed", "3"])
        #expect(cli.run(["import", "-"], input: generated.standardOutput).status == 0)
        let reader = ChildProcess.run("/usr/bin/python3", [repositoryRoot() + "/docs/read_store.py", cli.store, "--events",
                                                           "--keys", cli.store + ".keys", "--master", cli.store + ".master-key"], scratch: cli.scratch)
        #expect(reader.status == 0, "\(reader.standardError)")
        let lines = reader.standardOutput.lines
        #expect(lines.last == "head " + cli.digest())
        // Without the keys, the chain still verifies and every section reads as encrypted.
        let locked = ChildProcess.run("/usr/bin/python3", [repositoryRoot() + "/docs/read_store.py", cli.store, "--events"], scratch: cli.scratch)
        #expect(locked.status == 0 && locked.standardOutput.lines.last == lines.last, "\(locked.standardError)")
        #expect(locked.standardOutput.contains(#""personal":"encrypted""#))
        #expect(lines.count == 301)
        let export = cli.run(["export"]).standardOutput.lines
        for (python, caselog) in zip(lines, export) {
            #expect(try jsonObject(python) == jsonObject(caselog).removingPersonalSalt())
        }
    }
}

/// The repository's root directory.
func repositoryRoot() -> String {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path
}

/// One JSON object, for comparing lines whatever the order of their keys.
func jsonObject(_ line: String) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary)
}

extension NSDictionary {
    func removingPersonalSalt() -> NSDictionary {
        let copy = mutableCopy() as! NSMutableDictionary
        copy.removeObject(forKey: "personalSalt")
        return copy
    }
}
