import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A store with a token and the built `caselog serve` on it, for running each command both
/// ways: locally (`--store`) and as a client (`--server` with `$CASELOG_TOKEN`).
final class ClientFixture {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    let store: String
    private(set) var token = ""
    private var server: ChildProcess?
    private(set) var url = ""

    init(store name: String = "store") {
        store = scratch.appending(name)
    }

    deinit {
        // SIGKILL: a child spawned from the test runner inherits its blocked signals.
        if let server, server.isRunning {
            server.kill()
            _ = server.wait()
        }
    }

    /// `caselog COMMAND --store STORE ARGS…`.
    func local(_ arguments: [String], input: String? = nil, store: String? = nil) -> ChildProcess.Result {
        ChildProcess.run(binary, [arguments[0], "--store", store ?? self.store] + arguments.dropFirst(), input: input, scratch: scratch)
    }

    /// `caselog COMMAND --server URL ARGS…` with `$CASELOG_TOKEN` (`token` when given).
    func remote(_ arguments: [String], input: String? = nil, token: String? = nil, url: String? = nil) -> ChildProcess.Result {
        ChildProcess.run(binary, [arguments[0], "--server", url ?? self.url] + arguments.dropFirst(), input: input,
                         environment: ["CASELOG_TOKEN": token ?? self.token], scratch: scratch)
    }

    /// `caselog init`, then `lines` imported (a generated history when nil), then a token.
    func prepare(lines: String? = nil) throws {
        try #require(local(["init"]).status == 0)
        let history = lines ?? ChildProcess.run(binary, ["generate", "--events", "2000", "--seed", "5"], scratch: scratch).standardOutput
        let file = scratch.appending("history-\(UInt32.random(in: 0...UInt32.max)).jsonl")
        writeFile(file, Array(history.utf8))
        let imported = local(["import", file, "--quiet"])
        try #require(imported.status == 0, "\(imported.standardError)")
        let created = local(["token", "create", "client.user"])
        try #require(created.status == 0, "\(created.standardError)")
        token = String(created.standardOutput.prefix { $0 != "\n" })
    }

    /// Starts `caselog serve` on the store and waits until it answers `/health`.
    func serve() throws {
        let port = ServeProcessTests.freePort()
        let child = ChildProcess(binary, ["serve", "--store", store, "--listen", "127.0.0.1:\(port)"], scratch: scratch)
        server = child
        url = "http://127.0.0.1:\(port)"
        let client = LoopbackClient(port: port)
        for _ in 0..<500 where client.send("GET", "/health")?.status != 200 {
            guard child.isRunning else { break }
            sleep(milliseconds: 20)
        }
        try #require(client.send("GET", "/health")?.status == 200, "the server did not start")
    }

    /// Runs `arguments` both ways and expects the same exit code, standard output (bytes) and
    /// standard error.
    func expectSame(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let here = local(arguments, input: input)
        let there = remote(arguments, input: input)
        let command = arguments.joined(separator: " ")
        #expect(here.status == there.status, "\(command): exit \(here.status) locally, \(there.status) through the server: \(there.standardError)",
                sourceLocation: sourceLocation)
        let (local, remote) = (here.standardOutput.prefix(1_500), there.standardOutput.prefix(1_500))
        #expect(here.standardOutputBytes == there.standardOutputBytes,
                "\(command): standard output differs:\n--- local\n\(local)\n--- server\n\(remote)", sourceLocation: sourceLocation)
        #expect(here.standardError == there.standardError, "\(command): standard error differs: \(here.standardError) / \(there.standardError)",
                sourceLocation: sourceLocation)
        #expect(here.status != 0 || !here.standardOutputBytes.isEmpty, "\(command) printed nothing", sourceLocation: sourceLocation)
    }

    /// The first reference in `text` that starts with `prefix` (as `CMP-`), else nil.
    static func firstReference(_ prefix: String, in text: String) -> String? {
        guard let start = text.firstRange(of: prefix) else { return nil }
        return String(text[start.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" })
    }
}
