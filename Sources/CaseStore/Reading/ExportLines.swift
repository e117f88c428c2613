import Casework
import Codec
import EventLog
import SQLiteExport

extension CaseStore {
    /// Writes the log from position `from` (through `through`) as event lines (docs/FORMAT.md §7), in chunks of
    /// about 256 KiB handed to `write`: with each record's personal section unless
    /// `includingPersonal` is false (the lines then cannot restore a store).
    ///
    /// Cost: one read of the log in one snapshot; memory is one chunk.
    public func exportLines(from: UInt64 = 1, through: UInt64 = .max, includingPersonal: Bool = true,
                            write: ([UInt8]) throws -> Void) throws {
        var json = JSONWriter(capacity: 1 << 20)
        try log.read { reader in
            try reader.scan(from: from, through: through) { record in
                if includingPersonal {
                    let personal = record.hasPersonalData ? try reader.personalData(at: record.position) : nil
                    try EventLineWriter.write(record, personal: personal, into: &json)
                } else {
                    try PersonalFieldFilter.withNonPersonalData(of: record, in: reader) { data in
                        try EventLineWriter.write(record, personal: nil, data: data, into: &json)
                    }
                }
                json.bytes.append(0x0A)
                if json.bytes.count >= 256 << 10 {
                    try write(json.bytes)
                    json.removeAll()
                }
            }
        }
        try write(json.bytes)
    }
}

extension CaseStore {
    /// Writes (or brings up to date) the SQLite file at `path` for analysts (docs/ANALYSTS.md):
    /// every event without personal data, the cases, and each kept projection's table; saves
    /// the kept projections' states as `actor` when the store is open to write.
    ///
    /// - Throws: `SQLiteError` when the file cannot be written, `SQLiteExportMismatch` when it
    ///   was written from another store, `ProjectionSpecError` for a kept spec that no longer reads.
    public func exportSQLite(to path: String, actor: String) throws -> SQLiteExporter.Summary {
        try SQLiteExporter.export(log, to: path, actor: actor)
    }
}
