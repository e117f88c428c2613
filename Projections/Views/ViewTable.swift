import Casework
import EventLog
import Codec

/// What a current view shows: named columns and rows of cells, and a few summary lines,
/// so that one renderer gives every view as a table, JSON or CSV.
public struct ViewTable: Sendable, Equatable {
    /// One value in a row.
    public enum Cell: Sendable, Equatable, CustomStringConvertible {
        case text(String)
        case integer(Int)
        case date(CalendarDate)
        case flag(Bool)
        /// Nothing to show (JSON `null`, an empty CSV field, "—" in a table).
        case none

        /// The cell as a table or CSV shows it.
        public var description: String {
            switch self {
            case .text(let text): text
            case .integer(let value): String(value)
            case .date(let date): date.iso8601
            case .flag(let value): value ? "yes" : "no"
            case .none: ""
            }
        }
    }

    /// A column: its JSON key and CSV header (`key`), and its heading in a table.
    public struct Column: Sendable, Equatable {
        public let key: String
        public let heading: String

        public init(_ key: String, _ heading: String) {
            self.key = key
            self.heading = heading
        }
    }

    /// The view's name, as `caselog view` takes it.
    public let view: String
    /// The date the view was worked out as of.
    public let asOf: CalendarDate
    public let columns: [Column]
    public internal(set) var rows: [[Cell]] = []
    /// Figures about the whole view, by name (e.g. open concerns per risk level), in order.
    public internal(set) var summary: [(key: String, value: Int)] = []
    /// The settings its deadlines were worked out with (DOMAIN.md §10).
    public internal(set) var settings: [SettingInForce] = []

    public static func == (lhs: ViewTable, rhs: ViewTable) -> Bool {
        lhs.view == rhs.view && lhs.asOf == rhs.asOf && lhs.columns == rhs.columns && lhs.rows == rhs.rows
            && lhs.summary.map(\.key) == rhs.summary.map(\.key) && lhs.summary.map(\.value) == rhs.summary.map(\.value)
            && lhs.settings == rhs.settings
    }

    /// The cells of column `key`, one per row.
    public func column(_ key: String) -> [Cell] {
        guard let index = columns.firstIndex(where: { $0.key == key }) else { return [] }
        return rows.map { $0[index] }
    }

    /// `{"view", "asOf", "summary": {…}, "rows": [{column: value, …}, …], "settings": [{name, value, source}, …]}`.
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 128 + rows.count * columns.count * 24)
        json.beginObject()
        json.key("view"); json.string(view)
        json.key("asOf"); json.string(asOf.iso8601)
        json.key("summary")
        json.beginObject()
        for (key, value) in summary { json.key(key); json.integer(Int64(value)) }
        json.endObject()
        json.key("rows")
        json.beginArray()
        for row in rows {
            json.beginObject()
            for (column, cell) in zip(columns, row) {
                json.key(column.key)
                switch cell {
                case .text(let text): json.string(text)
                case .integer(let value): json.integer(Int64(value))
                case .date(let date): json.string(date.iso8601)
                case .flag(let value): json.bool(value)
                case .none: json.null()
                }
            }
            json.endObject()
        }
        json.endArray()
        json.key("settings")
        SettingInForce.writeJSON(settings, into: &json)
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    /// CSV (`CSV`): a header of the column keys, then one line per row (data only: the table,
    /// JSON and Markdown forms name the settings used).
    public func csv() -> String {
        var text = CSV.line(columns.map(\.key))
        for row in rows {
            text += row.map { cell in
                guard case .text(let value) = cell else { return cell.description }
                return CSV.field(value)
            }.joined(separator: ",") + CSV.lineEnd
        }
        return text
    }

    /// A Markdown table (headings, then rows, cells through `TextEscaping.markdown`), then the summary as a
    /// bulleted list.
    public func markdown() -> String {
        var text = "## \(view) as of \(asOf.iso8601)\n\n"
        text += "| " + columns.map(\.heading).joined(separator: " | ") + " |\n"
        text += "|" + columns.map { _ in " --- |" }.joined() + "\n"
        for row in rows {
            text += "| " + row.map { $0 == .none ? "—" : TextEscaping.markdown($0.description) }.joined(separator: " | ") + " |\n"
        }
        if !summary.isEmpty {
            text += "\n" + summary.map { "- \($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
        }
        if !settings.isEmpty {
            text += "\nWorked out with: " + settings.map { TextEscaping.markdown($0.description) }.joined(separator: "; ") + "\n"
        }
        return text
    }

}
