import EventLog
import Testing
import TestSupport

@Suite("Reading")
struct ReadTests {
    func populated() throws -> StoreFixture {
        let fixture = try StoreFixture()
        try fixture.store.write(actor: "x") { writer in
            for n in 1...30 { try writer.append(StoreFixture.event(n), to: n % 3 == 0 ? "A" : "B") }
        }
        return fixture
    }

    @Test("scanning from a position yields every later record in order")
    func scanFrom() throws {
        let fixture = try populated()
        let positions = try fixture.store.read { reader in
            var seen: [UInt64] = []
            try reader.scan(from: 25) { seen.append($0.position) }
            return seen
        }
        #expect(positions == Array(25...30))
    }

    @Test("scanning a range stops at its end")
    func scanRange() throws {
        let fixture = try populated()
        let count = try fixture.store.read { reader in
            var count = 0
            try reader.scan(from: 3, through: 7) { _ in count += 1 }
            return count
        }
        #expect(count == 5)
    }

    @Test("reading a stream yields its events in version order, from a version")
    func readStream() throws {
        let fixture = try populated()
        let (versions, positions) = try fixture.store.read { reader in
            var versions: [UInt64] = []
            var positions: [UInt64] = []
            try reader.scanStream("A", fromVersion: 8) {
                versions.append($0.version)
                positions.append($0.position)
            }
            return (versions, positions)
        }
        #expect(versions == [8, 9, 10])
        #expect(positions == [24, 27, 30])
    }

    @Test("reading a stream that does not exist yields nothing")
    func missingStream() throws {
        let fixture = try populated()
        let count = try fixture.store.read { reader in
            var count = 0
            try reader.scanStream("nobody") { _ in count += 1 }
            return count
        }
        #expect(count == 0)
    }

    @Test("an event id finds its position")
    func positionOfID() throws {
        let fixture = try StoreFixture()
        let id = EventID.random()
        try fixture.store.append([StoreFixture.event(1), StoreFixture.event(2, id: id)], to: "S", actor: "x")
        #expect(try fixture.store.read { try $0.position(of: id) } == 2)
    }

    @Test("statistics count events, streams and personal sections")
    func statistics() throws {
        let fixture = try populated()
        var event = StoreFixture.event(1)
        event.personal = PersonalData(fields: [0xA0])
        try fixture.store.append([event], to: "P", actor: "x")
        let stats = try fixture.store.statistics()
        #expect(stats.events == 31)
        #expect(stats.streams == 3)
        #expect(stats.personalSections == 1)
        #expect(stats.head.position == 31)
        #expect(stats.formatVersion == 2)
        #expect(stats.fileSize > 0)
        #expect(stats.mapSize >= stats.usedSize)
    }

    @Test("a checkpoint saved is read back, and an unsaved one is nil")
    func checkpoints() throws {
        let fixture = try populated()
        try fixture.store.saveCheckpoint(17, named: "caseload")
        #expect(try fixture.store.checkpoint(named: "caseload") == 17)
        #expect(try fixture.store.checkpoint(named: "other") == nil)
    }

    @Test("a subscription catches up from a checkpoint, then receives events appended later")
    func subscription() async throws {
        let fixture = try populated()
        let store = fixture.store
        let received = Task {
            var positions: [UInt64] = []
            for try await record in store.subscribe(after: 27, pollInterval: .milliseconds(5), batchSize: 2) {
                positions.append(record.position)
                if positions.count == 5 { break }
            }
            return positions
        }
        try await Task.sleep(for: .milliseconds(30))
        try store.append([StoreFixture.event(31), StoreFixture.event(32)], to: "A", actor: "x")
        #expect(try await received.value == [28, 29, 30, 31, 32])
    }

    @Test("a subscription ends when its task is cancelled")
    func subscriptionCancelled() async throws {
        let fixture = try populated()
        let store = fixture.store
        let task = Task {
            var count = 0
            for try await _ in store.subscribe(after: 0, pollInterval: .milliseconds(5)) { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(try await task.value == 30)
    }

    @Test("a backup is a complete copy with the same head, and refuses a directory that is not empty")
    func backup() throws {
        let fixture = try populated()
        let target = fixture.directory.appending("backup")
        let head = try fixture.store.backup(to: target)
        #expect(head == (try fixture.store.head()))
        let copy = try EventStore(openingAt: target)
        #expect(try copy.verify().isIntact)
        #expect(try copy.statistics().streams == 2)
        #expect(permissions(of: target) == 0o700)
        #expect(throws: StoreError.self) { try fixture.store.backup(to: target) }
    }

    @Test("opening a directory with no store fails with notFound")
    func openMissing() throws {
        let directory = TemporaryDirectory()
        #expect(throws: StoreError.notFound(path: directory.appending("x"))) {
            try EventStore(openingAt: directory.appending("x"))
        }
    }

    @Test("creating a store where one exists opens it and says it was not created")
    func createExisting() throws {
        let fixture = try populated()
        let (store, created) = try EventStore.create(at: fixture.path)
        #expect(created == false)
        #expect(try store.head().position == 30)
    }

    @Test("creating a store in a directory that holds other files is refused")
    func createInNonEmptyDirectory() throws {
        let directory = TemporaryDirectory()
        writeFile(directory.appending("notes.txt"), Array("hello".utf8))
        #expect(throws: StoreError.self) { try EventStore.create(at: directory.path) }
    }

    @Test("the map grows while appending far beyond its initial size")
    func growth() throws {
        let fixture = try StoreFixture(initialMapSize: 256 << 10)
        for batch in 0..<10 {
            try fixture.store.write(actor: "x") { writer in
                for n in 0..<500 { try writer.append(StoreFixture.event(n % 20), to: "S\(batch)") }
            }
        }
        #expect(try fixture.store.statistics().mapSize > 256 << 10)
        #expect(try fixture.store.verify().isIntact)
    }
}
