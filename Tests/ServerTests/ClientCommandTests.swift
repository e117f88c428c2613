import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The command line as a client (`--server URL`, docs/SERVER.md): each command prints through
/// a running `caselog serve` exactly what it prints against the store itself.
@Suite("caselog --server: the same output as locally")
struct ClientCommandTests {
    @Test("case, cases, view, replay, report, chronology, types and stats print the same bytes, notes and exit codes both ways")
    func readsAgree() throws {
        let fixture = ClientFixture()
        try fixture.prepare()
        // A target, so that reports show one and the progress page has something to show.
        #expect(fixture.local(["target", "set", "complaints-performance:stage1.respondedWithinCodePercent", "at-least", "90",
                               "--from", "2024-01-01", "--aim", "Answer complaints on time", "--amber-within", "5"]).status == 0)
        try fixture.serve()
        let list = fixture.local(["cases"]).standardOutput
        let complaint = try #require(ClientFixture.firstReference("CMP-", in: list), "\(list.prefix(500))")
        let concern = try #require(ClientFixture.firstReference("SG-", in: list))
        let tenancy = try #require(ClientFixture.firstReference("TS-", in: list))
        let subject = try #require(ClientFixture.firstReference("P-", in: fixture.local(["case", complaint]).standardOutput))
        // The caseload's rows: its title, the header, (unassigned), then the first worker.
        let caseload = fixture.local(["view", "caseload"]).standardOutput.split(separator: "\n")
        let worker = try #require(caseload.dropFirst(3).first.map { String($0.prefix { $0 != " " }) }, "\(caseload)")
        let runs: [[String]] = [
            ["case", complaint], ["case", complaint, "--format", "json"], ["case", complaint, "--format", "markdown", "--at", "2024-06-30"],
            ["case", concern, "--at", "2024-03-01"], ["case", tenancy, "--format", "csv"], ["case", tenancy, "--without-personal", "--format", "json"],
            ["cases"], ["cases", "--type", "complaint", "--format", "json"], ["cases", "--state", "open"], ["cases", "--worker", worker],
            ["cases", "--subject", subject, "--format", "json"],
            ["view", "caseload"], ["view", "complaints-sla", "--at", "2024-06-30"], ["view", "safeguarding-register", "--format", "json"],
            ["view", "actions-due", "--format", "markdown"], ["view", "caseload", "--worker", worker, "--format", "csv"],
            ["replay", concern], ["replay", concern, "--format", "json"], ["replay", concern, "--known-at", "2024-06-30", "--format", "markdown"],
            ["replay", concern, "--include-personal", "--gap-days", "3"], ["replay", complaint, "--format", "html"],
            ["report", "complaints-performance", "--from", "2024-01-01", "--to", "2024-12-31"],
            ["report", "complaints-performance", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"],
            ["report", "safeguarding-learning", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "csv"],
            ["report", "progress", "--from", "2024-04-01", "--to", "2024-06-30", "--periods", "1"],
            ["report", "progress", "--from", "2024-04-01", "--to", "2024-06-30", "--format", "html"],
            ["chronology", subject], ["chronology", subject, "--format", "json"],
            ["types"], ["types", "complaint.received"], ["types", "--format", "json"],
            ["stats"], ["stats", "--format", "json"],
        ]
        for arguments in runs { fixture.expectSame(arguments) }
    }

    @Test("an unknown case or subject is exit 66 both ways, a reference that is no reference 65; a bad period 64")
    func refusalsAgree() throws {
        let fixture = ClientFixture()
        try fixture.prepare(lines: Self.history)
        try fixture.serve()
        for arguments in [["case", "CMP-2099-999999"], ["replay", "SG-2099-000001"], ["chronology", "P-999999"], ["case", "nonsense"],
                          ["report", "complaints-performance", "--from", "2025-02-01", "--to", "2025-01-01"]] {
            let (here, there) = (fixture.local(arguments), fixture.remote(arguments))
            #expect(here.status == there.status && here.status != 0, "\(arguments): \(here.status) / \(there.status) \(there.standardError)")
            #expect(there.standardError.hasPrefix("caselog: ") && there.standardError.split(separator: "\n").count == 1,
                    "\(there.standardError)")
            #expect(there.standardOutput.isEmpty)
        }
    }

    @Test("record (arguments and --stdin) and import print the same lines on two identical stores, and the events land")
    func writesAgree() throws {
        let here = ClientFixture(store: "here")
        let there = ClientFixture(store: "there")
        try here.prepare(lines: Self.history)
        try there.prepare(lines: Self.history)
        try there.serve()
        let acknowledged = ["record", "complaint.acknowledged", "--case", "CMP-2025-000001", "--occurred-at", "2025-03-04T10:00",
                            "--id", "0b7e3f4a-2c1d-4e5f-8a9b-0c1d2e3f4a5b", "stage=1"]
        let opened = ["record", "complaint.received", "--occurred-at", "2025-03-05", "complainant=P-000001", "channel=phone",
                      "categories=repairs", "summary=Leaking gutter"]
        let lines = """
            {"type":"case.note-added","case":"CMP-2025-000001","occurredAt":"2025-03-06T09:00:00Z","data":{"text":"Called back"}}

            {"type":"complaint.received","occurredAt":"2025-03-06T10:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Damp again"}}

            """
        let steps: [(arguments: [String], input: String?)] = [
            (acknowledged, nil), (acknowledged, nil), (opened, nil), (["record", "--stdin"], lines),
            (["record", "complaint.acknowledged", "--case", "CMP-2025-000009", "stage=1"], nil),
            (["record", "--stdin"], "\n" + lines.replacing("P-000001", with: "P-000077")),
        ]
        for (arguments, input) in steps {
            let local = here.local(arguments, input: input)
            let remote = here.remote(arguments, input: input, token: there.token, url: there.url)
            #expect(local.status == remote.status, "\(arguments): \(local.standardError) / \(remote.standardError)")
            #expect(local.standardOutput == remote.standardOutput, "\(arguments)")
            #expect(local.standardError == remote.standardError, "\(arguments)")
        }
        let file = here.scratch.appending("more.jsonl")
        writeFile(file, Array(lines.utf8))
        let imported = (here.local(["import", file]), here.remote(["import", file], token: there.token, url: there.url))
        #expect(imported.0.status == 0 && imported.1.status == 0, "\(imported.1.standardError)")
        #expect(imported.0.standardOutput.prefix { $0 != " " } == "imported" && imported.1.standardOutput.hasPrefix("imported 2 events from "))
        let headHere = try #require(imported.0.standardOutput.split(separator: " ").last)
        let headThere = try #require(imported.1.standardOutput.split(separator: " ").last)
        #expect(headThere.count == 65 && headHere.count == 65, "a head's hash: \(imported.1.standardOutput)")
        let verified = there.local(["verify", "--digest"]).standardOutput
        #expect(imported.1.standardOutput.hasSuffix("head " + verified), "\(imported.1.standardOutput) / \(verified)")
        let timeline = there.local(["case", "CMP-2025-000001", "--format", "json"]).standardOutput
        #expect(timeline.contains("Called back") && timeline.contains("client.user"), "recorded as the token's user")
    }

    @Test("tail prints the same lines both ways, and --follow through the server sees an event as it is recorded")
    func tailAgrees() throws {
        let fixture = ClientFixture()
        try fixture.prepare(lines: Self.history)
        try fixture.serve()
        for arguments in [["tail"], ["tail", "--last", "2", "--format", "json"], ["tail", "--from", "2"],
                          ["tail", "--type", "complaint.received"], ["tail", "--from", "999"]] {
            let (here, there) = (fixture.local(arguments), fixture.remote(arguments))
            #expect(here.status == 0 && there.status == 0, "\(arguments): \(there.standardError)")
            #expect(here.standardOutputBytes == there.standardOutputBytes, "\(arguments):\n\(here.standardOutput)\n\(there.standardOutput)")
        }
        let follower = ChildProcess(fixture.binary, ["tail", "--server", fixture.url, "--follow", "--last", "0", "--format", "json"],
                                    environment: ["CASELOG_TOKEN": fixture.token], scratch: fixture.scratch)
        sleep(milliseconds: 300)
        #expect(fixture.remote(["record", "case.note-added", "--case", "CMP-2025-000001", "text=Followed"]).status == 0)
        var printed = ""
        for _ in 0..<200 where !printed.contains("case.note-added") {
            sleep(milliseconds: 25)
            printed = fixture.local(["tail", "--last", "1", "--format", "json"]).standardOutput
        }
        sleep(milliseconds: 500)
        follower.kill()
        let followed = follower.wait().standardOutput
        #expect(followed == printed, "followed: \(followed)")
    }

    /// A subject and a complaint, as FORMAT.md §7's lines.
    static let history = """
        {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
        {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Black mould in the back bedroom"}}

        """
}

