/// An itemised part of a report, a table whose rows are things rather than numbers: "You said,
/// we did" learning, repeat failures. Each row has a key (its `--explain` name is the list's
/// name, a dot, and the key) and the events it stands on.
public struct ReportList: Sendable, Equatable {
    /// One cell of a row.
    public enum Cell: Sendable, Equatable {
        /// Text, which may have been typed by a caseworker: print it through `Terminal.visible`,
        /// escape it in HTML, quote it in CSV.
        case text(String)
        /// Several texts (case references).
        case texts([String])
        /// A whole number.
        case integer(Int)
        /// A Boolean.
        case bool(Bool)
        /// Nothing recorded.
        case null

        /// The cell as one line of text (texts joined by spaces, `—` for null).
        public var text: String {
            switch self {
            case .text(let value): value
            case .texts(let values): values.joined(separator: " ")
            case .integer(let value): String(value)
            case .bool(let value): value ? "yes" : "no"
            case .null: "—"
            }
        }
    }

    /// One row: its key, its cells (one per column) and its events.
    public struct Row: Sendable, Equatable {
        /// Names the row among the list's rows, e.g. a factor or `CMP-2025-000001:L1`.
        public let key: String
        /// One cell per column of the list.
        public let cells: [Cell]
        /// The events the row stands on, in log order.
        public let events: [TracedEvent]

        /// A row keyed `key`; `events` are sorted into log order.
        public init(key: String, cells: [Cell], events: [TracedEvent]) {
            self.key = key
            self.cells = cells
            self.events = events.sorted()
        }
    }

    /// The list's name: its JSON key, e.g. `repeatFailures`.
    public let name: String
    /// The column names, which are the keys of each row's JSON object.
    public let columns: [String]
    /// The rows, in the order the report gives them.
    public let rows: [Row]

    /// A list named `name`.
    public init(name: String, columns: [String], rows: [Row]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}
