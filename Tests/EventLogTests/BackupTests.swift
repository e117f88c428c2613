@testable import EventLog
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Backups of the log")
struct BackupTests {
    struct Refused: Error {}

    @Test("a backup whose check fails leaves nothing behind: no directory, no hidden copy")
    func failedCheck() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S-1", actor: "w")
        let target = fixture.directory.appending("backup")
        #expect(throws: Refused.self) { try fixture.store.backup(to: target) { _ in throw Refused() } }
        #expect(BackupDirectory.entries(of: fixture.directory.path) == ["store"])
    }

    @Test("the check is given the copy, read-only, at the head the backup returns")
    func checkSeesCopy() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1), StoreFixture.event(2)], to: "S-1", actor: "w")
        var seen: LogHead?
        let head = try fixture.store.backup(to: fixture.directory.appending("backup")) { copy in
            #expect(copy.isReadOnly)
            seen = try copy.head()
        }
        #expect(seen == head)
        #expect(head == (try fixture.store.head()))
    }

    @Test("a hidden copy left by a backup whose process is gone is removed by the next; one of a live process is left alone")
    func stalePartialCopies() throws {
        let fixture = try StoreFixture()
        let directory = fixture.directory
        let dead = directory.appending(".backup.caselog-backup-partial-\(Int32.max - 1)")
        let live = directory.appending(".backup.caselog-backup-partial-1")
        let other = directory.appending(".other.caselog-backup-partial-\(Int32.max - 1)")
        for path in [dead, live, other] {
            mkdir(path, 0o700)
            writeFile(path + "/data.mdb", [1, 2, 3])
        }
        try fixture.store.backup(to: directory.appending("backup"))
        #expect(BackupDirectory.entries(of: directory.path)?.sorted()
                == [".backup.caselog-backup-partial-1", ".other.caselog-backup-partial-\(Int32.max - 1)", "backup", "store"])
    }

    @Test("a backup into a directory that is not empty, or a file, is refused before anything is copied")
    func notEmpty() throws {
        let fixture = try StoreFixture()
        let target = fixture.directory.appending("backup")
        mkdir(target, 0o700)
        writeFile(target + "/note", [1])
        #expect(throws: StoreError.cannotCreate(path: target, reason: "it is not empty")) { try fixture.store.backup(to: target) }
        writeFile(fixture.directory.appending("file"), [1])
        #expect(throws: StoreError.cannotCreate(path: fixture.directory.appending("file"), reason: "it exists and is not a directory")) {
            try fixture.store.backup(to: fixture.directory.appending("file"))
        }
        #expect(BackupDirectory.entries(of: fixture.directory.path)?.sorted() == ["backup", "file", "store"])
    }
}