/// `--reason` through `--server`: a caseworker reads a case beyond their role, and it is logged.
@Suite("caselog --server --reason: break glass from the command line")
struct ClientBreakGlassTests {
    @Test("a caseworker's read beyond their role is 77 without a reason, allowed with --reason and in the access log; --reason alone is 64")
    func breakGlass() throws {
        let fixture = ClientFixture()
        try fixture.prepare()
        try fixture.serve()
        #expect(fixture.local(["user", "add", "cw.none", "--role", "caseworker", "--team", "Nowhere"]).status == 0)
        let token = fixture.local(["token", "create", "--user", "cw.none"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let concern = try #require(ClientFixture.firstReference("SG-", in: fixture.local(["cases"]).standardOutput))
        let refused = fixture.remote(["case", concern], token: token)
        #expect(refused.status == 77, "\(refused.standardError)")
        #expect(refused.standardError.contains("beyond cw.none's role"), "\(refused.standardError)")
        let glass = fixture.remote(["case", concern, "--reason", "Tenant at the door asking for help"], token: token)
        #expect(glass.status == 0, "\(glass.standardError)")
        let log = fixture.local(["access-log", "--user", "cw.none", "--format", "json", "--include-personal"]).standardOutput
        #expect(log.contains(concern) && log.contains("Tenant at the door asking for help"), "\(log)")
        let local = fixture.local(["case", concern, "--reason", "x"])
        #expect(local.status == 64 && local.standardError.contains("--reason is for reading beyond your role through --server"))
    }
}
