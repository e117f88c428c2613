#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

/// A failure of SQLite: what was being done and SQLite's own message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's result code.
    public let code: Int32
    /// What failed and why, one line.
    public let message: String
    public var description: String { message }
}

/// One open SQLite database file, used by one thread. Closes when released.
final class SQLiteDatabase {
    private let handle: OpaquePointer

    /// Opens `path`, creating the file when it does not exist.
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened or is not a database.
    init(path: String) throws {
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard code == SQLITE_OK, let opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let opened { sqlite3_close(opened) }
            throw SQLiteError(code: code, message: "\(path): cannot open as SQLite: \(reason)")
        }
        handle = opened
        // The file holds what the store holds (without personal data, but about tenants still):
        // readable by its owner only, like the store.
        chmod(path, 0o600)
    }

    deinit { sqlite3_close(handle) }

    /// Runs `sql` (one or more statements without parameters).
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        guard code == SQLITE_OK else {
            let reason = error.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(error)
            throw SQLiteError(code: code, message: "SQLite: \(reason) (in: \(sql.prefix(80)))")
        }
    }

    /// A prepared statement for `sql`.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code, sql) }
        return SQLiteStatement(statement, database: self)
    }

    /// The error for `code` with SQLite's message.
    func failure(_ code: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: code, message: "SQLite: \(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(80)))")
    }

    /// The first column of the first row of `sql` as text; nil when there is no row or it is null.
    func text(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }
}

/// A prepared statement: bind, `step`, `reset`, again. Finalized when released.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase

    fileprivate init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLite copies bound text at once, so the caller's buffer may go.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds UTF-8 `bytes` as text to parameter `index` (from 1).
    func bind(_ index: Int32, bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
    }

    /// Binds `text` to parameter `index`, or null.
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bind(index, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Binds an integer, or null.
    func bind(_ index: Int32, _ value: Int64?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds a decimal.
    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }

    /// Runs the statement one step: true when it gave a row, false when done.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else { throw database.failure(code, String(cString: sqlite3_sql(handle))) }
        return false
    }

    /// Runs it to the end, then makes it ready to bind and run again.
    func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Column `index` (from 0) of the current row as text; nil for null.
    func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        return String(cString: pointer)
    }
}
