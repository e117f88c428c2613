import CaseStore
import EventLog
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `caselog serve` as a child process: what needs a process (its options' refusals,
/// another command beside it, SIGTERM).
@Suite("caselog serve, the process")
struct ServeProcessTests {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    var store: String { scratch.appending("store") }

    func caselog(_ arguments: [String]) -> ChildProcess.Result {
        ChildProcess.run(binary, [arguments[0], "--store", store] + arguments.dropFirst(), scratch: scratch)
    }

    /// Starts `caselog serve` on a free loopback port and waits until it answers /health.
    func serve(_ extra: [String] = []) throws -> (ChildProcess, LoopbackClient) {
        let port = Self.freePort()
        let child = ChildProcess(binary, ["serve", "--store", store, "--listen", "127.0.0.1:\(port)"] + extra, scratch: scratch)
        let client = LoopbackClient(port: port)
        for _ in 0..<500 where client.send("GET", "/health")?.status != 200 {
            guard child.isRunning else { break }
            sleep(milliseconds: 20)
        }
        try #require(client.send("GET", "/health")?.status == 200, "the server did not start")
        return (child, client)
    }

    /// A port nothing listens on now (asked of the system, then closed).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length)
                return getsockname(socket, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("serve refuses an address beyond loopback without TLS or --behind-proxy, and half of TLS: exit 64, one line")
    func loopbackRule() {
        #expect(caselog(["init"]).status == 0)
        for arguments in [["--listen", "0.0.0.0:0"], ["--listen", "192.0.2.1:8080"], ["--listen", "127.0.0.1:0", "--tls-cert", "x.pem"],
                          ["--listen", "nonsense"]] {
            let result = caselog(["serve"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(caselog(["serve", "--listen", "0.0.0.0:0"]).standardError.contains("refusing to listen on 0.0.0.0 without TLS"))
    }

    @Test("with --tls-cert and --tls-key it speaks HTTPS, beyond loopback allowed; a TLS file it cannot read is exit 66")
    func tls() throws {
        #expect(caselog(["init"]).status == 0)
        let (key, certificate) = (scratch.appending("key.pem"), scratch.appending("cert.pem"))
        let made = ChildProcess.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                         "-days", "1", "-subj", "/CN=localhost"], scratch: scratch)
        try #require(made.status == 0, "openssl is needed to make a test certificate: \(made.standardError)")
        let missing = caselog(["serve", "--listen", "127.0.0.1:0", "--tls-cert", scratch.appending("none.pem"), "--tls-key", key])
        #expect(missing.status == 66 && missing.standardError.contains("cannot read --tls-cert"), "\(missing.standardError)")
        let token = caselog(["token", "create", "t.ls"]).standardOutput.trimmingNewline
        let port = Self.freePort()
        let child = ChildProcess(binary, ["serve", "--store", store, "--listen", "127.0.0.1:\(port)", "--tls-cert", certificate,
                                          "--tls-key", key], scratch: scratch)
        defer { if child.isRunning { child.kill() } }
        var answer = ""
        for _ in 0..<200 where !answer.contains("\"events\":2") {
            sleep(milliseconds: 25)
            answer = ChildProcess.run("/usr/bin/curl", ["-sk", "-H", "Authorization: Bearer \(token)", "https://127.0.0.1:\(port)/v1/stats"],
                                      scratch: scratch).standardOutput
        }
        #expect(answer.contains("\"events\":2"), "\(answer)")
        child.kill(SIGTERM)
        let result = try #require(child.wait(atMostSeconds: 20))
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("listening on https://127.0.0.1:\(port)"))
    }

    @Test("a token made by `caselog token create` while the server runs is accepted, and refused once revoked; SIGTERM exits 0")
    func tokenWhileRunning() throws {
        #expect(caselog(["init"]).status == 0)
        let (child, client) = try serve()
        defer { if child.isRunning { child.kill() } }
        let created = caselog(["token", "create", "b.new", "--expires-in-days", "2"])
        #expect(created.status == 0)
        let token = created.standardOutput.trimmingNewline
        #expect(!created.standardError.contains(token))
        let bearer = ["Authorization": "Bearer \(token)"]
        let posted = client.send("POST", "/v1/events", headers: bearer,
                                 body: #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Ann"}}"#)
        #expect(posted?.status == 201, "\(posted?.body ?? "")")
        #expect(client.send("GET", "/v1/stats", headers: bearer)?.status == 200)
        let listed = caselog(["token", "list"]).standardOutput
        #expect(listed.contains("b.new") && listed.contains("live") && !listed.contains(token))
        #expect(caselog(["token", "revoke", "b.new"]).status == 0)
        #expect(client.send("GET", "/v1/stats", headers: bearer)?.status == 401)
        #expect(caselog(["token", "revoke", "b.new"]).status == 66)
        child.kill(SIGTERM)
        let result = try #require(child.wait(atMostSeconds: 20))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("listening on http://127.0.0.1:\(client.port)"))
        #expect(result.standardError.contains("actor=b.new") && result.standardError.contains("route=/v1/events"))
        #expect(!result.standardError.contains(token) && !result.standardError.contains("Ann"), "no token or † field in the log")
        let actor = try CaseStore(openingAt: store).log.read { try $0.record(at: 3)?.actor }
        #expect(actor == "b.new")
    }

    @Test("erase while the server runs is refused (75) and changes nothing; after it, the server shows the subject's fields as erased")
    func eraseBesideTheServer() throws {
        #expect(caselog(["init"]).status == 0)
        let lines = """
            {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Quillon Vexmoor"}}
            {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Xylocarpous mould"}}

            """
        #expect(ChildProcess.run(binary, ["record", "--store", store, "--stdin"], input: lines, scratch: scratch).status == 0)
        let token = caselog(["token", "create", "a.khan"]).standardOutput.trimmingNewline
        let bearer = ["Authorization": "Bearer \(token)"]
        do {
            let (child, client) = try serve()
            defer { if child.isRunning { child.kill() } }
            let before = client.send("GET", "/v1/cases/CMP-2025-000001?include-personal=true", headers: bearer)
            #expect(before?.status == 200 && before?.body.contains("Xylocarpous mould") == true, "\(before?.body ?? "")")
            let refused = caselog(["erase", "P-000001", "--reason", "request"])
            #expect(refused.status == 75 && refused.standardError.contains("caselog serve"), "\(refused.standardError)")
            #expect(client.send("GET", "/v1/cases/CMP-2025-000001?include-personal=true", headers: bearer)?.body.contains("Xylocarpous mould") == true)
            child.kill(SIGTERM)
            _ = child.wait(atMostSeconds: 20)
        }
        let erased = caselog(["erase", "P-000001", "--reason", "request"])
        #expect(erased.status == 0, "\(erased.standardError)")
        let (child, client) = try serve()
        defer { if child.isRunning { child.kill() } }
        for path in ["/v1/cases/CMP-2025-000001?include-personal=true", "/v1/cases/P-000001?include-personal=true"] {
            let after = client.send("GET", path, headers: bearer)
            #expect(after?.status == 200 && after?.body.contains(#""personalFields":"erased""#) == true, "\(path) \(after?.body ?? "")")
            #expect(after?.body.contains("Xylocarpous") == false && after?.body.contains("Quillon") == false)
        }
        let replay = client.send("GET", "/v1/replay/CMP-2025-000001?include-personal=true", headers: bearer)
        #expect(replay?.status == 200 && replay?.body.contains("erased") == true && replay?.body.contains("Xylocarpous") == false,
                "\(replay?.body ?? "")")
    }

    @Test("--log-level warning leaves out the line per request; a level it does not know is exit 64")
    func logLevel() throws {
        #expect(caselog(["init"]).status == 0)
        let token = caselog(["token", "create", "a.khan"]).standardOutput.trimmingNewline
        let (child, client) = try serve(["--log-level", "warning"])
        defer { if child.isRunning { child.kill() } }
        #expect(client.send("GET", "/v1/stats", headers: ["Authorization": "Bearer \(token)"])?.status == 200)
        child.kill(SIGTERM)
        let result = try #require(child.wait(atMostSeconds: 20))
        #expect(result.status == 0 && !result.standardError.contains("route="), "\(result.standardError)")
        let refused = ChildProcess.run(binary, ["serve", "--store", store, "--log-level", "chatty"], scratch: scratch)
        #expect(refused.status == 64)
    }

    @Test("SIGTERM while many clients post: every request answered 201 has its event in the store, none half-written")
    func sigtermUnderLoad() throws {
        #expect(caselog(["init"]).status == 0)
        let token = caselog(["token", "create", "load.user"]).standardOutput.trimmingNewline
        let (child, client) = try serve()
        defer { if child.isRunning { child.kill() } }
        let answered = Mutex<[Int]>([])
        let signalled = Mutex(false)
        onThreads(9) { index in
            if index == 8 {
                sleep(milliseconds: 400)
                child.kill(SIGTERM)
                signalled.withLock { $0 = true }
                return
            }
            for _ in 0..<2_000 {
                guard let answer = client.send("POST", "/v1/events", headers: ["Authorization": "Bearer \(token)"],
                                               body: #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Load"}}"#)
                else { break }
                if answer.status == 201, let position = Self.position(in: answer.body) { answered.withLock { $0.append(position) } }
                if signalled.withLock({ $0 }) && answer.status != 201 { break }
            }
        }
        let result = try #require(child.wait(atMostSeconds: 30))
        #expect(result.status == 0, "\(result.standardError.suffix(2_000))")
        let positions = answered.withLock { $0 }
        #expect(positions.count > 10, "\(positions.count) answered")
        #expect(Set(positions).count == positions.count)
        #expect(caselog(["verify"]).status == 0)
        let reopened = try CaseStore(openingAt: store)
        let (subjects, atAnswered) = try reopened.log.read { reader in
            var subjects = 0
            try reader.scan { if $0.type == "subject.registered" { subjects += 1 } }
            let atAnswered = try positions.filter { try reader.record(at: UInt64($0))?.actor == "load.user" }.count
            return (subjects, atAnswered)
        }
        #expect(atAnswered == positions.count)
        #expect(subjects == positions.count, "\(subjects) events in the store, \(positions.count) answered 201")
    }

    static func position(in body: String) -> Int? {
        guard let range = body.range(of: #""position":"#) else { return nil }
        return Int(body[range.upperBound...].prefix { $0.isNumber })
    }
}

extension String {
    fileprivate var trimmingNewline: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
