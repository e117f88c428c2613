import CaseStore
import EventLog
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `caselog erase` (DOMAIN.md §8, §13 "Keys"; issue 23): what a subject's erasure destroys,
/// what it leaves, and what it refuses.
@Suite("Erasing a subject")
struct EraseCommandTests {
    /// Values that appear nowhere else, each about one of two people.
    static let first = ["Quillon Vexmoor", "7 Zephyrine Walk, LS29 9LJ", "07700 900461", "Xylocarpous mould in the nursery",
                        "Quillon rang about the Zephyrine flat"]
    static let second = ["Brannoch Ulver", "Ulver hoards in the hallway"]

    static let lines = """
        {"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"\(first[0])","dateOfBirth":"1980-02-03","address":"\(first[1])","phone":"\(first[2])"}}
        {"type":"subject.registered","case":"P-000002","occurredAt":"2025-03-01T09:05:00Z","data":{"kind":"person","name":"\(second[0])"}}
        {"type":"complaint.received","case":"CMP-2025-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"\(first[3])"}}
        {"type":"case.note-added","case":"CMP-2025-000001","occurredAt":"2025-03-04T09:00:00Z","data":{"text":"\(first[4])"}}
        {"type":"safeguarding.concern-raised","case":"SG-2025-000001","occurredAt":"2025-03-05T09:00:00Z","data":{"subject":"P-000002","categories":["self-neglect"],"immediateRisk":false,"description":"\(second[1])"}}

        """

