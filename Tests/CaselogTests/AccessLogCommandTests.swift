import Casework
import Codec
import EventLog
import Testing
import TestSupport

/// `caselog access-log` and `caselog access review` through the built binary (issue 22, items 4 and 5).
@Suite("Access log commands")
struct AccessLogCommandTests {
    static let reason = "Police called about Ms Example"

    /// A store with three reads: a.khan's of P-000001 and P-000002, b.lee's break-glass read of
    /// P-000003, and an export (a bulk read) by admin.
    static func fixture() throws -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let store = try cli.openLog()
        try store.write(actor: "caselog") { writer in
            for event in [
                AccessStream.personalReadEvent(user: "a.khan", subjects: ["P-000001", "P-000002"], cases: ["CMP-2025-000001"],
                                               purpose: "GET /v1/cases/{ref}", at: Timestamp(iso8601: "2026-12-01T09:14:07Z")!),
                AccessStream.personalReadEvent(user: "b.lee", subjects: ["P-000003"], cases: ["SG-2025-000001"], purpose: "case",
                                               breakGlass: true, reason: reason, at: Timestamp(iso8601: "2026-12-02T10:00:00Z")!),
                AccessStream.personalReadEvent(user: "admin", subjects: nil, purpose: "export", subjectCount: 3, positions: 1...9,
                                               at: Timestamp(iso8601: "2026-12-03T08:00:00Z")!),
            ] {
                try writer.append(event, to: AccessStream.name)
            }
        }
        return cli
    }

    /// The positions in the first column of a table's rows (after its heading).
    static func positions(_ table: String) -> [String] {
        table.lines.dropFirst().map { String($0.prefix { $0 != " " }) }
    }

    @Test("access-log lists every read as a table; --subject, --user, --from and --to narrow it")
    func filters() throws {
        let cli = try Self.fixture()
        let all = cli.run(["access-log"])
        #expect(all.status == 0, "\(all.standardError)")
        #expect(all.standardOutput.lines.first?.hasPrefix("position  recorded (UTC)") == true, "\(all.standardOutput)")
        #expect(Self.positions(all.standardOutput) == ["1", "2", "3"], "\(all.standardOutput)")
        #expect(all.standardError.contains("3 reads"))
        #expect(Self.positions(cli.run(["access-log", "--subject", "P-000003"]).standardOutput) == ["2", "3"])
        #expect(Self.positions(cli.run(["access-log", "--subject", "P-000001"]).standardOutput) == ["1", "3"])
        #expect(Self.positions(cli.run(["access-log", "--user", "b.lee"]).standardOutput) == ["2"])
        #expect(Self.positions(cli.run(["access-log", "--from", "2026-12-02", "--to", "2026-12-02"]).standardOutput) == ["2"])
        #expect(Self.positions(cli.run(["access-log", "--from", "2026-12-02"]).standardOutput) == ["2", "3"])
        let bulk = cli.run(["access-log", "--subject", "P-000001"]).standardOutput
        #expect(bulk.contains("all (bulk read of 3 subjects, positions 1 to 9)"), "\(bulk)")
    }

    @Test("access-log prints CSV and JSON")
    func formats() throws {
        let cli = try Self.fixture()
        let csv = cli.run(["access-log", "--user", "a.khan", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.standardOutput == "position,recordedAt,user,onBehalfOf,purpose,breakGlass,bulk,subjects,subjectCount,cases,fromPosition,throughPosition\r\n"
            + "1,2026-12-01T09:14:07Z,a.khan,,GET /v1/cases/{ref},false,false,P-000001 P-000002,2,CMP-2025-000001,,\r\n")
        let json = cli.run(["access-log", "--user", "admin", "--format", "json"])
        #expect(json.status == 0)
        guard case .map(let object) = try json.standardOutputBytes.withUnsafeBytes({ try CBORValue(json: $0) }),
              case .array(let reads) = object["reads"], case .map(let read) = reads.first
        else { Issue.record("not an object with reads: \(json.standardOutput)"); return }
        #expect(object["user"] == .text("admin"))
        #expect(read["bulk"] == .bool(true) && read["subjectCount"] == .integer(3) && read["throughPosition"] == .integer(9))
    }

    @Test("a break-glass reason is never shown without --include-personal, in any form")
    func reason() throws {
        let cli = try Self.fixture()
        for format in ["table", "json", "csv"] {
            for command in [["access-log"], ["access", "review"]] {
                let withheld = cli.run(command + ["--format", format])
                #expect(withheld.status == 0, "\(withheld.standardError)")
                #expect(!withheld.standardOutput.contains("Police") && !withheld.standardError.contains("Police"), "\(command) \(format)")
                let shown = cli.run(command + ["--format", format, "--include-personal"])
                #expect(shown.status == 0, "\(shown.standardError)")
                #expect(shown.standardOutput.contains(Self.reason), "\(command) \(format): \(shown.standardOutput)")
            }
        }
        #expect(cli.run(["access-log"]).standardError.contains("--include-personal"))
    }

    @Test("showing break-glass reasons is itself a logged read of the people they are about; withholding them is not")
    func showingReasonsIsLogged() throws {
        let cli = try Self.fixture()
        #expect(cli.run(["access-log"]).status == 0)
        #expect(cli.run(["access", "review"]).status == 0)
        #expect(Self.positions(cli.run(["access-log"]).standardOutput) == ["1", "2", "3"], "nothing logged without reasons shown")
        #expect(cli.run(["access-log", "--user", "a.khan", "--include-personal"]).status == 0)
        #expect(Self.positions(cli.run(["access-log"]).standardOutput) == ["1", "2", "3"], "a.khan's read carries no reason")
        #expect(cli.run(["access-log", "--include-personal"]).status == 0)
        #expect(cli.run(["access", "review", "--include-personal"]).status == 0)
        let csv = cli.run(["access-log", "--format", "csv"]).standardOutput.split(separator: "\r\n").map(String.init)
        #expect(csv.count == 6, "\(csv)")
        #expect(csv[4].contains(",access-log --include-personal,false,false,P-000003,1,SG-2025-000001,"), "\(csv)")
        #expect(csv[5].contains(",access review --include-personal,false,false,P-000003,1,SG-2025-000001,"), "\(csv)")
    }

    @Test("a reason erased from the store reads as erased")
    func erasedReason() throws {
        guard CLIFixture.hasPythonLMDB() else { return }
        let cli = try Self.fixture()
        cli.blankPersonalSection(at: 2)
        let result = cli.run(["access-log", "--user", "b.lee", "--include-personal", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasSuffix(",erased\r\n"), "\(result.standardOutput)")
    }

    @Test("access review lists the break-glass reads, the busy hours and the unusual access recorded")
    func review() throws {
        let cli = try Self.fixture()
        #expect(cli.run(["config", "set", "access.unusual-subjects-per-hour", "2"]).status == 0)
        let result = cli.run(["access", "review"])
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("Break-glass reads: 1"), "\(text)")
        #expect(text.contains("b.lee") && text.contains("P-000003"), "\(text)")
        #expect(text.contains("more than 2 subjects within an hour"), "\(text)")
        // admin's export read 3 subjects; a.khan read 2: not more than 2.
        let busy = text.lines.filter { $0.hasPrefix("admin ") || $0.hasPrefix("a.khan ") }
        #expect(busy.count == 1 && busy.first?.hasPrefix("admin ") == true, "\(text)")
        let period = cli.run(["access", "review", "--from", "2026-12-01", "--to", "2026-12-01"])
        #expect(period.standardOutput.contains("Break-glass reads: none"), "\(period.standardOutput)")
    }

    @Test("bad input is one line and exit 64, and the store is unchanged", arguments: [
        ["access-log", "--subject", "CMP-2025-000001"],
        ["access-log", "--subject", "P-12"],
        ["access-log", "--user", "two words"],
        ["access-log", "--from", "2026-13-01"],
        ["access-log", "--to", "tomorrow"],
        ["access-log", "--from", "2026-12-05", "--to", "2026-12-01"],
        ["access", "review", "--from", "2026-02-30"],
        ["access", "review", "--from", "2026-12-05", "--to", "2026-12-01"],
    ])
    func badInput(_ command: [String]) throws {
        let cli = try Self.fixture()
        let before = cli.digest()
        let result = cli.run(command)
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.lines.count == 1, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(cli.digest() == before)
    }

    @Test("an unknown format is exit 64")
    func badFormat() throws {
        let cli = try Self.fixture()
        #expect(cli.run(["access-log", "--format", "xml"]).status == 64)
        #expect(cli.run(["access", "review", "--format", "markdown"]).status == 64)
    }

    @Test("both work on the store's own machine only: --server is refused (exit 64)")
    func refusesServer() {
        let cli = CLIFixture()
        for command in [["access-log"], ["access", "review"]] {
            let result = ChildProcess.run(cli.binary, command + ["--server", "http://127.0.0.1:9"], scratch: cli.scratch)
            #expect(result.status == 64, "\(result.standardError)")
            #expect(result.standardError.contains("works on the store's own machine"), "\(result.standardError)")
        }
    }
}
