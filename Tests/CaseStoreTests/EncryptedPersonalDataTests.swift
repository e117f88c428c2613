import CaseStore
import Codec
import Casework
import EventLog
import Testing
import TestSupport

/// The front door with a key store: † fields stored encrypted (docs/FORMAT.md §5, envelope 2).
@Suite("† fields encrypted with a key store")
struct EncryptedPersonalDataTests {
    let scratch = TemporaryDirectory()
    static let monday = Timestamp(year: 2025, month: 3, day: 3, hour: 9)
    static let secrets = ["Philippa Oyelaran-Whitcombe", "Flat 9, Juniper Mews, Kettleby", "Black mould behind the wardrobe since June"]

    func newStore(_ keys: KeyStore?) throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = false
        options.keyStore = keys
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    /// The secrets found, as UTF-8 or UTF-16LE, in the store's files.
    func leaked() -> [String] {
        let files = ["data.mdb", "lock.mdb"].compactMap { readFile(scratch.appending("store/" + $0)) }
        #expect(!files.isEmpty)
        return Self.secrets.filter { secret in
            let utf16 = secret.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            return files.contains { firstIndex(of: Array(secret.utf8), in: $0) != nil || firstIndex(of: utf16, in: $0) != nil }
        }
    }

    func recordCase(in store: CaseStore) throws {
        let person = NewEvent(type: "subject.registered", occurredAt: Self.monday,
                              fields: ["kind": "person", "name": .text(Self.secrets[0]), "address": .text(Self.secrets[1])])
        let complaint = NewEvent(type: "complaint.received", occurredAt: Self.monday,
                                 fields: ["complainant": "P-000001", "channel": "email", "categories": ["damp-mould"],
                                          "summary": .text(Self.secrets[2])])
        _ = try store.record([person, complaint], actor: "a.khan")
    }

    @Test("no † value is in the store's files, the case reads them back, verify passes; after the key is destroyed they are gone")
    func encrypted() throws {
        let keys = try KeyStore(path: scratch.appending("store.keys"), master: MasterKey.generate(), createIfMissing: true)
        let store = try newStore(keys)
        try recordCase(in: store)
        #expect(leaked() == [])
        let asOf = CalendarDate(year: 2025, month: 3, day: 4)!
        let reading = try #require(try store.readCase("CMP-2025-000001", asOf: asOf))
        #expect(reading.timeline[0].dataText.contains(Self.secrets[2]))
        #expect(try store.log.verify().isIntact)
        #expect(try keys.destroy(["CMP-2025-000001"]) == 1)
        let after = try #require(try store.readCase("CMP-2025-000001", asOf: asOf))
        #expect(!after.timeline[0].dataText.contains(Self.secrets[2]))
        let report = try store.log.verify()
        #expect(report.isIntact)
        #expect(report.sectionsWithoutKey == 1)
    }

    @Test("without a key store the † values are in the store's files, in clear, as before")
    func clear() throws {
        let store = try newStore(nil)
        try recordCase(in: store)
        #expect(leaked() == Self.secrets)
    }
}
