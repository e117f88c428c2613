import Testing
import TestSupport

/// `caselog user`: users, roles and teams as access events, with clear refusals that write nothing.
@Suite("User commands")
struct UserCommandTests {
    @Test("add, grant, team, disable and list say what they did; tokens go only to known, enabled users")
    func lifecycle() {
        let fixture = CLIFixture()
        fixture.initialise()
        #expect(fixture.run(["token", "create", "--user", "own.er"]).status == 0)   // the first user: admin
        let added = fixture.run(["user", "add", "j.smith", "--role", "caseworker", "--team", "North"])
        #expect(added.status == 0 && added.standardOutput == "added j.smith: caseworker; team North\n")
        #expect(fixture.run(["user", "grant", "j.smith", "panel-member"]).standardOutput == "j.smith: caseworker, panel-member; team North\n")
        #expect(fixture.run(["user", "team", "j.smith", "--none"]).standardOutput == "j.smith: caseworker, panel-member; no team\n")
        #expect(fixture.run(["token", "create", "--user", "j.smith"]).status == 0)
        #expect(fixture.run(["user", "disable", "j.smith"]).standardOutput == "disabled j.smith; 1 token revoked\n")
        #expect(fixture.run(["token", "create", "--user", "j.smith"]).status == 77)
        #expect(fixture.run(["token", "create", "--user", "nobody"]).status == 66)
        let list = fixture.run(["user", "list"]).standardOutput
        #expect(list == "own.er  admin; no team\nj.smith  caseworker, panel-member; no team; disabled\n")
    }

    @Test("a bad role, a bad team, a user twice, a role not held: one line, the documented code, the store as it was")
    func refusals() {
        let fixture = CLIFixture()
        fixture.initialise()
        #expect(fixture.run(["user", "add", "j.smith", "--role", "caseworker"]).status == 0)
        let before = fixture.digest()
        for (arguments, code) in [(["user", "add", "x", "--role", "wizard"], 64), (["user", "add", "x", "--role", "analyst", "--team", "No\tTabs"], 64),
                                  (["user", "add", "j.smith", "--role", "analyst"], 65), (["user", "revoke", "j.smith", "manager"], 65),
                                  (["user", "grant", "nobody", "manager"], 66), (["user", "add", "bad name", "--role", "analyst"], 64),
                                  (["user", "team", "j.smith"], 64)] as [([String], Int32)] {
            let result = fixture.run(arguments)
            #expect(result.status == code, "\(arguments)")
            #expect(result.standardError.split(separator: "\n").count >= 1 && !result.standardError.contains("Fatal"), "\(arguments)")
        }
        #expect(fixture.digest() == before)
    }
}
