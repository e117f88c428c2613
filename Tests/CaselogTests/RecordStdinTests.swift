import Testing
import TestSupport

/// `caselog record --stdin` records each line anew: it is never the restore that `import` makes
/// of an export, whose lines carry another store's actors and recorded times.
@Suite("record --stdin records lines anew")
struct RecordStdinTests {
    @Test("an export piped to record --stdin into an empty store is recorded by its recorder, now, not restored")
    func exportIsRecordedAnew() throws {
        let source = CLIFixture()
        source.initialise()
        #expect(source.run(["record", "--stdin"], input: CLIFixture.complaintLines, actor: "j.original").status == 0)
        let export = source.run(["export"])
        #expect(export.status == 0)
        #expect(export.standardOutput.contains("\"actor\":\"j.original\""))

        let target = CLIFixture()
        target.initialise()
        let recorded = target.run(["record", "--stdin"], input: export.standardOutput, actor: "k.new")
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(recorded.standardOutput.split(separator: "\n").count == 3)
        let again = target.run(["export"])
        #expect(!again.standardOutput.contains("\"actor\":\"j.original\""))
        #expect(again.standardOutput.contains("\"actor\":\"k.new\""))
        // A restore would have ended at the source's head; lines recorded anew do not.
        #expect(target.digest() != source.digest())
    }

    @Test("the same export given to import restores it with its original chain")
    func importRestores() throws {
        let source = CLIFixture()
        source.initialise()
        #expect(source.run(["record", "--stdin"], input: CLIFixture.complaintLines, actor: "j.original").status == 0)
        let digest = source.digest()
        // The export logs its own read (access.personal-read) after what it read: the restored head is the one before.
        let export = source.run(["export"])
        let target = CLIFixture()
        target.initialise()
        let imported = target.run(["import", target.file("export.jsonl", export.standardOutput)], actor: "k.new")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("restored"))
        #expect(target.digest() == digest)
    }
}
