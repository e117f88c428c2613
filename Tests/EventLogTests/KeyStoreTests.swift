@testable import EventLog
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("AES-256-GCM")
struct AESGCMTests {
    let key = (0..<32).map { UInt8($0) }

    @Test("a sealed box opens with its key and data: nonce, cipher text and tag, a fresh nonce each time")
    func roundTrip() throws {
        let plain = Array("a note about a person".utf8)
        let box = try AESGCM.seal(plain, key: key, aad: Array("P-000001".utf8))
        #expect(box.count == plain.count + 28)
        #expect(firstIndex(of: plain, in: box) == nil)
        #expect(try AESGCM.open(box, key: key, aad: Array("P-000001".utf8)) == plain)
        let again = try AESGCM.seal(plain, key: key, aad: Array("P-000001".utf8))
        #expect(again.prefix(12) != box.prefix(12))
        #expect(try AESGCM.open(AESGCM.seal([UInt8](), key: key), key: key).isEmpty)
    }

    @Test("a box another implementation made by docs/FORMAT.md §10 (nonce, cipher text, tag) opens: Python's cryptography")
    func otherImplementation() throws {
        // AESGCM(bytes(range(32))).encrypt(nonce = bytes(range(0xA0, 0xAC)), bytes(range(0x40, 0x60)), b"P-000001"), after its nonce.
        let hex = "a0a1a2a3a4a5a6a7a8a9aaaba6593e6e018e44f82a2ccd984b378e9120fd0b43c6e2143bc4577cdd23f62b5e3327236f3488c3164e29144cb5c54dbb"
        let box = stride(from: 0, to: hex.count, by: 2).map { offset in
            UInt8(hex.dropFirst(offset).prefix(2), radix: 16)!
        }
        #expect(try AESGCM.open(box, key: key, aad: Array("P-000001".utf8)) == Array(0x40..<0x60))
    }

    @Test("a wrong key, other data, or any one bit flipped, is refused")
    func refused() throws {
        let box = try AESGCM.seal(Array("secret".utf8), key: key, aad: Array("P-1".utf8))
        var other = key
        other[0] ^= 1
        #expect(throws: AESGCM.Failure.authenticationFailed) { try AESGCM.open(box, key: other, aad: Array("P-1".utf8)) }
        #expect(throws: AESGCM.Failure.authenticationFailed) { try AESGCM.open(box, key: key, aad: Array("P-2".utf8)) }
        for index in box.indices {
            var flipped = box
            flipped[index] ^= 0x10
            #expect(throws: AESGCM.Failure.authenticationFailed) { try AESGCM.open(flipped, key: key, aad: Array("P-1".utf8)) }
        }
        #expect(throws: AESGCM.Failure.tooShort(27)) { try AESGCM.open(box.prefix(27), key: key) }
        #expect(throws: AESGCM.Failure.wrongKeyLength(16)) { try AESGCM.seal([1], key: key.prefix(16)) }
    }
}

@Suite("The master key file")
struct MasterKeyFileTests {
    @Test("it is two lines, mode 0600, and reads back as the same key")
    func form() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("master.key")
        let key = try MasterKey.generate()
        try key.write(to: path)
        #expect(permissions(of: path) == 0o600)
        let text = String(decoding: readFile(path) ?? [], as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[0] == "caselog-master-key 1" && lines[1].count == 44 && lines[2].isEmpty)
        #expect(try MasterKey.read(from: path).bytes == key.bytes)
    }

    @Test("an existing file, or a symbolic link, is never overwritten (O_EXCL)")
    func exclusive() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("master.key")
        writeFile(path, [1, 2, 3])
        #expect(throws: KeyStoreError.masterKeyExists(path: path)) { try MasterKey.generate().write(to: path) }
        #expect(readFile(path) == [1, 2, 3])
        let link = scratch.appending("link.key")
        symlink(scratch.appending("elsewhere"), link)
        #expect(throws: KeyStoreError.masterKeyExists(path: link)) { try MasterKey.generate().write(to: link) }
        #expect(readFile(scratch.appending("elsewhere")) == nil)
    }

    @Test("a file others may read, a missing file, or another form, is refused with what to do")
    func refused() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("master.key")
        #expect(throws: KeyStoreError.masterKeyMissing(path: path)) { try MasterKey.read(from: path) }
        try MasterKey.generate().write(to: path)
        chmod(path, 0o640)
        #expect(throws: KeyStoreError.masterKeyExposed(path: path, mode: UInt32(S_IFREG) | 0o640)) { try MasterKey.read(from: path) }
        #expect(KeyStoreError.masterKeyExposed(path: path, mode: 0o100640).description.contains("mode 640"))
        let good = readFile(path)!
        for (name, text) in [("header", Array("caselog-master-key 2\n".utf8) + good.dropFirst(21)),
                             ("short", Array(good.dropLast(3)) + [0x0A]),
                             ("extra", good + Array("more\n".utf8)),
                             ("no newline", Array(good.dropLast())),
                             ("not canonical", Array(good.prefix(21)) + Array(String(repeating: "A", count: 43).utf8) + Array("B\n".utf8))] {
            let bad = scratch.appending(name)
            writeFile(bad, text)
            chmod(bad, 0o600)
            #expect(throws: KeyStoreError.self, "\(name)") { try MasterKey.read(from: bad) }
            #expect(((try? MasterKey.read(from: bad)) == nil))
        }
    }
}

