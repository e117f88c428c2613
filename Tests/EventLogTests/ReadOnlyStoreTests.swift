@testable import EventLog
import LMDB
import TestSupport
import Testing

/// A store opened with `Access.readOnly` writes nothing, not even what opening a store for
/// writing does to an older one.
@Suite("Stores opened read-only")
struct ReadOnlyStoreTests {
    static var readOnly: EventStore.Options {
        var options = EventStore.Options()
        options.access = .readOnly
        return options
    }

    @Test("a write to a store opened read-only is refused and writes nothing")
    func writeRefused() throws {
        let fixture = try StoreFixture()
        try fixture.store.append([StoreFixture.event(1)], to: "S-1", actor: "w")
        let store = try EventStore(openingAt: fixture.path, options: Self.readOnly)
        #expect(store.isReadOnly)
        #expect(throws: StoreError.readOnly(path: fixture.path)) {
            try store.append([StoreFixture.event(2)], to: "S-1", actor: "w")
        }
        #expect(try store.head().position == 1)
        #expect(try store.verify().isIntact)
    }

    @Test("a format 1 store opened read-only is read as format 2 in memory: the same answers, and its file as it was")
    func formatOneInMemory() throws {
        let directory = TemporaryDirectory()
        let fixture = String(#filePath.dropLast("ReadOnlyStoreTests.swift".count)) + "Fixtures/format-1-store.mdb.gz"
        let path = directory.appending("store")
        let unzip = ChildProcess.run("/bin/sh", ["-c", "mkdir -p '\(path)' && gzip -dc '\(fixture)' > '\(path)/data.mdb'"], scratch: directory)
        try #require(unzip.status == 0, "\(unzip.standardError)")
        let before = readFile(path + "/data.mdb")
        let store = try EventStore(openingAt: path, options: Self.readOnly)
        let report = try store.verify()
        #expect(report.isIntact, "\(report.outcome)")
        #expect("\(report.head.position) \(report.head.hash)" == "300 a740db5cf8f095df65d86d0254c0a1bb105525c9b28083c1daf1c2a8a523d8ef")
        #expect(try store.statistics().formatVersion == 1)
        #expect(try store.read { try expectEveryRecordFound(in: $0) } == 132)
        #expect(readFile(path + "/data.mdb") == before)
    }
}
