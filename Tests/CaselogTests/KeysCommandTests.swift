import Foundation
import EventLog
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `caselog keys init|backup|rotate-master|status`: the master key file and the key store.
@Suite("The keys command")
struct KeysCommandTests {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    var store: String { scratch.appending("store") }
    var keyStore: String { scratch.appending("store.keys") }

    func keys(_ arguments: [String], master: String? = nil, environment: [String: String] = [:]) -> ChildProcess.Result {
        var environment = environment
        environment["CASELOG_STORE"] = store
        if let master { environment["CASELOG_MASTER_KEY_FILE"] = master }
        return ChildProcess.run(binary, ["keys"] + arguments, environment: environment, scratch: scratch)
    }

    /// A master key file made by `keys init`, and a key store beside the store with `names`' keys.
    func keyStoreWith(_ names: [String]) throws -> (master: String, keys: [String: DataKey]) {
        let master = scratch.appending("master.key")
        #expect(keys(["init", master]).status == 0)
        let made = try KeyStore(path: keyStore, master: MasterKey.read(from: master), createIfMissing: true).createKeys(for: names)
        return (master, made)
    }

    @Test("init makes the key store and a master key beside the store; the commands write † fields encrypted and read them back with it")
    func commandsUseTheKeyStore() throws {
        let name = "Ottoline Featherstonehaugh"
        let master = scratch.appending("elsewhere.key")
        let made = ChildProcess.run(binary, ["init"], environment: ["CASELOG_STORE": store, "CASELOG_MASTER_KEY_FILE": master], scratch: scratch)
        #expect(made.status == 0 && made.standardOutput.contains("move it off this machine"), "\(made.standardOutput) \(made.standardError)")
        #expect(access(store + ".master-key", F_OK) != 0, "the named file is used, none is made beside the store")
        let line = #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"\#(name)"}}"#
        let withKeys = ["CASELOG_STORE": store, "CASELOG_MASTER_KEY_FILE": master]
        let recorded = ChildProcess.run(binary, ["record", "--stdin"], input: line + "\n", environment: withKeys, scratch: scratch)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(firstIndex(of: Array(name.utf8), in: readFile(store + "/data.mdb") ?? []) == nil)
        #expect(try KeyStore(path: keyStore, master: MasterKey.read(from: master)).key(for: "P-000001") != nil)
        let exported = ChildProcess.run(binary, ["export"], environment: withKeys, scratch: scratch)
        #expect(exported.status == 0 && exported.standardOutput.contains(name), "\(exported.standardError)")
        // Without the master key file named, the section cannot be read, and nothing crashes.
        let without = ChildProcess.run(binary, ["export"], environment: ["CASELOG_STORE": store], scratch: scratch)
        #expect(without.status == 0 && !without.standardOutput.contains(name), "\(without.standardError)")
        // Nor is a † field written without it: never in clear into a store that encrypts.
        let before = ChildProcess.run(binary, ["verify", "--digest"], environment: withKeys, scratch: scratch).standardOutput
        let refused = ChildProcess.run(binary, ["record", "--stdin"], input: line + "\n", environment: ["CASELOG_STORE": store], scratch: scratch)
        #expect(refused.status == 64 && refused.standardError.contains("CASELOG_MASTER_KEY_FILE"), "\(refused.standardError)")
        #expect(ChildProcess.run(binary, ["verify", "--digest"], environment: withKeys, scratch: scratch).standardOutput == before)
        let verified = ChildProcess.run(binary, ["verify"], environment: withKeys, scratch: scratch)
        #expect(verified.status == 0 && !verified.standardOutput.contains("without a key"), "\(verified.standardError)")
        let unkeyed = ChildProcess.run(binary, ["verify"], environment: ["CASELOG_STORE": store], scratch: scratch)
        #expect(unkeyed.status == 0 && unkeyed.standardOutput.contains("1 personal section is encrypted without a key here"),
                "\(unkeyed.standardOutput) \(unkeyed.standardError)")
    }

    @Test("keys init writes a 0600 master key file and says where to keep it; it never overwrites one (73)")
    func initialise() {
        let master = scratch.appending("master.key")
        let made = keys(["init", master])
        #expect(made.status == 0, "\(made.standardError)")
        #expect(made.standardOutput.contains("CASELOG_MASTER_KEY_FILE=\(master)") && made.standardOutput.contains("off this machine"))
        #expect(permissions(of: master) == 0o600)
        let before = readFile(master)
        let again = keys(["init", master])
        #expect(again.status == 73)
        #expect(again.standardError.contains("exists already"))
        #expect(readFile(master) == before)
        #expect(keys(["init", scratch.appending("missing/master.key")]).status == 73)
    }

    @Test("every keys command refuses --server and $CASELOG_SERVER (64)")
    func refusesServer() {
        for arguments in [["init", scratch.appending("m")], ["backup", scratch.appending("b")], ["rotate-master", scratch.appending("n")], ["status"]] {
            let result = keys(arguments + ["--server", "http://127.0.0.1:9"])
            #expect(result.status == 64, "\(arguments)")
            #expect(result.standardError.contains("works on the store's own machine"), "\(arguments)")
            #expect(keys(arguments, environment: ["CASELOG_SERVER": "http://127.0.0.1:9"]).status == 64, "\(arguments)")
        }
        #expect(permissions(of: scratch.appending("m")) == nil)
    }

    @Test("status names the key store, its count and the master key file, and never a key")
    func status() throws {
        let (master, made) = try keyStoreWith(["P-000001", "SG-2025-000001"])
        let result = keys(["status"], master: master)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "key store: \(keyStore)\nkeys: 2\nmaster key file: \(master)\n")
        let encoded = String(decoding: readFile(master) ?? [], as: UTF8.self).split(separator: "\n")[1]
        #expect(!result.standardOutput.contains(encoded))
        #expect(made.count == 2)
        let elsewhere = keys(["status"], master: master, environment: ["CASELOG_KEYS": scratch.appending("none")])
        #expect(elsewhere.status == 66 && elsewhere.standardError.contains("no key store at \(scratch.appending("none"))"))
    }

    @Test("a master key file unnamed (64), missing (66), readable by others (77), malformed (65) or another (77) is refused")
    func refusedMasterKey() throws {
        let (master, _) = try keyStoreWith(["P-1"])
        let unnamed = keys(["status"])
        #expect(unnamed.status == 64 && unnamed.standardError.contains("CASELOG_MASTER_KEY_FILE"))
        let missing = keys(["status"], master: scratch.appending("gone.key"))
        #expect(missing.status == 66 && missing.standardError.contains("caselog keys init"))
        chmod(master, 0o644)
        let exposed = keys(["status"], master: master)
        #expect(exposed.status == 77 && exposed.standardError.contains("chmod 600"))
        chmod(master, 0o600)
        let malformed = scratch.appending("bad.key")
        writeFile(malformed, Array("hello\n".utf8))
        chmod(malformed, 0o600)
        #expect(keys(["status"], master: malformed).status == 65)
        let other = scratch.appending("other.key")
        #expect(keys(["init", other]).status == 0)
        let wrong = keys(["status"], master: other)
        #expect(wrong.status == 77 && wrong.standardError.contains("does not open the key store"))
    }

    @Test("keys backup writes a copy that opens with the master key and holds the same keys")
    func backup() throws {
        let (master, made) = try keyStoreWith(["P-1", "C-1"])
        let target = scratch.appending("keys-backup")
        let result = keys(["backup", target], master: master)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("backed up 2 keys to \(target)"))
        #expect(try KeyStore(path: target, master: MasterKey.read(from: master)).keys(for: ["P-1", "C-1"]) == made)
        #expect(keys(["backup", target], master: master).status == 73)
    }

    @Test("keys rotate-master: the new file opens the store with the same keys, the old one no longer does")
    func rotate() throws {
        let (master, made) = try keyStoreWith(["P-1", "P-2"])
        let new = scratch.appending("new.key")
        let result = keys(["rotate-master", new], master: master)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("re-wrapped 2 keys"))
        #expect(permissions(of: new) == 0o600)
        #expect(keys(["status"], master: master).status == 77)
        #expect(try KeyStore(path: keyStore, master: MasterKey.read(from: new)).keys(for: ["P-1", "P-2"]) == made)
        let refused = keys(["rotate-master", new], master: new)
        #expect(refused.status == 73)
    }

    @Test("docs/FORMAT.md §10's Python, run as written, unwraps the data key caselog made")
    func outsideReader() throws {
        guard ChildProcess.run("/usr/bin/python3", ["-c", "import lmdb, cryptography"], scratch: scratch).status == 0 else {
            Issue.record("python3-lmdb and python3-cryptography are needed to check FORMAT.md §10")
            return
        }
        let (master, made) = try keyStoreWith(["SG-2025-000001"])
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let document = String(decoding: readFile(path + "/docs/FORMAT.md") ?? [], as: UTF8.self)
        let section = try #require(document.range(of: "## 10. The key store and the master key").map { document[$0.upperBound...] })
        let code = try #require(section.components(separatedBy: "```python\n").dropFirst().first?.components(separatedBy: "```").first)
        let script = "KEYFILE, KEYSTORE, STREAM = \"\(master)\", \"\(keyStore)\", \"SG-2025-000001\"\n" + code + "print(data_key.hex())\n"
        let result = ChildProcess.run("/usr/bin/python3", ["-c", script], scratch: scratch)
        #expect(result.status == 0, "\(result.standardError)")
        let expected = made["SG-2025-000001"]!.bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(result.standardOutput == expected + "\n")
    }
}
