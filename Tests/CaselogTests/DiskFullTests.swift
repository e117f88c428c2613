import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A store or a backup on a file system that fills up: the error says the disk is full (exit
/// 74), not "Input/output error", and the store is as it was.
///
/// A 2 MiB tmpfs is mounted for each test, which needs root; elsewhere the tests are skipped,
/// and say why.
@Suite("A full disk")
struct DiskFullTests {
    /// A 2 MiB tmpfs mounted on a new directory in `scratch`; unmounted by `unmount()`.
    struct SmallFileSystem {
        let path: String
        let scratch: TemporaryDirectory

        init?(in scratch: TemporaryDirectory) {
            self.scratch = scratch
            path = scratch.appending("small")
            guard mkdir(path, 0o700) == 0,
                  ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", path], scratch: scratch).status == 0
            else { return nil }
        }

        func unmount() {
            _ = ChildProcess.run("/bin/umount", [path], scratch: scratch)
        }
    }

    /// Whether a small file system can be mounted here (root, and mount permitted).
    static let canMount: Bool = {
        guard geteuid() == 0, access("/bin/mount", X_OK) == 0 else { return false }
        let scratch = TemporaryDirectory()
        guard let small = SmallFileSystem(in: scratch) else { return false }
        small.unmount()
        return true
    }()

    /// About six megabytes of generated history (for an empty store: it numbers its own subjects
    /// and cases from 1), three times what the small file system holds.
    private func history(_ cli: CLIFixture) -> String {
        let generated = cli.run(["generate", "--events", "20000", "--seed", "5"])
        #expect(generated.status == 0)
        return cli.file("history.jsonl", generated.standardOutput)
    }

    @Test("an import into a store on a full disk exits 74 saying the disk is full, and the store is as it was",
          .enabled(if: canMount, "mounting a small tmpfs needs root; skipped"))
    func importIntoFullDisk() throws {
        let cli = CLIFixture()
        let small = try #require(SmallFileSystem(in: cli.scratch))
        defer { small.unmount() }
        let store = small.path + "/store"
        cli.initialise(store: store)
        let before = cli.digest(store: store)
        let result = cli.run(["import", history(cli)], store: store)
        #expect(result.status == 74)
        #expect(result.standardError == "caselog: no space left on the device holding \(store); nothing was written\n",
                "\(result.standardError)")
        #expect(cli.digest(store: store) == before)
    }

    @Test("a backup onto a full disk exits 74 saying the disk is full, naming the backup's directory",
          .enabled(if: canMount, "mounting a small tmpfs needs root; skipped"))
    func backupOntoFullDisk() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", history(cli)]).status == 0)
        let small = try #require(SmallFileSystem(in: cli.scratch))
        defer { small.unmount() }
        let target = small.path + "/backup"
        let result = cli.run(["backup", target])
        #expect(result.status == 74)
        #expect(result.standardError == "caselog: no space left on the device holding \(target); the backup was not completed\n",
                "\(result.standardError)")
        #expect(cli.run(["verify"]).status == 0)
    }

    @Test("init on a full disk exits 73 saying so, and leaves nothing that looks like a store",
          .enabled(if: canMount, "mounting a small tmpfs needs root; skipped"))
    func initOnFullDisk() throws {
        let cli = CLIFixture()
        let small = try #require(SmallFileSystem(in: cli.scratch))
        defer { small.unmount() }
        // Fill it: dd writes until the file system has no room left (and so exits with an error).
        _ = ChildProcess.run("/bin/dd", ["if=/dev/zero", "of=\(small.path)/fill", "bs=64k", "count=64"], scratch: cli.scratch)
        let store = small.path + "/store"
        let result = cli.run(["init"], store: store)
        #expect(result.status == 73, "\(result.status) \(result.standardError)")
        // The first file init makes may be the master key beside the store, or the store's own.
        #expect(result.standardError.hasPrefix("caselog: cannot create \(store)") && result.standardError.lowercased().contains("no space left on"),
                "\(result.standardError)")
        #expect(access(store, F_OK) != 0, "a directory was left at \(store)")
        #expect(access(store + ".keys", F_OK) != 0 && access(store + ".master-key", F_OK) != 0, "a key store or master key was left")
    }
}
