import CaseStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// An auditor checks a copy they may read but not write, or a store on read-only media. The
/// tests run as root, whom file modes do not stop: commands run as `nobody` (setpriv), and
/// read-only media is a read-only bind mount in a mount namespace of its own (unshare).
@Suite("Reading a store without write access")
struct ReadOnlyStoreTests {
    /// A store with a subject, a complaint and a kept projection, then made readable by
    /// everyone and writable by no one (the lock file included, as a copied store would be).
    func readOnlyStore(lockFileWritable: Bool = false) throws -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let spec = cli.file("damp.yaml", String(decoding: readFile(repositoryRoot() + "/Projections/examples/damp-mould-complaints.yaml") ?? [], as: UTF8.self))
        #expect(cli.run(["project", "add", spec]).status == 0)
        // Written after the projection was kept, so that showing it has something to catch up.
        #expect(cli.run(["record", "case.note-added", "--case", "CMP-2025-000001", "text=Visited"]).status == 0)
        try #require(chmod(cli.scratch.path, 0o755) == 0)
        for name in BackupFiles.entries(of: cli.store) {
            let writable = lockFileWritable && name == "lock.mdb"
            try #require(chmod(cli.store + "/" + name, writable ? 0o666 : 0o444) == 0)
        }
        try #require(chmod(cli.store, 0o555) == 0)
        return cli
    }

    /// Runs caselog as user `nobody` (a copy of the binary that `nobody` may run, wherever the
    /// build is), or as this user when it is not root.
    func runUnprivileged(_ cli: CLIFixture, _ arguments: [String]) throws -> ChildProcess.Result {
        let binary = cli.scratch.appending("bin/caselog")
        if access(binary, X_OK) != 0 {
            mkdir(cli.scratch.appending("bin"), 0o755)
            // Copied by a process of its own: a descriptor open for writing in this process
            // would reach the children other tests start, and exec would find the file busy.
            let copy = ChildProcess.run("/bin/cp", [cli.binary, binary], scratch: cli.scratch)
            try #require(copy.status == 0 && chmod(binary, 0o755) == 0, "\(copy.standardError)")
        }
        let command = [arguments[0], "--store", cli.store] + arguments.dropFirst()
        if geteuid() != 0 { return ChildProcess.run(binary, command, scratch: cli.scratch) }
        try #require(access("/usr/bin/setpriv", X_OK) == 0, "setpriv (util-linux) is needed to run as nobody")
        return ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + command,
                                scratch: cli.scratch)
    }

    /// Every command that only reads (without † fields: a read of them must be logged, so it
    /// needs a store it can write: `personalReadsNeedTheLog`).
    static let readingCommands: [[String]] = [
        ["verify"], ["verify", "--digest"], ["stats"], ["export", "--without-personal"],
        ["case", "CMP-2025-000001", "--without-personal"], ["cases"], ["view", "caseload"], ["view", "complaints-sla"],
        ["chronology", "P-000001"], ["replay", "CMP-2025-000001"],
        ["report", "complaints-performance", "--from", "2025-01-01", "--to", "2025-12-31"],
        ["calendar", "show"], ["config", "list"], ["project", "list"], ["project", "show", "damp-mould-complaints"],
    ]

    /// The store's files and their bytes (LMDB's lock file: only its name, since a reader
    /// with the lock writes its slot there).
    func snapshot(_ cli: CLIFixture) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in BackupFiles.entries(of: cli.store) { files[name] = name == "lock.mdb" ? [] : readFile(cli.store + "/" + name) ?? [] }
        return files
    }

    static let note = "note: the store is read-only for you; reading without LMDB's reader lock: a writer at the same time could change what is read"

    @Test("an auditor who may read but not write the store runs every reading command, told once what was given up, and nothing is written")
    func readableNotWritable() throws {
        let cli = try readOnlyStore()
        let before = snapshot(cli)
        for command in Self.readingCommands {
            let result = try runUnprivileged(cli, command)
            #expect(result.status == 0, "\(command): \(result.status) \(result.standardError)")
            #expect(result.standardError.lines.filter { $0 == Self.note }.count == 1, "\(command): \(result.standardError)")
            #expect(!result.standardError.contains("caselog:"), "\(command): \(result.standardError)")
        }
        #expect(snapshot(cli) == before)
        #expect(try runUnprivileged(cli, ["verify", "--digest"]).standardOutput == cli.digest() + "\n")
    }

    @Test("kept projections and views read read-only are the same as read by their owner")
    func sameAnswers() throws {
        let cli = try readOnlyStore()
        for command in [["project", "show", "damp-mould-complaints"], ["case", "CMP-2025-000001", "--without-personal"], ["view", "caseload"]] {
            let auditor = try runUnprivileged(cli, command)
            let owner = cli.run(command)
            #expect(auditor.status == 0 && owner.status == 0, "\(command): \(auditor.standardError) \(owner.standardError)")
            #expect(auditor.standardOutput == owner.standardOutput, "\(command)")
        }
    }

    @Test("a read of † fields that cannot be logged is not made: exit 77, one line naming --without-personal, nothing written")
    func personalReadsNeedTheLog() throws {
        let cli = try readOnlyStore()
        let before = snapshot(cli)
        for command in [["case", "CMP-2025-000001"], ["export"], ["replay", "CMP-2025-000001", "--include-personal"],
                        ["subject-access", "P-000001"]] {
            let result = try runUnprivileged(cli, command)
            #expect(result.status == 77, "\(command): \(result.status) \(result.standardError)")
            #expect(result.standardOutput.isEmpty, "\(command)")
            #expect(result.standardError.contains("the access log cannot be written") && result.standardError.contains("--without-personal"),
                    "\(command): \(result.standardError)")
        }
        #expect(snapshot(cli) == before)
    }

    @Test("a store whose lock file the reader may write is read with LMDB's reader lock, without a note")
    func lockFileWritable() throws {
        let cli = try readOnlyStore(lockFileWritable: true)
        let result = try runUnprivileged(cli, ["verify"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "\(result.standardError)")
    }

    @Test("a write by a user who may not write the store exits 77 and changes nothing")
    func writeRefused() throws {
        let cli = try readOnlyStore()
        let before = snapshot(cli)
        let result = try runUnprivileged(cli, ["record", "case.note-added", "--case", "CMP-2025-000001", "text=Called"])
        #expect(result.status == 77, "\(result.standardError)")
        #expect(result.standardError.contains("permission denied"), "\(result.standardError)")
        #expect(snapshot(cli) == before)
    }

    @Test("on read-only media, even root reads the store (without LMDB's lock file) and writes nothing")
    func readOnlyMedia() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        let digest = cli.digest()
        removeTree(cli.store + "/lock.mdb")
        try #require(access("/usr/bin/unshare", X_OK) == 0, "unshare (util-linux) is needed to mount the store read-only")
        let script = """
            mount --bind -o ro "$1" "$1" || exit 99
            shift
            "$@" --store "$STORE" verify --digest && "$@" --store "$STORE" stats && "$@" --store "$STORE" case CMP-2025-000001 --without-personal \
              && { "$@" --store "$STORE" case CMP-2025-000001; echo "personal read: $?"; }
            """
        let result = ChildProcess.run("/usr/bin/unshare", ["-m", "/bin/sh", "-c", script, "sh", cli.store, cli.binary],
                                      environment: ["STORE": cli.store], scratch: cli.scratch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix(digest + "\n"), "\(result.standardOutput)")
        #expect(result.standardError.contains("reading without LMDB's reader lock"), "\(result.standardError)")
        // On read-only media a read of † fields cannot be logged, so it is not made.
        #expect(result.standardOutput.hasSuffix("personal read: 77\n"), "\(result.standardOutput)")
        #expect(access(cli.store + "/lock.mdb", F_OK) != 0)
    }
}

/// The names in a directory.
enum BackupFiles {
    static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

extension ReadOnlyStoreTests {
    @Test("a user who may write the store's files but not its directory still records: without writer.lock, a write waits as LMDB's mutex makes it")
    func filesWritableDirectoryNot() throws {
        let cli = CLIFixture()
        // A store in clear (made without a key store): the other user could read no root's key store.
        _ = try CaseStore.create(at: cli.store)
        #expect(cli.run(["stats"]).status == 0)
        removeTree(cli.store + "/writer.lock")
        try #require(chmod(cli.scratch.path, 0o755) == 0)
        for name in BackupFiles.entries(of: cli.store) { try #require(chmod(cli.store + "/" + name, 0o666) == 0) }
        try #require(chmod(cli.store, 0o555) == 0)
        let result = try runUnprivileged(cli, ["record", "subject.registered", "kind=person", "name=Jane Example"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(cli.digest().hasPrefix("1 "))
    }
}
