import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `caselog backup DIR`: safe to take (a backup that fails or is killed leaves nothing that looks
/// like a store) and safe to keep (readable by its owner only, whatever the umask).
@Suite("Backups")
struct BackupCommandTests {
    func storeWithEvents() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        return cli
    }

    @Test("a backup taken under umask 000 is its owner's only: the directory 0700, data.mdb 0600, and nothing else")
    func ownerOnlyWhateverTheUmask() {
        let cli = storeWithEvents()
        let target = cli.scratch.appending("backup")
        let result = ChildProcess.run("/bin/sh", ["-c", "umask 000 && exec \"$0\" \"$@\"", cli.binary, "backup", "--store", cli.store, target],
                                      scratch: cli.scratch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(permissions(of: target) == 0o700)
        #expect(permissions(of: target + "/data.mdb") == 0o600)
        #expect(BackupFiles.entries(of: target) == ["data.mdb"])
        #expect(cli.digest(store: target) == cli.digest())
    }

    @Test("a backup killed before it was complete leaves nothing at DIR, and the next backup to DIR removes what it left")
    func killedBackup() throws {
        let cli = storeWithEvents()
        let target = cli.scratch.appending("backup")
        // Stops itself once the copy is written and checked, before it is renamed into place.
        let child = ChildProcess(cli.binary, ["backup", "--store", cli.store, target], environment: ["CASELOG_TEST_STOP_BACKUP_BEFORE_RENAME": "1"],
                                 scratch: cli.scratch)
        var stopped = false
        for _ in 0..<5_000 where !stopped {
            let status = String(decoding: readFile("/proc/\(child.pid)/stat") ?? [], as: UTF8.self)
            stopped = status.split(separator: ")").last?.split(separator: " ").first == "T"
            if !stopped { sleep(milliseconds: 2) }
        }
        child.kill(SIGKILL)
        _ = child.wait()
        try #require(stopped, "the backup never reached the point before its rename")
        let partial = ".backup.caselog-backup-partial-\(child.pid)"
        #expect(BackupFiles.entries(of: cli.scratch.path).filter { $0.contains("backup") } == [partial])
        #expect(permissions(of: target) == nil)
        #expect(cli.run(["verify"], store: target).status == 66)
        let again = cli.run(["backup", target])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(BackupFiles.entries(of: cli.scratch.path).filter { $0.contains("backup") } == ["backup"])
        #expect(cli.digest(store: target) == cli.digest())
    }

    @Test("a backup into an empty directory that exists takes its place, mode 0700")
    func emptyDirectory() {
        let cli = storeWithEvents()
        let target = cli.scratch.appending("backup")
        mkdir(target, 0o755)
        #expect(cli.run(["backup", target]).status == 0)
        #expect(permissions(of: target) == 0o700)
        #expect(cli.digest(store: target) == cli.digest())
    }
}
