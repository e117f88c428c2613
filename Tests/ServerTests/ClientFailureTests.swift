import Dispatch
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// How the command line as a client fails: one line on standard error and the documented exit
/// code, never the token.
@Suite("caselog --server: failures")
struct ClientFailureTests {
    @Test("no token is 64, a token the server does not know 77, a server that is not there 75 naming its URL")
    func tokensAndReach() throws {
        let fixture = ClientFixture()
        try fixture.prepare(lines: ClientCommandTests.history)
        try fixture.serve()
        let missing = fixture.remote(["stats"], token: "")
        #expect(missing.status == 64 && missing.standardError.contains("set CASELOG_TOKEN to a token from `caselog token create NAME`"),
                "\(missing.standardError)")
        let wrong = fixture.remote(["case", "CMP-2025-000001"], token: "caselog_" + String(repeating: "0", count: 64))
        #expect(wrong.status == 77 && wrong.standardError.hasPrefix("caselog: ") && !wrong.standardError.contains("caselog_000"),
                "\(wrong.standardError)")
        let nowhere = "http://127.0.0.1:\(ServeProcessTests.freePort())"
        let unreachable = fixture.remote(["cases"], url: nowhere)
        #expect(unreachable.status == 75 && unreachable.standardError.contains("cannot reach the server at \(nowhere)"),
                "\(unreachable.standardError)")
        #expect(unreachable.standardError.split(separator: "\n").count == 1 && !unreachable.standardError.contains(fixture.token))
        let fromEnvironment = ChildProcess.run(fixture.binary, ["stats", "--format", "json"],
                                               environment: ["CASELOG_SERVER": fixture.url, "CASELOG_TOKEN": fixture.token],
                                               scratch: fixture.scratch)
        #expect(fromEnvironment.status == 0 && fromEnvironment.standardOutput.contains("\"events\""), "\(fromEnvironment.standardError)")
    }

    @Test("an https server is spoken to over TLS, and one whose certificate the system does not trust is refused: 75, naming it")
    func untrustedCertificate() throws {
        let fixture = ClientFixture()
        try fixture.prepare(lines: ClientCommandTests.history)
        let (key, certificate) = (fixture.scratch.appending("key.pem"), fixture.scratch.appending("cert.pem"))
        let made = ChildProcess.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                         "-days", "1", "-subj", "/CN=localhost"], scratch: fixture.scratch)
        try #require(made.status == 0, "openssl is needed to make a test certificate: \(made.standardError)")
        let port = ServeProcessTests.freePort()
        let server = ChildProcess(fixture.binary, ["serve", "--store", fixture.store, "--listen", "127.0.0.1:\(port)", "--tls-cert", certificate,
                                                   "--tls-key", key], scratch: fixture.scratch)
        defer {
            server.kill()
            _ = server.wait()
        }
        let url = "https://127.0.0.1:\(port)"
        var result = fixture.remote(["stats"], url: url)
        for _ in 0..<100 where result.standardError.contains("refused") {
            sleep(milliseconds: 50)
            result = fixture.remote(["stats"], url: url)
        }
        #expect(result.status == 75 && result.standardError.contains("cannot reach the server at \(url)"), "\(result.standardError)")
        #expect(result.standardError.lowercased().contains("certificate") && result.standardOutput.isEmpty, "\(result.standardError)")
    }

    @Test("a server address that is not http or https to a host and port, --step, --store, --on-behalf-of or --actor beside --server, and tail --where are usage errors (64)")
    func usage() {
        let fixture = ClientFixture()
        for url in ["ftp://host", "http://", "http://host:0", "http://host:99999", "http://host/v1", "http://user@host", "host:8080",
                    "http://ho st", "https://[::1", "http://host?x=1"] {
            let result = fixture.remote(["stats"], token: "caselog_x", url: url)
            #expect(result.status == 64 && result.standardError.contains("is not a server address"), "\(url): \(result.standardError)")
        }
        for url in ["http://cases.example.org", "http://10.0.0.5:8080", "http://[fe80::1]"] {
            let result = fixture.remote(["stats"], token: "caselog_x", url: url)
            #expect(result.status == 64 && result.standardError.contains("would send the token in clear"), "\(url): \(result.standardError)")
        }
        for arguments in [["replay", "SG-2025-000001", "--step"], ["stats", "--store", "elsewhere"], ["record", "--stdin", "--actor", "x"],
                          ["tail", "--type", "complaint.received", "--where", "channel=email"]] {
            let result = fixture.remote(arguments, token: "caselog_x", url: "http://127.0.0.1:9")
            #expect(result.status == 64 && result.standardError.split(separator: "\n").count == 1, "\(arguments): \(result.standardError)")
        }
        for option in ["--on-behalf-of", "--actor"] {
            let result = fixture.remote(["record", "--stdin", option, "x"], token: "caselog_x", url: "http://127.0.0.1:9")
            #expect(result.status == 64 && result.standardError == "caselog: \(option) is not sent to a server: "
                + "what you record there is recorded by the user of $CASELOG_TOKEN\n", "\(result.standardError)")
        }
    }

    @Test("a command that works on the store's own machine refuses --server and $CASELOG_SERVER with 64, naming itself")
    func localOnly() {
        let fixture = ClientFixture()
        for arguments in [["init"], ["backup", "copy"], ["demo"], ["token", "create", "x"], ["serve"], ["verify"], ["rebuild"],
                          ["config", "list"], ["calendar", "show"], ["project", "list"], ["export"], ["watch", "--exec", "true"]] {
            let result = fixture.remote(arguments, token: "caselog_x", url: "http://127.0.0.1:9")
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError == "caselog: caselog \(arguments[0]) works on the store's own machine: leave out --server\n",
                    "\(arguments): \(result.standardError)")
        }
        let environment = ChildProcess.run(fixture.binary, ["verify", "--store", fixture.store], environment: ["CASELOG_SERVER": "http://x"],
                                           scratch: fixture.scratch)
        #expect(environment.status == 64 && environment.standardError.contains("unset CASELOG_SERVER"), "\(environment.standardError)")
    }

    @Test("import refuses, before sending anything, a file over the server's 16 MiB or 10,000 events, naming it")
    func importLimits() {
        let fixture = ClientFixture()
        let line = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Big"}}"# + "\n"
        let large = fixture.scratch.appending("large.jsonl")
        writeFile(large, Array(String(repeating: line, count: (17 << 20) / line.utf8.count).utf8))
        let many = fixture.scratch.appending("many.jsonl")
        writeFile(many, Array(String(repeating: line, count: 10_001).utf8))
        for (file, words) in [(large, "is larger than 16 MiB"), (many, "holds 10001 events")] {
            let result = fixture.remote(["import", file], token: "caselog_x", url: "http://127.0.0.1:9")
            #expect(result.status == 64 && result.standardError.contains("\(file) \(words)"), "\(result.standardError)")
        }
    }

    @Test("an answer that is not caselog's is exit 75 naming the URL; a problem's detail is printed with its control characters shown")
    func hostileAnswers() throws {
        let garbage = try FakeServer(answer: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"head\":x")
        let fixture = ClientFixture()
        let result = fixture.remote(["tail"], token: "caselog_x", url: garbage.url)
        #expect(result.status == 75 && result.standardError.contains("the server at \(garbage.url) answered"), "\(result.standardError)")
        let body = #"{"type":"urn:caselog:problem:invalid","status":422,"detail":"bad \u001b[31mred\u0000 line","exitCode":65}"#
        let problem = try FakeServer(answer: "HTTP/1.1 422 Unprocessable Content\r\nContent-Type: application/problem+json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let refused = fixture.remote(["stats"], token: "caselog_x", url: problem.url)
        #expect(refused.status == 65, "\(refused.standardError)")
        #expect(refused.standardError.hasPrefix("caselog: bad ␛[31mred") && !refused.standardError.contains("\u{1B}"), "\(refused.standardError)")
        let outOfRange = try FakeServer(answer: "HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 29\r\n\r\n"
            + #"{"detail":"x","exitCode":300}"#)
        #expect(fixture.remote(["stats"], token: "caselog_x", url: outOfRange.url).status == 75)
    }
}

/// A loopback listener that gives every connection the same canned answer, then closes it.
final class FakeServer: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    var url: String { "http://127.0.0.1:\(port)" }

    init(answer: String) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound && listen(socket, 8) == 0)
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue.global().async { [socket] in
            while true {
                let connection = accept(socket, nil, nil)
                guard connection >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 65_536)
                var received: [UInt8] = []
                while firstIndex(of: Array("\r\n\r\n".utf8), in: received) == nil {
                    let count = read(connection, &buffer, buffer.count)
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                _ = Array(answer.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
        }
    }

    deinit {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }
}
