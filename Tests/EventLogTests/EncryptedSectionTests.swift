@testable import EventLog
import Codec
import LMDB
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Personal sections written with a key store: envelope 2 of docs/FORMAT.md §5.
@Suite("Encrypted personal sections")
struct EncryptedSectionTests {
    static let name = "Zebedee Quartermaine"
    static let address = "17 Wisteria Crescent, Upper Snodland"
    static let note = "Allergic to marmalade; speaks Cornish"
    static let values = [name, address, note]

    /// A scratch directory with a store at `store` and its key store beside it, at `store.keys`.
    struct Encrypted {
        let directory = TemporaryDirectory()
        let keys: KeyStore
        let store: EventStore
        var storePath: String { directory.appending("store") }

        init() throws {
            keys = try KeyStore(path: directory.appending("store.keys"), master: MasterKey.generate(), createIfMissing: true)
            store = try EventStore.create(at: directory.appending("store"), options: Self.options(keys)).store
        }

        static func options(_ keys: KeyStore?) -> EventStore.Options {
            var options = EventStore.Options()
            options.isDurable = false
            options.initialMapSize = 4 << 20
            options.keyStore = keys
            return options
        }
    }

    /// `{"name": …, "note": …, "address": …}` as deterministic CBOR (keys shorter first, then byte-wise).
    static func personalMap(_ name: String, _ note: String, _ address: String) -> [UInt8] {
        func text(_ value: String) -> [UInt8] {
            let bytes = Array(value.utf8)
            precondition(bytes.count < 256)
            return (bytes.count < 24 ? [0x60 + UInt8(bytes.count)] : [0x78, UInt8(bytes.count)]) + bytes
        }
        return [0xA3] + text("name") + text(name) + text("note") + text(note) + text("address") + text(address)
    }

    static func person(_ n: Int) -> ProposedEvent {
        var event = StoreFixture.event(n)
        event.personal = PersonalData(fields: personalMap(name, note, address))
        return event
    }

    /// Every regular file under `path`, recursively.
    static func files(under path: String) -> [String] {
        guard let dir = opendir(path) else { return [path] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            found += files(under: path + "/" + name)
        }
        return found
    }

    /// The † values found in any file under `path`, as UTF-8 or UTF-16LE.
    static func leakedValues(under path: String) -> [String] {
        let contents = files(under: path).compactMap { readFile($0) }
        #expect(!contents.isEmpty)
        return values.filter { value in
            let utf16 = value.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            return contents.contains { firstIndex(of: Array(value.utf8), in: $0) != nil || firstIndex(of: utf16, in: $0) != nil }
        }
    }

    @Test("with a key store, no † value is in any file of the store, the library reads them in clear, and verify passes")
    func nothingInClear() throws {
        let fixture = try Encrypted()
        try fixture.store.append([Self.person(1), StoreFixture.event(2), Self.person(3)], to: "P-000001", actor: "w")
        try fixture.store.append([Self.person(4)], to: "P-000002", actor: "w")
        #expect(Self.leakedValues(under: fixture.storePath) == [])
        #expect(!fixture.keys.path.hasPrefix(fixture.storePath + "/"))
        #expect(try fixture.keys.count == 2)
        try fixture.store.read { reader in
            for position in [UInt64(1), 3, 4] {
                let section = try #require(try reader.personalData(at: position))
                #expect(section.isWellFormed)
                #expect(section.envelope == 1)
                #expect(section.fields["name"]?.string == Self.name)
                #expect(section.fields["address"]?.string == Self.address)
                #expect(section.fields["note"]?.string == Self.note)
            }
        }
        let stored = try fixture.store.environment.read { txn in
            try txn.value(for: BigEndianKey(1), in: fixture.store.queries.databases.personal).map { Array($0) }
        }
        #expect(stored?.first == 2)
        let report = try fixture.store.verify()
        #expect(report.isIntact)
        #expect(report.sectionsWithoutKey == 0)
        #expect(report.erasedSections == 0)
        // Another handle without the key store sees no value, and says the sections have no key.
        let plain = try EventStore(openingAt: fixture.storePath, options: Encrypted.options(nil))
        try plain.read { reader in
            let section = try #require(try reader.personalData(at: 1))
            #expect(!section.isWellFormed)
            #expect(section.isEncryptedWithoutKey)
        }
        #expect(try plain.verify().sectionsWithoutKey == 3)
    }

