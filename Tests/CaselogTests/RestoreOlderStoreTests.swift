import Testing
import TestSupport

/// A store keeps what an older caselog took, and its export restores it as it was, even where
/// today's rules would refuse it as new.
@Suite("Restoring what an older caselog took")
struct RestoreOlderStoreTests {
    @Test("an export holding a time and a due date before 1900 restores into an empty store, and is refused anywhere else")
    func datesBefore1900() throws {
        let cli = CLIFixture()
        try OlderCaselog.write([
            .init(stream: "P-000001", type: "subject.registered", occurredAt: "0001-01-01T00:00:00Z",
                  data: ["kind": "person"], personal: ["name": "Jane Example"]),
            .init(stream: "SG-2025-000001", type: "safeguarding.concern-raised", occurredAt: "2025-03-07T09:00:00Z",
                  data: ["subject": "P-000001", "categories": ["self-neglect"], "immediateRisk": false],
                  personal: ["description": "Found unwell at home"]),
            .init(stream: "SG-2025-000001", type: "safeguarding.action-assigned", occurredAt: "2025-03-07T10:00:00Z",
                  data: ["actionId": "A1", "owner": "a.khan", "dueDate": "1800-01-01"]),
        ], into: cli.store)
        let digest = cli.digest()
        // The export logs its own read (access.personal-read) after what it read: the restored head is the one before.
        let export = cli.file("export.jsonl", cli.run(["export"]).standardOutput)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let restored = cli.run(["import", export], store: copy)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(cli.digest(store: copy) == digest)

        // Into a store that holds events, the lines are recorded anew, under today's rules.
        let other = cli.scratch.appending("other")
        cli.initialise(store: other)
        #expect(cli.run(["record", "subject.registered", "kind=person", "name=Someone"], store: other).status == 0)
        let anew = cli.run(["import", export], store: other)
        #expect(anew.status == 65)
        #expect(anew.standardError.contains("before 1900"), "\(anew.standardError)")
    }
}
