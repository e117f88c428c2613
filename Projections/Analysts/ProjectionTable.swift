import Casework
import EventLog
import Codec

/// What a projection gives: named columns (the group-by columns, then the measures) and one row
/// per group, sorted by the group's values.
public struct ProjectionTable: Sendable, Equatable {
    /// The projection's name.
    public let name: String
    /// Its title.
    public let title: String
    /// The column names.
    public let columns: [String]
    /// The rows, each aligned with `columns`.
    public let rows: [[ProjectionValue]]
    /// The settings and calendar its deadlines were worked out with (DOMAIN.md §10), as
    /// `project run` and `project show` name them; empty where nobody reads them.
    public var settings: [SettingInForce] = []

    /// A table.
    public init(name: String, title: String, columns: [String], rows: [[ProjectionValue]]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// The value in the row whose leading (group-by) values are `key`, under `column`; nil when
    /// there is no such row or column. For tests and spot checks.
    public func value(_ column: String, where key: [ProjectionValue]) -> ProjectionValue? {
        guard let index = columns.firstIndex(of: column),
              let row = rows.first(where: { Array($0.prefix(key.count)) == key })
        else { return nil }
        return row[index]
    }
}

/// How `caselog project run` and `show` print a table.
public enum ProjectionFormat: String, Sendable, CaseIterable {
    /// Aligned columns, numbers to the right.
    case table
    /// RFC 4180 CSV with a header row (data only: the table and JSON name the settings used);
    /// text that a spreadsheet would take for a formula is prefixed with `'`.
    case csv
    /// `{"projection", "title", "columns", "rows": [{column: value}], "settings": [{name, value, source}]}`.
    case json

    /// `table` as text, ending with a newline.
    public func render(_ table: ProjectionTable) -> String {
        switch self {
        case .table: Self.aligned(table)
        case .csv: Self.csv(table)
        case .json: Self.json(table)
        }
    }

    /// Every cell on one line, its control characters shown (`TextEscaping.visible`).
    private static func aligned(_ table: ProjectionTable) -> String {
        let cells = ([table.columns] + table.rows.map { $0.map(\.description) }).map { $0.map { TextEscaping.visible($0) } }
        let widths = table.columns.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        let numeric = table.columns.indices.map { column in
            table.rows.allSatisfy { $0[column].double != nil || $0[column] == .null }
        }
        var text = TextEscaping.visible(table.title) + "\n"
        for (rowIndex, row) in cells.enumerated() {
            let line = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numeric[column] && rowIndex > 0 ? padding + cell : cell + padding
            }
            text += line.joined(separator: "  ").trailingSpacesRemoved + "\n"
        }
        if table.rows.isEmpty { text += "(no rows)\n" }
        if !table.settings.isEmpty {
            text += "worked out with: " + table.settings.map { TextEscaping.visible($0.description) }.joined(separator: "; ") + "\n"
        }
        return text
    }

    private static func csv(_ table: ProjectionTable) -> String {
        CSV.line(table.columns) + table.rows.map { row in CSV.line(row.map(\.description)) }.joined()
    }

    private static func json(_ table: ProjectionTable) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("projection"); json.string(table.name)
        json.key("title"); json.string(table.title)
        json.key("columns"); json.beginArray()
        for column in table.columns { json.string(column) }
        json.endArray()
        json.key("rows"); json.beginArray()
        for row in table.rows {
            json.beginObject()
            for (column, value) in zip(table.columns, row) {
                json.key(column)
                write(value, into: &json)
            }
            json.endObject()
        }
        json.endArray()
        json.key("settings")
        SettingInForce.writeJSON(table.settings, into: &json)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    /// Writes `value` as JSON: null, a Boolean, a number, a string or an array of strings.
    static func write(_ value: ProjectionValue, into json: inout JSONWriter) {
        switch value {
        case .null: json.null()
        case .bool(let flag): json.bool(flag)
        case .integer(let number): json.integer(number)
        case .number(let number):
            let rounded = (number * 100).rounded() / 100
            if rounded == rounded.rounded(), abs(rounded) < 1e15 { json.integer(Int64(rounded)) } else { json.double(rounded) }
        case .text(let text): json.string(text)
        case .list(let texts):
            json.beginArray()
            for text in texts { json.string(text) }
            json.endArray()
        }
    }
}

extension String {
    /// The text without trailing spaces.
    var trailingSpacesRemoved: String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
