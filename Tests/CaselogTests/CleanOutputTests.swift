import EventLog
import Testing
import TestSupport

/// What caselog writes is text that neither a terminal nor a spreadsheet can be steered by,
/// whatever a caseworker typed, and says what it is.
@Suite("Every output is clean")
struct CleanOutputTests {
    /// Free text as a hostile caseworker (or a paste from a web page) might type it: a colour
    /// change, an OSC 8 hyperlink, BEL, a carriage return that would overwrite the line, the C1
    /// control sequence introducer (U+009B) and DEL.
    static let hostile = "red \u{1B}[31mRED\u{1B}[0m link \u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\ "
        + "bell \u{07} back\rover c1 \u{9B}31m del \u{7F} end"

    /// A store where the hostile text is a subject's name, a complaint's summary, a worker and a note.
    private func hostileStore() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        for arguments in [
            ["subject.registered", "--occurred-at", "2025-03-01T09:00:00Z", "kind=person", "name=Jane \(Self.hostile)"],
            ["complaint.received", "--occurred-at", "2025-03-03T09:00:00Z", "complainant=P-000001", "channel=email",
             "categories=damp-mould", "summary=\(Self.hostile)"],
            ["case.assigned", "--case", "CMP-2025-000001", "--occurred-at", "2025-03-03T10:00:00Z", "worker=a.khan \(Self.hostile)"],
            ["case.note-added", "--case", "CMP-2025-000001", "--occurred-at", "2025-03-04T10:00:00Z", "text=\(Self.hostile)"],
        ] {
            let result = cli.run(["record"] + arguments)
            #expect(result.status == 0, "\(arguments.first ?? ""): \(result.standardError)")
        }
        return cli
    }

    /// The control characters in `bytes` that no output may hold, as "offset: byte(s)": every C0
    /// control but tab and line feed (and carriage return only before a line feed, where
    /// `crLineEnds`), DEL, and the C1 controls (UTF-8 C2 80 to C2 9F).
    private func controls(in bytes: [UInt8], crLineEnds: Bool) -> [String] {
        var found: [String] = []
        for (offset, byte) in bytes.enumerated() {
            let next = offset + 1 < bytes.count ? bytes[offset + 1] : nil
            switch byte {
            case 0x09, 0x0A: continue
            case 0x0D where crLineEnds && next == 0x0A: continue
            case 0x00..<0x20, 0x7F: found.append("\(offset): \(byte)")
            case 0xC2 where next.map({ (0x80...0x9F).contains($0) }) ?? false: found.append("\(offset): C2 \(next!)")
            default: continue
            }
        }
        return found
    }

    static let spec = """
        name: by-worker
        events:
          types: [case.assigned]
        group-by: [worker]
        measures:
          assignments: count

        """

    @Test("escape sequences, BEL, CR, C1 controls and DEL typed into free text reach no form of case, chronology, view, replay, report, export, project run or cases")
    func noControlCharacters() {
        let cli = hostileStore()
        let spec = cli.file("by-worker.yaml", Self.spec)
        var runs: [[String]] = []
        for format in ["table", "json", "csv", "markdown"] {
            runs.append(["case", "CMP-2025-000001", "--at", "2025-03-10", "--format", format])
            runs.append(["case", "P-000001", "--at", "2025-03-10", "--format", format])
            runs.append(["chronology", "P-000001", "--format", format])
            for view in ["caseload", "complaints-sla", "safeguarding-register", "actions-due"] {
                runs.append(["view", view, "--at", "2025-03-10", "--format", format])
            }
        }
        for format in ["text", "markdown", "json", "html"] {
            runs.append(["replay", "CMP-2025-000001", "--format", format])
            runs.append(["replay", "CMP-2025-000001", "--format", format, "--include-personal"])
        }
        for report in ["complaints-performance", "safeguarding-learning", "tenancy-sustainment"] {
            for format in ["table", "json", "csv", "markdown", "html"] {
                runs.append(["report", report, "--from", "2025-01-01", "--to", "2025-12-31", "--format", format])
            }
        }
        runs += [["export"], ["export", "--without-personal"], ["cases"], ["cases", "--format", "json"]]
        for format in ["table", "csv", "json"] { runs.append(["project", "run", spec, "--format", format]) }
        for arguments in runs {
            let result = cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            let found = controls(in: result.standardOutputBytes, crLineEnds: arguments.contains("csv"))
            #expect(found.isEmpty, "\(arguments.joined(separator: " ")): control characters at \(found.prefix(5))")
        }
    }

    @Test("typed control characters are shown escaped: \\u001b in JSON, ␛ in CSV and on the terminal")
    func shownEscaped() {
        let cli = hostileStore()
        let json = cli.run(["case", "CMP-2025-000001", "--format", "json"]).standardOutput
        #expect(json.contains(#"red \u001b[31mRED\u001b[0m"#) && json.contains(#"back\rover c1 \u009b31m del \u007f end"#), "\(json)")
        let csv = cli.run(["case", "CMP-2025-000001", "--format", "csv"]).standardOutput
        #expect(csv.contains("a.khan red ␛[31mRED␛[0m link ␛]8;;https://evil.example/␛\\click"), "\(csv)")
        let table = cli.run(["case", "CMP-2025-000001"]).standardOutput
        #expect(table.contains("bell ␇ back␍over c1 �31m del ␡ end"), "\(table)")
    }

    static let csvCommands: [[String]] = [
        ["report", "complaints-performance", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv"],
        ["view", "complaints-sla", "--at", "2025-03-10", "--format", "csv"],
        ["case", "CMP-2025-000001", "--at", "2025-03-10", "--format", "csv"],
        ["chronology", "P-000001", "--format", "csv"],
        ["project", "run", "SPEC", "--format", "csv"],
    ]

    @Test("every CSV caselog writes ends each line with CR LF, as RFC 4180 and spreadsheets expect", arguments: csvCommands)
    func csvLineEnds(_ command: [String]) throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", cli.file("lines.jsonl", CLIFixture.complaintLines)]).status == 0)
        #expect(cli.run(["record", "case.assigned", "--case", "CMP-2025-000001", "--occurred-at", "2025-03-03T10:00:00Z",
                         "worker=a.khan"]).status == 0)
        let spec = cli.file("by-worker.yaml", Self.spec)
        let result = cli.run(command.map { $0 == "SPEC" ? spec : $0 })
        #expect(result.status == 0, "\(result.standardError)")
        let bytes = result.standardOutputBytes
        #expect(bytes.count > 10 && bytes.suffix(2) == [0x0D, 0x0A], "\(result.standardOutput)")
        let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
        #expect(lineFeeds.count >= 2)
        #expect(lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D }, "a line feed without its carriage return")
        #expect(bytes.indices.filter { bytes[$0] == 0x0D }.allSatisfy { $0 + 1 < bytes.count && bytes[$0 + 1] == 0x0A })
        #expect(firstIndex(of: Array("\u{240D}".utf8), in: bytes) == nil, "a carriage return shown as ␍")
    }

    @Test("caselog --version names the store format this build writes")
    func version() {
        let result = CLIFixture().run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("(store format \(EventStore.formatVersion))"), "\(result.standardOutput)")
    }

    @Test("the demo store's views are kept current as it is written: the case summary view's checkpoint is the head")
    func demoKeepsViews() throws {
        let cli = CLIFixture()
        let result = cli.run(["demo", "--events", "300"])
        #expect(result.status == 0, "\(result.standardError)")
        let store = try cli.openLog()
        let (checkpoint, head) = try store.read { reader in (try reader.checkpoint(ofView: "case-summary"), try reader.head().position) }
        #expect(head >= 300)
        #expect(checkpoint == head)
    }
}
