import Casework
import EventLog
import Projections
import Testing
import TestSupport

/// A small store in a temporary directory for projection tests, written to the way
/// `caselog record --stdin` and `caselog import` write: event lines through `Importer`,
/// each call one write transaction.
struct ProjectionFixture {
    let scratch = TemporaryDirectory()
    let store: EventStore

    /// A new, empty store (not durable: these stores live for one test) that keeps the built-in
    /// views as every write of the command line does; `keepingViews: false` for a store written
    /// by a tool that does not (its views are then caught up when read).
    init(keepingViews: Bool = true) throws {
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = 16 << 20
        if keepingViews { options.followers = BuiltInViews.followers }
        store = try EventStore.create(at: scratch.appending("store"), options: options).store
    }

    /// Records `lines` (JSON Lines, one event each) in one write, which must succeed; returns
    /// each line's case, version and position.
    @discardableResult
    func record(_ lines: [String], actor: String = "test.worker", keepingRecordedTimes: Bool = false,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> [Importer.Recorded] {
        let text = lines.joined(separator: "\n") + "\n"
        do {
            guard keepingRecordedTimes else {
                return try Importer(store: store, actor: actor, lineIDs: .random).run(LineReader(bytes: Array(text.utf8))).results
            }
            // Times kept as the lines give them, as a generated history's are: typed events
            // straight to the recorder.
            var parser = EventLineParser()
            let events = try lines.map { line in
                try NewEvent(Array(line.utf8).withUnsafeBytes { try parser.parse($0) })
            }
            return try store.write(actor: actor) { writer in
                var recorder = Recorder()
                let recorded = try events.map { try recorder.record($0, in: &writer) }
                try recorder.finish(in: &writer)
                return recorded
            }
        } catch let failure as Importer.Failure {
            Issue.record("refused: \(failure)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// An event line: `data` is a JSON object.
    static func line(_ type: String, _ reference: String, _ data: String = "{}", at occurredAt: String,
                     recordedAt: String? = nil, id: String? = nil) -> String {
        var fields = ["\"type\":\"\(type)\"", "\"case\":\"\(reference)\"", "\"occurredAt\":\"\(occurredAt)\""]
        if let recordedAt { fields.append("\"recordedAt\":\"\(recordedAt)\"") }
        if let id { fields.append("\"id\":\"\(id)\"") }
        fields.append("\"data\":\(data)")
        return "{" + fields.joined(separator: ",") + "}"
    }
}