@Suite("The key store")
struct KeyStoreTests {
    let scratch = TemporaryDirectory()
    var path: String { scratch.appending("store.keys") }

    func made() throws -> (KeyStore, MasterKey) {
        let master = try MasterKey.generate()
        return (try KeyStore(path: path, master: master, createIfMissing: true), master)
    }

    /// The names of the files under `directory`, and their bytes.
    func files(under directory: String) -> [(String, [UInt8])] {
        (BackupDirectory.entries(of: directory) ?? []).flatMap { name -> [(String, [UInt8])] in
            let full = directory + "/" + name
            if permissions(of: full) != nil, BackupDirectory.entries(of: full) != nil { return files(under: full) }
            return [(full, readFile(full) ?? [])]
        }
    }

    @Test("keys are made once, found again, and kept across reopening; the directory 0700, its files 0600")
    func createAndReopen() throws {
        let (store, master) = try made()
        #expect(permissions(of: path) == 0o700)
        let made = try store.createKeys(for: ["P-000001", "SG-2025-000001"])
        #expect(made.count == 2 && made["P-000001"]?.bytes.count == 32)
        #expect(try store.createKeys(for: ["P-000001", "P-000002"])["P-000001"] == made["P-000001"])
        #expect(try store.count == 3)
        #expect(try store.key(for: "P-000009") == nil)
        let reopened = try KeyStore(path: path, master: master)
        #expect(try reopened.key(for: "SG-2025-000001") == made["SG-2025-000001"])
        #expect(try reopened.keys(for: ["P-000001", "P-000009"]).keys.sorted() == ["P-000001"])
        for (file, _) in files(under: path) { #expect(permissions(of: file) == 0o600, "\(file)") }
        #expect(throws: KeyStoreError.invalidName("")) { try store.createKeys(for: ["P-1", ""]) }
        #expect(try store.key(for: "P-1") == nil)
    }

    @Test("no key store, or another master key, is refused with a clear error")
    func refusedOpen() throws {
        #expect(throws: KeyStoreError.notFound(path: path)) { try KeyStore(path: path, master: MasterKey.generate()) }
        _ = try made()
        #expect(throws: KeyStoreError.wrongMasterKey(path: path)) { try KeyStore(path: path, master: MasterKey.generate()) }
    }

    @Test("a wrapped key copied under another name does not unwrap")
    func movedEntry() throws {
        let (store, master) = try made()
        try store.createKeys(for: ["P-000001"])
        try store.putWrapped(try #require(try store.wrapped(for: "P-000001")), for: "P-000002")
        let reopened = try KeyStore(path: path, master: master)
        #expect(throws: KeyStoreError.entryDamaged(name: "P-000002")) { try reopened.key(for: "P-000002") }
        #expect(try reopened.key(for: "P-000001") != nil)
    }

    @Test("after destroy, neither the key nor its wrapped bytes are in any file under the key store; the others remain")
    func destroyLeavesNothing() throws {
        let (store, master) = try made()
        let names = (1...300).map { "P-\(String(100_000 + $0).dropFirst())" }
        let keys = try store.createKeys(for: names)
        let doomed = ["P-00007", "P-00150", "P-00299"]
        let wrapped = try doomed.map { try #require(try store.wrapped(for: $0)) }
        for (name, box) in zip(doomed, wrapped) {
            #expect(files(under: path).contains { firstIndex(of: box, in: $0.1) != nil }, "\(name) was never stored as expected")
        }
        #expect(try store.destroy(doomed + ["P-99999"]) == 3)
        for (name, box) in zip(doomed, wrapped) {
            for (file, bytes) in files(under: path) {
                #expect(firstIndex(of: box, in: bytes) == nil, "\(name)'s wrapped key is in \(file)")
                #expect(firstIndex(of: keys[name]!.bytes, in: bytes) == nil, "\(name)'s key is in \(file)")
            }
        }
        #expect(try store.key(for: "P-00150") == nil)
        #expect(try store.count == 297)
        #expect(try KeyStore(path: path, master: master).key(for: "P-00151") == keys["P-00151"])
        #expect(BackupDirectory.entries(of: scratch.path) == ["store.keys"])
    }

    @Test("destroy is refused while another process (here another opening) has the store open; nothing is removed")
    func destroyInUse() throws {
        let (store, master) = try made()
        try store.createKeys(for: ["P-1"])
        let other = try KeyStore(path: path, master: master)
        #expect(throws: KeyStoreError.inUse(path: path)) { try store.destroy(["P-1"]) }
        #expect(try other.key(for: "P-1") != nil)
        withExtendedLifetime(other) {}
    }

    @Test("a backup opens with the master key and holds the same keys")
    func backup() throws {
        let (store, master) = try made()
        let keys = try store.createKeys(for: ["P-1", "C-1"])
        let target = scratch.appending("backup")
        try store.backup(to: target)
        #expect(permissions(of: target) == 0o700)
        let copy = try KeyStore(path: target, master: master)
        #expect(try copy.keys(for: ["P-1", "C-1"]) == keys)
        #expect(throws: KeyStoreError.wrongMasterKey(path: target)) { try KeyStore(path: target, master: MasterKey.generate()) }
    }

    @Test("after rotate-master the old master no longer opens the store, the new one does, with the same keys; no old-wrapped entry is left in a file")
    func rotate() throws {
        let (store, old) = try made()
        let keys = try store.createKeys(for: ["P-1", "P-2", "SG-2025-000001"])
        let oldWrapped = try keys.keys.map { try #require(try store.wrapped(for: $0)) }
        let new = try MasterKey.generate()
        try store.rotateMaster(to: new)
        for box in oldWrapped {
            for (file, bytes) in files(under: path) { #expect(firstIndex(of: box, in: bytes) == nil, "a key wrapped with the old master is in \(file)") }
        }
        #expect(try store.keys(for: Array(keys.keys)) == keys)
        #expect(throws: KeyStoreError.wrongMasterKey(path: path)) { try KeyStore(path: path, master: old) }
        #expect(try KeyStore(path: path, master: new).keys(for: Array(keys.keys)) == keys)
    }
}

@Suite("Sealing sections in bulk")
struct SectionSealerTests {
    @Test("the bulk sealer's sections open as the single-section path's do, each with its own key and place, never another's")
    func sameAsOneByOne() throws {
        let keys = try ["P-000001", "CMP-2025-000001", "SG-2025-000002"].map { ($0, DataKey(bytes: try AESGCM.randomBytes(32))) }
        let sealer = SectionSealer()
        var nonces: Set<[UInt8]> = []
        for position in UInt64(1)...300 {
            let (stream, key) = keys[Int(position) % keys.count]
            let clear: [UInt8] = [PersonalSectionView.plainEnvelope] + (0..<(16 + Int(position) % 90)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(position)) }
            let number = UInt64(Int(position) % keys.count)
            let context = try sealer.context(number) ?? sealer.makeContext(number, key: key)
            let sealed = try clear.withUnsafeBytes { try sealer.seal($0, context: context, position: position, stream: stream) }
            #expect(sealed.count == clear.count + 28 && sealed[0] == 2)
            nonces.insert(Array(sealed[1..<13]))
            let opened = sealed.withUnsafeBytes { PersonalSectionView.decrypt($0, key: key, position: position, stream: Array(stream.utf8)) }
            #expect(opened == clear)
            // Another place or another stream's key does not open it.
            #expect(sealed.withUnsafeBytes { PersonalSectionView.decrypt($0, key: key, position: position + 1, stream: Array(stream.utf8)) } == nil)
            let other = keys[(Int(position) + 1) % keys.count]
            #expect(sealed.withUnsafeBytes { PersonalSectionView.decrypt($0, key: other.1, position: position, stream: Array(other.0.utf8)) } == nil)
        }
        #expect(nonces.count == 300)
    }
}
