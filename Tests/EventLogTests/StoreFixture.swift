import EventLog
import TestSupport
import Testing
import Codec

/// A scratch store in a temporary directory, with helpers to make events.
struct StoreFixture {
    let directory = TemporaryDirectory()
    let store: EventStore
    var path: String { directory.appending("store") }

    init(initialMapSize: Int = 4 << 20, indexBatchSize: Int = EventStore.Options().indexBatchSize) throws {
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = initialMapSize
        options.indexBatchSize = indexBatchSize
        store = try EventStore.create(at: directory.appending("store"), options: options).store
    }

    /// Another handle on the same store, as a second process would open it.
    func reopened(indexBatchSize: Int = EventStore.Options().indexBatchSize) throws -> EventStore {
        var options = EventStore.Options()
        options.isDurable = false
        options.indexBatchSize = indexBatchSize
        return try EventStore(openingAt: path, options: options)
    }

    /// `{"n": n}` as deterministic CBOR (n < 24 fits the head byte; larger use one more byte).
    static func data(_ n: Int) -> [UInt8] {
        precondition((0..<65_536).contains(n), "fixture data holds a CBOR uint16 at most")
        switch n {
        case ..<24: return [0xA1, 0x61, 0x6E, UInt8(n)]
        case ..<256: return [0xA1, 0x61, 0x6E, 0x18, UInt8(n)]
        default: return [0xA1, 0x61, 0x6E, 0x19, UInt8(n >> 8), UInt8(n & 0xFF)]
        }
    }

    static func event(_ n: Int, type: String = "test.happened", id: EventID = .random(), at micros: Int64 = 1_700_000_000_000_000) -> ProposedEvent {
        ProposedEvent(id: id, type: type, occurredAt: Timestamp(microseconds: micros + Int64(n)), data: data(n))
    }
}

/// Checks that every record of `reader`'s snapshot is found by its id and in its stream, whose
/// versions run 1 to its head's; returns how many streams there are.
func expectEveryRecordFound(in reader: borrowing LogReader, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    var misplaced: [UInt64] = []
    try reader.scan { record in
        if try reader.position(of: record.eventID) != record.position { misplaced.append(record.position) }
    }
    #expect(misplaced.isEmpty, sourceLocation: sourceLocation)
    var streams = 0
    try reader.forEachStream { head in
        var versions: [UInt64] = []
        try reader.scanStream(head.name) { versions.append($0.version) }
        #expect(versions == Array(1...head.version), sourceLocation: sourceLocation)
        streams += 1
    }
    return streams
}