    @Test("the writer reads its own encrypted sections back in clear before it commits")
    func readYourWrites() throws {
        let fixture = try Encrypted()
        let name = try fixture.store.write(actor: "w") { writer -> String? in
            try writer.append([Self.person(1)], to: "P-000001")
            return try writer.personalData(at: 1)?.fields["name"]?.string
        }
        #expect(name == Self.name)
        // Appending the same event again is confirmed as already appended: its stored section,
        // decrypted, is compared with the one given.
        let event = Self.person(2)
        try fixture.store.append([event], to: "P-000002", actor: "w")
        #expect(try fixture.store.append([event], to: "P-000002", actor: "w").wasAlreadyAppended)
    }

    @Test("a key a failed write left for a stream is used, never replaced, when a write opens the stream; a key made meanwhile for the same stream is a conflict")
    func orphanKeys() throws {
        let fixture = try Encrypted()
        let orphan = try #require(try fixture.keys.createKeys(for: ["P-000001"])["P-000001"])
        try fixture.store.append([Self.person(1)], to: "P-000001", actor: "w")
        let used = try #require(try fixture.keys.key(for: "P-000001"))
        #expect(used == orphan)
        #expect(try fixture.store.read { try $0.personalData(at: 1)?.fields["name"]?.string } == Self.name)
        #expect(try fixture.store.verify().isIntact)
        // A stream the log has and whose key was destroyed gets a new key; if another key
        // appeared for it meanwhile, nothing is written.
        try fixture.keys.destroy(["P-000001"])
        let head = try fixture.store.head()
        #expect(throws: KeyStoreError.keyExists(name: "P-000001")) {
            try fixture.store.write(actor: "w") { writer in
                try writer.append([Self.person(2)], to: "P-000001")
                try fixture.keys.insertKeys([("P-000001", DataKey(bytes: Array(repeating: 9, count: 32)))])
            }
        }
        #expect(try fixture.store.head() == head)
    }

    @Test("a key store is tied to the first store opened with it: another store is refused with it, a backup of the same store is not")
    func boundToItsStore() throws {
        let fixture = try Encrypted()
        try fixture.store.append([Self.person(1)], to: "P-000001", actor: "w")
        let other = fixture.directory.appending("other")
        #expect(throws: KeyStoreError.otherStore(path: fixture.keys.path)) {
            _ = try EventStore.create(at: other, options: Encrypted.options(fixture.keys))
        }
        let backup = fixture.directory.appending("backup")
        try fixture.store.backup(to: backup)
        let restored = try EventStore(openingAt: backup, options: Encrypted.options(fixture.keys))
        #expect(try restored.read { try $0.personalData(at: 1)?.fields["name"]?.string } == Self.name)
    }

    @Test("a section copied onto another record's position does not decrypt: reading it fails, verify reports it")
    func movedSection() throws {
        let fixture = try Encrypted()
        try fixture.store.append([Self.person(1), Self.person(2)], to: "P-000001", actor: "w")
        let personal = fixture.store.queries.databases.personal
        try fixture.store.environment.write { txn in
            let first = try #require(try txn.value(for: BigEndianKey(1), in: personal)).map { $0 }
            try txn.put(first, for: BigEndianKey(2), in: personal)
        }
        #expect(throws: StoreError.self) { try fixture.store.read { reader in _ = try reader.personalData(at: 2) } }
        let report = try fixture.store.verify()
        #expect(report.outcome == .broken(position: 2, reason: "its personal-data section does not decrypt with its stream's key: it was changed or moved"))
    }

    @Test("after the stream's key is destroyed its sections read as without key, and verify counts them and passes")
    func destroyedKey() throws {
        let fixture = try Encrypted()
        try fixture.store.append([Self.person(1)], to: "P-000001", actor: "w")
        try fixture.store.append([Self.person(2)], to: "P-000002", actor: "w")
        #expect(try fixture.keys.destroy(["P-000001"]) == 1)
        try fixture.store.read { reader in
            let gone = try #require(try reader.personalData(at: 1))
            #expect(!gone.isWellFormed)
            #expect(gone.isEncryptedWithoutKey)
            #expect(try reader.personalData(at: 2)?.fields["name"]?.string == Self.name)
        }
        let report = try fixture.store.verify()
        #expect(report.isIntact)
        #expect(report.sectionsWithoutKey == 1)
        #expect(report.erasedSections == 0)
        #expect(Self.leakedValues(under: fixture.storePath) == [])
    }

    @Test("without a key store, sections are written in clear (envelope 1) as before")
    func withoutKeyStore() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([Self.person(1)], to: "P-000001", actor: "w")
        let stored = try fixture.store.environment.read { txn in
            try txn.value(for: BigEndianKey(1), in: fixture.store.queries.databases.personal).map { Array($0) }
        }
        #expect(stored?.first == 1)
    }
}
