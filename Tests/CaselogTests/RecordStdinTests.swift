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
        #expect(source.run(["record", "--stdin"], input: CLIFixture.complaintLines, onBehalfOf: "j.original").status == 0)
        let export = source.run(["export"]).standardOutput
        #expect(export.contains(#""onBehalfOf":"j.original""#))

        let target = CLIFixture()
        target.initialise()
        // Recorded anew by the login, each line for the person its data names (j.original).
        let recorded = target.run(["record", "--stdin"], input: export)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(recorded.standardOutput.split(separator: "\n").count == 3)
        let again = target.run(["export"]).standardOutput
        #expect(again.contains("\"actor\":\"\(CLIFixture.login)\"") && again.contains(#""onBehalfOf":"j.original""#))
        // A restore would have ended at the source's head; lines recorded anew do not.
        let digest = target.digest()
        #expect(digest != source.digest())
        // Recorded for someone else, the lines contradict themselves: refused, nothing written.
        let contradicted = target.run(["record", "--stdin"], input: export, onBehalfOf: "k.new")
        #expect(contradicted.status == 65 && contradicted.standardError.contains("recorded on behalf of k.new"), "\(contradicted.standardError)")
        #expect(target.digest() == digest)
    }

    @Test("the same export given to import restores it with its original chain")
    func importRestores() throws {
        let source = CLIFixture()
        source.initialise()
        #expect(source.run(["record", "--stdin"], input: CLIFixture.complaintLines, onBehalfOf: "j.original").status == 0)
        let digest = source.digest()
        // The export logs its own read (access.personal-read) after what it read: the restored head is the one before.
        let export = source.run(["export"])
        let target = CLIFixture()
        target.initialise()
        // Restored as they were: the lines are not recorded for k.new, and keep j.original.
        let imported = target.run(["import", target.file("export.jsonl", export.standardOutput)], onBehalfOf: "k.new")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("restored"))
        #expect(target.digest() == digest)
    }
}
