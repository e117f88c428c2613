import Foundation
import Testing
import TestSupport

/// `caselog export --sqlite` checked the way an analyst would: by opening the file with the
/// `sqlite3` command-line tool and running queries.
@Suite("SQLite export")
struct SQLiteExportTests {
    static let spec = """
        name: complaints-by-channel
        events:
          types: [complaint.received]
        group-by: [channel]
        measures:
          complaints: count
        """

    /// Runs `sql` against `database` with the sqlite3 tool; its output, trimmed.
    func query(_ database: String, _ sql: String, in fixture: CLIFixture, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = ChildProcess.run("/usr/bin/sqlite3", [database, sql], scratch: fixture.scratch)
        #expect(result.status == 0, "sqlite3 failed: \(result.standardError)", sourceLocation: sourceLocation)
        return result.standardOutput.trimmingWhitespace
    }

    @Test("events, cases and kept projections match the log, without personal data; a second export adds only what is new")
    func export() {
        let fixture = CLIFixture()
        fixture.initialise()
        #expect(fixture.run(["import", fixture.file("history.jsonl", CLIFixture.complaintLines)]).status == 0)
        #expect(fixture.run(["project", "add", fixture.file("channel.yaml", Self.spec)]).status == 0)
        let database = fixture.scratch.appending("analysts.sqlite")
        let first = fixture.run(["export", "--sqlite", database])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("3 new events (positions 1–3), 1 cases, 1 projections: projection_complaints_by_channel"))

        #expect(query(database, #"SELECT position, "case", case_type, type FROM events ORDER BY position"#, in: fixture) == """
            1|P-000001|subject|subject.registered
            2|CMP-2025-000001|complaint|complaint.received
            3|CMP-2025-000001|complaint|complaint.acknowledged
            """)
        #expect(query(database, "SELECT occurred_at, occurred_on FROM events WHERE position = 2", in: fixture)
                == "2025-03-03T09:00:00Z|2025-03-03")
        #expect(query(database, "SELECT json_extract(data, '$.channel'), json_extract(data, '$.categories[0]') FROM events WHERE position = 2",
                      in: fixture) == "email|damp-mould")
        // Personal fields (the name, the summary) are nowhere in the file.
        #expect(query(database, "SELECT count(*) FROM events WHERE data LIKE '%Jane%' OR data LIKE '%mould in%' OR data LIKE '%summary%'",
                      in: fixture) == "0")
        #expect(query(database, "SELECT reference, case_type, state, stage, subject, version FROM cases", in: fixture)
                == "CMP-2025-000001|complaint|open|1|P-000001|2")
        #expect(query(database, "SELECT channel, complaints FROM projection_complaints_by_channel", in: fixture) == "email|1")

        let more = #"{"type":"complaint.responded","case":"CMP-2025-000001","occurredAt":"2025-03-10T09:00:00Z","data":{"stage":1,"decision":"upheld"}}"#
        #expect(fixture.run(["record", "--stdin"], input: more + "\n").status == 0)
        let second = fixture.run(["export", "--sqlite", database])
        #expect(second.standardOutput.contains("1 new events (positions 4–4), 1 cases"))
        #expect(query(database, "SELECT count(*), max(position) FROM events", in: fixture) == "4|4")
        #expect(query(database, "SELECT version FROM cases WHERE reference = 'CMP-2025-000001'", in: fixture) == "3")
        // An analyst's question: events per case type and month.
        #expect(query(database, "SELECT case_type, substr(occurred_on, 1, 7), count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2",
                      in: fixture) == "complaint|2025-03|3\nsubject|2025-03|1")
        let third = fixture.run(["export", "--sqlite", database])
        #expect(third.standardOutput.contains("0 new events, 0 cases"))
        // Readable by its owner only, like the store.
        var info = stat()
        #expect(stat(database, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(fixture.run(["export", "--sqlite", database, "--from", "3"]).status == 64)
    }

    @Test("a file exported from one store is refused by another whose history differs (exit 65: choose a new file), and is left as it was")
    func anotherStore() {
        let fixture = CLIFixture()
        fixture.initialise()
        #expect(fixture.run(["import", fixture.file("history.jsonl", CLIFixture.complaintLines)]).status == 0)
        let database = fixture.scratch.appending("analysts.sqlite")
        #expect(fixture.run(["export", "--sqlite", database]).status == 0)
        // Another organisation's store, longer, with other events at the same positions.
        let other = fixture.scratch.appending("other")
        fixture.initialise(store: other)
        let lines = CLIFixture.complaintLines.replacingOccurrences(of: "Jane Example", with: "Someone Else")
            + #"{"type":"case.note-added","case":"CMP-2025-000001","occurredAt":"2025-03-05T09:00:00Z","data":{"text":"n"}}"# + "\n"
        #expect(fixture.run(["import", fixture.file("other.jsonl", lines)], store: other).status == 0)
        let refused = fixture.run(["export", "--sqlite", database], store: other)
        // The user's file is wrong, not the machine: exit 65, saying what to do.
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("exported from another store"))
        #expect(refused.standardError.contains("choose a new file"), "\(refused.standardError)")
        #expect(query(database, "SELECT count(*) FROM events", in: fixture) == "3")
    }

    @Test("a spec with a mistake exits 65 naming the file, line and column; an unknown projection 66")
    func specErrors() {
        let fixture = CLIFixture()
        fixture.initialise()
        let bad = fixture.file("bad.yaml", "name: x\nevents:\n  types: [complaint.received]\ngroup-by: [summary]\nmeasures:\n  n: count\n")
        let run = fixture.run(["project", "run", bad])
        #expect(run.status == 65)
        #expect(run.standardError.contains("bad.yaml: line 4, column 12: summary is personal data (†) and cannot be used in a projection"))
        #expect(fixture.run(["project", "show", "nothing"]).status == 66)
        #expect(fixture.run(["project", "run", fixture.scratch.appending("missing.yaml")]).status == 66)
        #expect(fixture.run(["project", "run", bad, "--from", "2025-13-01"]).status == 64)
    }
}
