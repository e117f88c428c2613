import EventLog
import Testing
import TestSupport

/// The blind index in the key store (docs/FORMAT.md §10): HMACs of normalised values, never the values.
@Suite("The key store's blind index")
struct BlindIndexTests {
    let scratch = TemporaryDirectory()

    func keyStore(_ master: MasterKey) throws -> KeyStore {
        try KeyStore(path: scratch.appending("keys"), master: master, createIfMissing: true)
    }

    static let changes: [BlindChange] = [
        .set(subject: "P-000001", criterion: "name", value: "philippa oyelaran whitcombe"),
        .set(subject: "P-000001", criterion: "dob", value: "1980-02-03"),
        .set(subject: "P-000002", criterion: "name", value: "philippa oyelaran whitcombe"),
        .set(subject: "P-000002", criterion: "dob", value: "1975-01-01"),
        .set(subject: "P-000003", criterion: "postcode", value: "1980-02-03"),
    ]

    @Test("terms match the subjects that have every one; a criterion never matches another's value; removal forgets a subject for good")
    func matches() throws {
        let keys = try keyStore(MasterKey.generate())
        #expect(try keys.blindIndexPosition() == 0)
        #expect(try keys.applyBlindChanges(Self.changes, after: 0, through: 7))
        #expect(try keys.blindIndexPosition() == 7)
        #expect(try !keys.applyBlindChanges([], after: 3, through: 9))   // another process moved it
        let name = BlindTerm("name", "philippa oyelaran whitcombe")
        #expect(try keys.blindMatches([name]) == ["P-000001", "P-000002"])
        #expect(try keys.blindMatches([name, BlindTerm("dob", "1980-02-03")]) == ["P-000001"])
        #expect(try keys.blindMatches([BlindTerm("dob", "1980-02-03")]) == ["P-000001"])   // not P-000003's postcode
        #expect(try keys.blindMatches(of: "P-000001", on: ["name"]) == ["P-000002"])
        #expect(try keys.blindMatches(of: "P-000001", on: ["name", "dob"]) == [])
        // A changed value replaces the old one.
        try keys.applyBlindChanges([.set(subject: "P-000002", criterion: "name", value: "pippa whitcombe")], after: 7, through: 8)
        #expect(try keys.blindMatches([name]) == ["P-000001"])
        try keys.removeBlindEntries(of: ["P-000001"])
        #expect(try keys.blindMatches([name]) == [])
        #expect(try keys.blindMatches([BlindTerm("dob", "1980-02-03")]) == [])
        try keys.applyBlindChanges([.set(subject: "P-000001", criterion: "name", value: "philippa oyelaran whitcombe")], after: 8, through: 9)
        #expect(try keys.blindMatches([name]) == [], "an erased subject is never indexed again")
    }

    @Test("the key store's files hold no indexed value, in clear or normalised; the index survives rotating the master key")
    func noClearText() throws {
        let keys = try keyStore(MasterKey.generate())
        try keys.applyBlindChanges(Self.changes, after: 0, through: 7)
        for file in ["data.mdb", "lock.mdb"] {
            let bytes = readFile(scratch.appending("keys/" + file)) ?? []
            for value in ["philippa oyelaran whitcombe", "whitcombe", "1980-02-03"] {
                #expect(firstIndex(of: Array(value.utf8), in: bytes) == nil, "\(value) in \(file)")
            }
        }
        let newMaster = try MasterKey.generate()
        try keys.rotateMaster(to: newMaster)
        // The index key was re-wrapped: the store, now opened with the new master only, still finds them.
        #expect(try keys.blindMatches([BlindTerm("name", "philippa oyelaran whitcombe")]) == ["P-000001", "P-000002"])
    }
}
