import Testing
import TestSupport

/// Runs the built `caselog` binary against a store in a temporary directory.
struct CLIFixture {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    var store: String { scratch.appending("store") }

    /// Runs `caselog --store STORE ARGS…` (the store option is added after the subcommand).
    func run(_ arguments: [String], input: String? = nil, store: String? = nil, actor: String = "test.worker") -> ChildProcess.Result {
        ChildProcess.run(binary, withStore(arguments, store: store ?? self.store, actor: actor), input: input, scratch: scratch)
    }

    /// Starts `caselog` without waiting for it.
    func start(_ arguments: [String], inputPath: String? = nil, store: String? = nil) -> ChildProcess {
        ChildProcess(binary, withStore(arguments, store: store ?? self.store, actor: "test.worker"), inputPath: inputPath, scratch: scratch)
    }

    private func withStore(_ arguments: [String], store: String, actor: String) -> [String] {
        guard let command = arguments.first, !command.hasPrefix("-") else { return arguments }
        if command == "generate" { return arguments }
        return [command, "--store", store, "--actor", actor] + arguments.dropFirst()
    }

    /// Creates the store, failing the test if it cannot.
    func initialise(store: String? = nil) {
        let result = run(["init"], store: store)
        #expect(result.status == 0, "init failed: \(result.standardError)")
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
