import CaseStore
import EventLog
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `caselog` binary against a store in a temporary directory.
struct CLIFixture {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    var store: String { scratch.appending("store") }

    /// Runs `caselog --store STORE ARGS…` (the store option is added after the subcommand), by
    /// the OS login running the tests (`login`), for `onBehalfOf` when given.
    func run(_ arguments: [String], input: String? = nil, store: String? = nil, onBehalfOf: String? = nil) -> ChildProcess.Result {
        ChildProcess.run(binary, withStore(arguments, store: store ?? self.store, onBehalfOf: onBehalfOf), input: input, scratch: scratch)
    }

    /// Starts `caselog` without waiting for it.
    func start(_ arguments: [String], inputPath: String? = nil, store: String? = nil) -> ChildProcess {
        ChildProcess(binary, withStore(arguments, store: store ?? self.store, onBehalfOf: nil), inputPath: inputPath, scratch: scratch)
    }

    private func withStore(_ arguments: [String], store: String, onBehalfOf: String?) -> [String] {
        guard let command = arguments.first, !command.hasPrefix("-") else { return arguments }
        if command == "generate" { return arguments }
        return [command, "--store", store] + (onBehalfOf.map { ["--on-behalf-of", $0] } ?? []) + arguments.dropFirst()
    }

    /// The actor of every event a command of these tests writes: the OS login, as the command
    /// line finds it (DOMAIN.md §13).
    static var login: String { LocalLogin.name }

    /// Creates the store, failing the test if it cannot.
    func initialise(store: String? = nil) {
        let result = run(["init"], store: store)
        #expect(result.status == 0, "init failed: \(result.standardError)")
    }

    /// The key store `init` made beside `store`, opened with the master key file it wrote there.
    func keyStore(store: String? = nil) throws -> KeyStore {
        let path = store ?? self.store
        return try KeyStore(path: path + ".keys", master: MasterKey.read(from: path + ".master-key"))
    }

    /// The log of the store `init` made, opened with its key store, as the commands open it.
    func openLog(store: String? = nil) throws -> EventStore {
        var options = EventStore.Options()
        options.keyStore = try keyStore(store: store)
        return try EventStore(openingAt: store ?? self.store, options: options)
    }

    /// `verify --digest`: "POSITION HASH".
    func digest(store: String? = nil) -> String {
        let result = run(["verify", "--digest"], store: store)
        #expect(result.status == 0, "verify failed: \(result.standardError)")
        return result.standardOutput.trimmingWhitespace
    }

    /// Writes `text` to a file in the scratch directory and returns its path.
    func file(_ name: String, _ text: String) -> String {
        let path = scratch.appending(name)
        writeFile(path, Array(text.utf8))
        return path
    }

    /// A small, valid history: a subject and a complaint about damp.
    static let complaintLines = """
        {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
        {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Black mould in the back bedroom"}}
        {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","data":{"stage":1}}

        """
}

extension CLIFixture {
    /// True when `/usr/bin/python3` has python3-lmdb and python3-cbor2 (scripts/test installs
    /// them); records an issue and returns false otherwise.
    static func hasPythonLMDB(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard access("/usr/bin/python3", X_OK) == 0,
              ChildProcess.run("/usr/bin/python3", ["-c", "import lmdb, cbor2"], scratch: TemporaryDirectory()).status == 0
        else {
            Issue.record("python3-lmdb and python3-cbor2 are needed (scripts/test installs them)", sourceLocation: sourceLocation)
            return false
        }
        return true
    }

    /// Replaces the personal section of the event at `position` with the single byte 0 (an
    /// erased section, docs/FORMAT.md §5), from outside caselog, through python3-lmdb.
    func blankPersonalSection(at position: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        let blank = """
            import lmdb, sys
            env = lmdb.open(sys.argv[1], max_dbs=64, subdir=True)
            personal = env.open_db(b"personal", create=False)
            with env.begin(write=True) as txn:
                txn.put(int(sys.argv[2]).to_bytes(8, "big"), b"\\x00", db=personal)
            """
        let result = ChildProcess.run("/usr/bin/python3", ["-c", blank, store, String(position)], scratch: scratch)
        #expect(result.status == 0, "\(result.standardError)", sourceLocation: sourceLocation)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// The non-empty lines.
    var lines: [String] { split(separator: "\n").map(String.init) }
}

extension CLIFixture {
    /// A complaint received Monday 3 March 2025, acknowledged on the 4th (response due 18
    /// March) and answered on the 20th: two working days late, so 0% within the Code.
    static func withLateComplaint() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}
            {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"Leak"}}
            {"type":"complaint.acknowledged","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","data":{"stage":1}}
            {"type":"complaint.responded","case":"CMP-2025-000001","occurredAt":"2025-03-20T09:00:00Z","data":{"stage":1,"decision":"upheld"}}

            """
        let result = cli.run(["import", cli.file("lines.jsonl", lines)])
        #expect(result.status == 0, "\(result.standardError)")
        return cli
    }
}
