import Foundation
import Testing
import TestSupport

/// On the store's machine the OS login is the actor; `--on-behalf-of NAME` is recorded beside it,
/// never instead of it (DOMAIN.md §13), and `--actor` is its old spelling.
@Suite("--on-behalf-of")
struct OnBehalfOfCommandTests {
    static let login = CLIFixture.login

    /// The exported lines, as JSON objects.
    func exported(_ cli: CLIFixture) throws -> [[String: Any]] {
        let export = cli.run(["export"])
        #expect(export.status == 0, "\(export.standardError)")
        return try export.standardOutput.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("every event a command writes is the login's, with --on-behalf-of in its data: record, record --stdin, token, user and config")
    func besideTheLogin() throws {
        let cli = CLIFixture()
        cli.initialise()
        for (arguments, input) in [(["record", "--stdin"], CLIFixture.complaintLines),
                                   (["record", "case.assigned", "--case", "CMP-2025-000001", "worker=a.khan"], nil),
                                   (["token", "create", "--user", "own.er"], nil),
                                   (["user", "add", "j.smith", "--role", "caseworker"], nil),
                                   (["config", "set", "write.wait-seconds", "5"], nil)] as [([String], String?)] {
            let result = cli.run(arguments, input: input, onBehalfOf: "s.patel")
            #expect(result.status == 0 && !result.standardError.contains("--on-behalf-of"), "\(arguments): \(result.standardError)")
        }
        let lines = try exported(cli)
        #expect(lines.count == 8)
        for line in lines {
            #expect(line["actor"] as? String == Self.login, "\(line)")
            #expect((line["data"] as? [String: Any])?["onBehalfOf"] as? String == "s.patel", "\(line)")
        }
        // For oneself: nothing beside the actor.
        #expect(cli.run(["record", "case.assigned", "--case", "CMP-2025-000001", "worker=b.lee"], onBehalfOf: Self.login).status == 0)
        let last = try #require(try exported(cli).last)
        #expect(last["actor"] as? String == Self.login && (last["data"] as? [String: Any])?["onBehalfOf"] == nil, "\(last)")
    }

    @Test("--actor is the old spelling of --on-behalf-of: one line on standard error, and the login stays the actor")
    func oldSpelling() throws {
        let cli = CLIFixture()
        cli.initialise()
        let recorded = cli.run(["record", "subject.registered", "--actor", "s.patel", "kind=person", "name=Jane Example"])
        #expect(recorded.status == 0 && recorded.standardOutput == "P-000001 version 1 position 1\n", "\(recorded.standardError)")
        #expect(recorded.standardError == "caselog: --actor is now --on-behalf-of; the OS login \(Self.login) is recorded as the actor\n")
        let line = try #require(try exported(cli).first)
        #expect(line["actor"] as? String == Self.login)
        #expect((line["data"] as? [String: Any])?["onBehalfOf"] as? String == "s.patel")
        // A read logged by the login, for the person given.
        #expect(cli.run(["case", "P-000001", "--actor", "b.lee"]).status == 0)
        #expect(cli.run(["access-log"]).standardOutput.contains("\(Self.login) for b.lee"))
    }

    @Test("--on-behalf-of empty, blank, over 255 bytes or given twice with --actor is a usage error (64) that writes nothing")
    func badNames() {
        let cli = CLIFixture()
        cli.initialise()
        let before = cli.digest()
        for arguments in [["--on-behalf-of", ""], ["--on-behalf-of", "  "], ["--on-behalf-of", String(repeating: "x", count: 256)],
                          ["--actor", ""], ["--on-behalf-of", "a.b", "--actor", "c.d"]] {
            let result = cli.run(["record", "subject.registered", "kind=person", "name=X"] + arguments)
            // ArgumentParser's usage error: the line that says what is wrong, then the usage.
            let first = result.standardError.split(separator: "\n").first ?? ""
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(first == "Error: \(arguments[0]) takes a name of 1 to 255 bytes"
                    || first == "Error: --actor is the old spelling of --on-behalf-of: give one of them", "\(arguments): \(result.standardError)")
        }
        #expect(cli.digest() == before)
    }

    @Test("case and replay show who recorded an event as LOGIN for NAME; the case's JSON keeps the actor and the data as recorded")
    func shown() {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines, onBehalfOf: "s.patel").status == 0)
        let text = cli.run(["case", "CMP-2025-000001"]).standardOutput
        #expect(text.contains(" \(Self.login) for s.patel  complaint.received"), "\(text)")
        #expect(!text.contains("onBehalfOf: s.patel"), "the by column says it once: \(text)")
        let replay = cli.run(["replay", "CMP-2025-000001"]).standardOutput
        #expect(replay.contains("by \(Self.login) for s.patel  recorded"), "\(replay)")
        let json = cli.run(["case", "CMP-2025-000001", "--format", "json"]).standardOutput
        #expect(json.contains(#""actor":"\#(Self.login)""#) && json.contains(#""onBehalfOf":"s.patel""#), "\(json)")
        #expect(!json.contains(" for s.patel"))
    }
}
