import Casework
import EventLog
import Projections
import Codec

/// `caselog export --sqlite FILE`: the log as SQL tables for analysts (docs/ANALYSTS.md).
///
/// - `events`: one row per event (position, case, case type, type, occurred/recorded times,
///   London date, actor, data as JSON). Personal data is never in it: it lives in the record's
///   personal section, which the export does not read, and a field the catalogue has marked
///   personal since an older event was recorded is left out of its data (`PersonalFieldFilter`).
/// - `cases`: one row per case from the case summaries (state, stage, worker, subject, risk,
///   opened, closed, last activity, outcome).
/// - `projection_NAME`: each kept projection's table, caught up, replaced on every export.
/// - `caselog_export`: the last position exported, so that running it again adds only the
///   events after it and rewrites only the cases they touched.
///
/// Everything is written in one SQLite transaction with prepared statements.
public enum SQLiteExporter {
    /// What an export wrote.
    public struct Summary: Sendable {
        /// Events added.
        public var events = 0
        /// The first and last positions added; nil when none.
        public var positions: ClosedRange<UInt64>?
        /// Case rows written (new or changed cases).
        public var cases = 0
        /// The kept projections written, by table name.
        public var projections: [String] = []
    }

    /// Exports `store` into the SQLite file `path`, adding what is new since the last export
    /// into the same file.
    ///
    /// - Throws: `SQLiteExportMismatch` when the file holds another store's export (or a
    ///   history this store's has left), `SQLiteError` when it cannot be written; what the
    ///   store throws.
    public static func export(_ store: EventStore, to path: String, actor: String = "caselog") throws -> Summary {
        let database = try SQLiteDatabase(path: path)
        try database.execute(schema)
        let tables = try KeptProjections.tables(in: store, actor: actor)
        var summary = Summary()
        try database.execute("BEGIN IMMEDIATE")
        do {
            let last = UInt64(try database.text("SELECT value FROM caselog_export WHERE key = 'last_position'") ?? "0") ?? 0
            try store.read { reader in
                let head = try reader.head().position
                guard last <= head else {
                    throw SQLiteExportMismatch(path: path, reason: "it holds events up to position \(last), and this store ends at \(head)")
                }
                // The chain hash at the last position exported names the history the file holds:
                // a file exported from another store (or a restored copy that diverged) is refused
                // rather than given another organisation's events after its own.
                if last > 0 {
                    let stored = try database.text("SELECT value FROM caselog_export WHERE key = 'last_hash'")
                    let actual = try reader.record(at: last).flatMap { ChainHash(bytes: $0.hash)?.description }
                    if let stored, stored != actual {
                        throw SQLiteExportMismatch(path: path, reason: "its event \(last) is not this store's")
                    }
                }
                let streams = try exportEvents(from: last + 1, reader: reader, into: database, summary: &summary)
                try exportCases(last == 0 ? nil : streams, reader: reader, into: database, summary: &summary)
                try database.execute("INSERT OR REPLACE INTO caselog_export (key, value) VALUES ('last_position', '\(head)')")
                if let hash = try reader.record(at: head).flatMap({ ChainHash(bytes: $0.hash) }) {
                    try database.execute("INSERT OR REPLACE INTO caselog_export (key, value) VALUES ('last_hash', '\(hash)')")
                }
            }
            for table in tables { summary.projections.append(try exportProjection(table, into: database)) }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
        return summary
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS caselog_export (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            position INTEGER PRIMARY KEY, "case" TEXT NOT NULL, case_type TEXT, type TEXT NOT NULL,
            occurred_at TEXT NOT NULL, occurred_on TEXT NOT NULL, recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS events_by_case ON events ("case", position);
        CREATE INDEX IF NOT EXISTS events_by_type ON events (type, occurred_at);
        CREATE TABLE IF NOT EXISTS cases (
            reference TEXT PRIMARY KEY, case_type TEXT NOT NULL, state TEXT NOT NULL, stage INTEGER,
            worker TEXT, subject TEXT, risk_level TEXT, opened_at TEXT, closed_at TEXT,
            last_activity TEXT, outcome TEXT, version INTEGER NOT NULL);
        """

    /// Inserts the events from `start`; returns the streams they belong to.
    private static func exportEvents(from start: UInt64, reader: borrowing LogReader, into database: SQLiteDatabase,
                                     summary: inout Summary) throws -> Set<String> {
        let insert = try database.prepare("""
            INSERT INTO events (position, "case", case_type, type, occurred_at, occurred_on, recorded_at, actor, data)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        var streams: Set<String> = []
        var json = JSONWriter(capacity: 4096)
        var caseTypes: [String: String] = [:]
        var first: UInt64?, last: UInt64 = 0
        try reader.scan(from: start) { record in
            let stream = record.stream
            streams.insert(stream)
            insert.bind(1, Int64(record.position))
            insert.bind(2, stream)
            let prefix = String(stream.prefix { $0 != "-" })
            if caseTypes[prefix] == nil { caseTypes[prefix] = CaseReference(stream)?.caseType.rawValue ?? "" }
            insert.bind(3, caseTypes[prefix])
            insert.bind(4, bytes: record.typeBytes)
            insert.bind(5, record.occurredAt.iso8601)
            insert.bind(6, EuropeLondon.date(of: record.occurredAt).iso8601)
            insert.bind(7, record.recordedAt.iso8601)
            insert.bind(8, bytes: record.actorBytes)
            json.removeAll()
            // An older event may hold, in its data, a field the catalogue now marks personal.
            try PersonalFieldFilter.withNonPersonalData(of: record, in: reader) { try json.cbor($0.bytes) }
            json.bytes.withUnsafeBytes { insert.bind(9, bytes: $0) }
            try insert.run()
            first = first ?? record.position
            last = record.position
            summary.events += 1
        }
        if let first { summary.positions = first...last }
        return streams
    }

    /// Writes the case rows of `streams` (every case when nil) from the case summary view.
    private static func exportCases(_ streams: Set<String>?, reader: borrowing LogReader, into database: SQLiteDatabase,
                                    summary: inout Summary) throws {
        let upsert = try database.prepare("""
            INSERT OR REPLACE INTO cases (reference, case_type, state, stage, worker, subject, risk_level,
                opened_at, closed_at, last_activity, outcome, version)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        func write(_ file: CaseFile) throws {
            guard file.caseType.isCase else { return }
            upsert.bind(1, file.reference)
            upsert.bind(2, file.caseType.rawValue)
            upsert.bind(3, file.state.rawValue)
            upsert.bind(4, file.stage.map(Int64.init))
            upsert.bind(5, file.assignedTo)
            upsert.bind(6, file.subject)
            upsert.bind(7, file.riskLevel)
            upsert.bind(8, file.openedAt?.iso8601)
            upsert.bind(9, file.closedAt?.iso8601)
            upsert.bind(10, file.lastActivity?.iso8601)
            upsert.bind(11, file.outcome)
            upsert.bind(12, Int64(file.version))
            try upsert.run()
            summary.cases += 1
        }
        if let streams {
            for stream in streams.sorted() {
                if let file = try CaseSummaryView.view.fold(of: stream, in: reader) { try write(file) }
            }
        } else {
            try CaseSummaryView.view.forEachFold(in: reader) { _, file in try write(file) }
        }
    }

    /// Replaces the table `projection_NAME` (`-` as `_`) with `table`; returns its name.
    private static func exportProjection(_ table: ProjectionTable, into database: SQLiteDatabase) throws -> String {
        let name = "projection_" + table.name.replacing("-", with: "_")
        let columns = table.columns.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }
        try database.execute("DROP TABLE IF EXISTS \"\(name)\"; CREATE TABLE \"\(name)\" (\(columns.joined(separator: ", ")))")
        let parameters = table.columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        let insert = try database.prepare("INSERT INTO \"\(name)\" VALUES (\(parameters))")
        for row in table.rows {
            for (index, value) in row.enumerated() {
                let parameter = Int32(index + 1)
                switch value {
                case .null: insert.bind(parameter, nil as String?)
                case .bool(let flag): insert.bind(parameter, Int64(flag ? 1 : 0))
                case .integer(let number): insert.bind(parameter, number)
                case .number(let number):
                    if number == number.rounded(), abs(number) < 1e15 { insert.bind(parameter, Int64(number)) } else { insert.bind(parameter, number) }
                case .text, .list: insert.bind(parameter, value.description)
                }
            }
            try insert.run()
        }
        return name
    }
}
