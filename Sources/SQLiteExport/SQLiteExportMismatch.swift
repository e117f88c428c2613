/// The SQLite file given to `SQLiteExporter.export` holds an export of another history: another
/// store's, or a copy of this one that has since diverged. This store's events are not added
/// after it (two organisations' events would be mixed in one file); nothing is written.
///
/// The file is the user's to change, not the machine's fault: the CLI exits 65 and says to
/// choose a new file.
public struct SQLiteExportMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The SQLite file.
    public let path: String
    /// What differs, for example "its event 3 is not this store's".
    public let reason: String

    /// One line: the file, what differs, and what to do.
    public var description: String {
        "\(path) was exported from another store (\(reason)); nothing was written: choose a new file to export this store into"
    }
}