    func fixture() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let imported = cli.run(["import", cli.file("lines.jsonl", Self.lines)])
        #expect(imported.status == 0, "\(imported.standardError)")
        return cli
    }

    /// The values of `values` found in any file under `directory`, as UTF-8, UTF-16LE or UTF-16BE bytes.
    static func found(_ values: [String], under directory: String) -> [String] {
        var hits: [String] = []
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        for file in files {
            guard let bytes = readFile(directory + "/" + file) else { continue }
            for value in values {
                let forms = [Array(value.utf8), value.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                             value.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }]
                if forms.contains(where: { firstIndex(of: $0, in: bytes) != nil }) { hits.append("\(value) in \(file)") }
            }
        }
        return hits
    }

    @Test("no † value is in the store, its key store or a log backup; subject access has them; after erase verify passes, outputs say erased, an old backup yields nothing")
    func erasesAndLeavesTheChain() throws {
        let cli = fixture()
        let keys = cli.store + ".keys"
        let everything = Self.first + Self.second
        #expect(Self.found(everything, under: cli.store).isEmpty)
        #expect(Self.found(everything, under: keys).isEmpty)
        let backup = cli.scratch.appending("backup-before")
        #expect(cli.run(["backup", backup]).status == 0)
        #expect(Self.found(everything, under: backup).isEmpty)

        let access = cli.run(["subject-access", "P-000001", "--format", "json"])
        #expect(access.status == 0, "\(access.standardError)")
        for value in Self.first { #expect(access.standardOutput.contains(value), "\(value)") }

        let keyBackup = cli.scratch.appending("keys-before")
        #expect(cli.run(["keys", "backup", keyBackup]).status == 0)
        let foundBefore = cli.run(["find", "name=quillon  VEXMOOR", "--format", "json"])
        #expect(foundBefore.status == 0 && foundBefore.standardOutput.contains("P-000001"), "\(foundBefore.standardOutput) \(foundBefore.standardError)")

        let erased = cli.run(["erase", "P-000001", "--reason", "request", "--request-ref", "DSAR-2026-7"])
        #expect(erased.status == 0, "\(erased.standardError)")
        #expect(erased.standardOutput.contains("erased P-000001: 3 personal sections on P-000001 and 1 case (CMP-2025-000001); 2 data keys destroyed"),
                "\(erased.standardOutput)")
        for value in everything { #expect(!erased.standardOutput.contains(value) && !erased.standardError.contains(value)) }

        // The records and the chain as they were, one event further on.
        let verified = cli.run(["verify"])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("3 personal sections are erased, each by a subject.erased"), "\(verified.standardOutput)")
        let event = cli.run(["case", "P-000001", "--format", "json"])
        #expect(event.standardOutput.contains(#""type":"subject.erased""#) && event.standardOutput.contains(#""requestRef":"DSAR-2026-7""#),
                "\(event.standardOutput)")
        #expect(event.standardOutput.contains(#""personalFields":"erased""#))

        // Every output shows "erased", and none of the first person's values; the second's stay.
        let replay = cli.run(["replay", "CMP-2025-000001", "--include-personal"])
        #expect(replay.status == 0 && replay.standardOutput.contains("erased"), "\(replay.standardOutput)")
        let exported = cli.run(["export"])
        #expect(exported.standardOutput.contains(#""personalErased":true"#))
        let chronology = cli.run(["chronology", "P-000001", "--include-personal"])
        for output in [replay.standardOutput, exported.standardOutput, chronology.standardOutput, event.standardOutput] {
            for value in Self.first { #expect(!output.contains(value), "\(value)") }
        }
        #expect(exported.standardOutput.contains(Self.second[0]) && exported.standardOutput.contains(Self.second[1]))
        #expect(Self.found(Self.first, under: cli.store).isEmpty && Self.found(Self.first, under: keys).isEmpty)

        let foundAfter = cli.run(["find", "name=Quillon Vexmoor", "--format", "json"])
        #expect(foundAfter.status == 0 && !foundAfter.standardOutput.contains("P-000001"), "\(foundAfter.standardOutput)")
        #expect(cli.run(["find", "postcode=LS29 9LJ"]).standardOutput.contains("P-000001") == false)

        // The backup taken before, read with today's key store: the first person's keys are gone.
        let old = ChildProcess.run(cli.binary, ["export", "--store", backup],
                                   environment: ["CASELOG_KEYS": keys, "CASELOG_MASTER_KEY_FILE": cli.store + ".master-key"], scratch: cli.scratch)
        #expect(old.status == 0, "\(old.standardError)")
        for value in Self.first { #expect(!old.standardOutput.contains(value), "\(value)") }
        #expect(old.standardOutput.contains(Self.second[0]))

        // The key store lost and restored from the backup taken before the erasure: restoring
        // destroys the erased person's keys again; the other person's are there.
        #expect(rename(keys, keys + "-lost") == 0)
        let restored = cli.run(["keys", "restore", keyBackup])
        #expect(restored.status == 0 && restored.standardOutput.contains("destroyed again 2 of its 4 keys"), "\(restored.standardOutput) \(restored.standardError)")
        let afterRestore = cli.run(["export"]).standardOutput
        for value in Self.first { #expect(!afterRestore.contains(value), "\(value)") }
        #expect(afterRestore.contains(Self.second[0]))
        #expect(cli.run(["keys", "restore", keyBackup]).status == 73)

        // Again: nothing left, nothing recorded.
        let digest = cli.digest()
        let again = cli.run(["erase", "P-000001", "--reason", "request"])
        #expect(again.status == 0 && again.standardOutput.contains("was erased already"), "\(again.standardOutput)")
        #expect(cli.digest() == digest)
    }

    @Test("subject.erased is recorded by erase only (65); no such subject 66; a store in clear 64; the key store in use 75; none writes")
    func refusals() throws {
        let cli = fixture()
        let before = cli.digest()
        let manual = cli.run(["record", "subject.erased", "--case", "P-000001", "reason=request"])
        #expect(manual.status == 65 && manual.standardError.contains("caselog erase"), "\(manual.standardError)")
        let missing = cli.run(["erase", "P-000099", "--reason", "request"])
        #expect(missing.status == 66, "\(missing.standardError)")
        let notSubject = cli.run(["erase", "CMP-2025-000001", "--reason", "request"])
        #expect(notSubject.status == 66, "\(notSubject.standardError)")
        let sentence = cli.run(["erase", "P-000001", "--reason", "request", "--request-ref", "DSAR for Quillon Vexmoor"])
        #expect(sentence.status == 64 && sentence.standardError.contains("--request-ref"), "\(sentence.standardError)")
        let badReason = cli.run(["erase", "P-000001", "--reason", "because"])
        #expect(badReason.status == 64, "\(badReason.standardError)")
        let server = cli.run(["erase", "P-000001", "--reason", "request", "--server", "http://127.0.0.1:9"])
        #expect(server.status == 64, "\(server.standardError)")
        // Another process holds the key store (as `caselog serve` does).
        let held = try KeyStore(path: cli.store + ".keys", master: MasterKey.read(from: cli.store + ".master-key"))
        let busy = cli.run(["erase", "P-000001", "--reason", "request"])
        #expect(busy.status == 75 && busy.standardError.contains("caselog serve"), "\(busy.standardError)")
        #expect(try held.key(for: "P-000001") != nil)
        #expect(cli.digest() == before)

        // A key removed from the key store other than by erase is a deletion verify reports.
        try held.destroy(["SG-2025-000001"])
        let verified = cli.run(["verify"])
        #expect(verified.status == 74 && verified.standardError.contains("data key is missing"), "\(verified.standardError)")

        // A store made without a key store keeps † fields in clear: erasing needs it encrypted first.
        let clear = cli.scratch.appending("clear")
        _ = try CaseStore.create(at: clear)
        let refused = cli.run(["erase", "P-000001", "--reason", "request"], store: clear)
        #expect(refused.status == 64 && refused.standardError.contains("keys encrypt"), "\(refused.standardError)")
    }
}

/// `caselog keys encrypt`: a store made before encryption, encrypted in place (issue 23, item 1).
@Suite("Encrypting a store in place")
struct EncryptCommandTests {
    @Test("a store in clear is encrypted in place: the same head, no † value left in any file, read back with the key store; then it can erase")
    func encryptsInPlace() throws {
        let cli = CLIFixture()
        _ = try CaseStore.create(at: cli.store)   // a store of format 2, as caselog made them before
        #expect(cli.run(["import", cli.file("lines.jsonl", EraseCommandTests.lines)]).status == 0)
        let values = EraseCommandTests.first + EraseCommandTests.second
        #expect(!EraseCommandTests.found(values, under: cli.store).isEmpty, "the store held them in clear")
        let before = cli.digest()

        // Not while another process has the store open.
        do {
            let open = try EventStore(openingAt: cli.store)
            let busy = cli.run(["keys", "encrypt"])
            #expect(busy.status == 75 && busy.standardError.contains("open in another process"), "\(busy.standardError)")
            #expect(try open.statistics().formatVersion == 2)
            #expect(access(cli.store + ".keys", F_OK) != 0 && access(cli.store + ".master-key", F_OK) != 0, "a refused run made keys")
        }

        let encrypted = cli.run(["keys", "encrypt"])
        #expect(encrypted.status == 0, "\(encrypted.standardError)")
        #expect(encrypted.standardOutput.contains("encrypted 5 of 5 personal sections"), "\(encrypted.standardOutput)")
        #expect(encrypted.standardOutput.contains("move it off this machine"))
        #expect(cli.digest() == before)
        #expect(EraseCommandTests.found(values, under: cli.store).isEmpty, "\(EraseCommandTests.found(values, under: cli.store))")
        #expect(cli.run(["stats", "--format", "json"]).standardOutput.contains(#""formatVersion":3"#))
        let read = cli.run(["case", "P-000001", "--format", "json"])
        #expect(read.standardOutput.contains(EraseCommandTests.first[0]), "\(read.standardOutput)")
        // Again: nothing left in clear; the head still the same.
        let again = cli.run(["keys", "encrypt"])
        #expect(again.status == 0 && again.standardOutput.contains("encrypted 0 of 5"), "\(again.standardOutput)")
        #expect(cli.run(["verify"]).status == 0)
        #expect(cli.run(["erase", "P-000002", "--reason", "request"]).status == 0)
        #expect(!cli.run(["export"]).standardOutput.contains(EraseCommandTests.second[0]))
    }
}

/// The key store and `init`: never another store's keys, never a key store lost.
@Suite("Key stores and their stores")
struct KeyStoreBindingTests {
    @Test("init refuses a key store that holds keys (73) and leaves it as it was; a store opened with another store's key store is refused (77)")
    func oneKeyStorePerStore() throws {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["import", cli.file("lines.jsonl", EraseCommandTests.lines)]).status == 0)
        let keys = cli.store + ".keys"
        let master = cli.store + ".master-key"
        let second = cli.scratch.appending("second")
        let shared = ["CASELOG_KEYS": keys, "CASELOG_MASTER_KEY_FILE": master]
        let refused = ChildProcess.run(cli.binary, ["init", "--store", second], environment: shared, scratch: cli.scratch)
        #expect(refused.status == 73 && refused.standardError.contains("holds 4 keys already"), "\(refused.standardError)")
        #expect(access(second + "/data.mdb", F_OK) != 0)
        // Where the store cannot be made at all (its parent is a file), the key store stays too.
        let file = cli.file("a-file", "x")
        let failed = ChildProcess.run(cli.binary, ["init", "--store", file + "/store"], environment: shared, scratch: cli.scratch)
        #expect(failed.status != 0)
        #expect(cli.run(["case", "P-000001", "--format", "json"]).standardOutput.contains(EraseCommandTests.first[0]))

        // A second store with its own key store, read with the first's: refused, nothing shown.
        #expect(cli.run(["init"], store: second).status == 0)
        #expect(cli.run(["import", cli.file("two.jsonl", EraseCommandTests.lines)], store: second).status == 0)
        let crossed = ChildProcess.run(cli.binary, ["case", "P-000001", "--store", second], environment: shared, scratch: cli.scratch)
        #expect(crossed.status == 77 && crossed.standardError.contains("another store"), "\(crossed.standardError)")
    }

    @Test("erase refuses while sections of the subject are still in clear (an encryption not finished): 64, nothing written")
    func clearSectionsFirst() throws {
        guard CLIFixture.hasPythonLMDB() else { return }
        let cli = CLIFixture()
        _ = try CaseStore.create(at: cli.store)
        #expect(cli.run(["import", cli.file("lines.jsonl", EraseCommandTests.lines)]).status == 0)
        #expect(cli.run(["keys", "encrypt"]).status == 0)
        // As if an earlier encryption had stopped after raising the format: a section in clear again.
        let revert = """
            import lmdb, sys
            env = lmdb.open(sys.argv[1], max_dbs=64, subdir=True)
            personal = env.open_db(b"personal", create=False)
            events = env.open_db(b"events", create=False)
            with env.begin(write=True) as txn:
                txn.put((1).to_bytes(8, "big"), b"\\x01" + bytes(16) + b"\\xa0", db=personal)
            """
        #expect(ChildProcess.run("/usr/bin/python3", ["-c", revert, cli.store], scratch: cli.scratch).status == 0)
        let before = cli.run(["export", "--without-personal"]).standardOutput
        let refused = cli.run(["erase", "P-000001", "--reason", "request"])
        #expect(refused.status == 64 && refused.standardError.contains("keys encrypt"), "\(refused.standardError)")
        #expect(cli.run(["export", "--without-personal"]).standardOutput == before)
    }
}
