import Projections

/// A `ViewTable` as an aligned text table, for a terminal.
enum ViewText {
    /// Prints the table's columns padded to their widest cell, then the summary line.
    static func print(_ table: ViewTable) {
        let cells = table.rows.map { row in row.map { cell -> String in
            if case .none = cell { return "—" }
            return Terminal.visible(cell.description, keepingLineBreaks: false)
        } }
        let widths = table.columns.indices.map { index in
            max(table.columns[index].heading.count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            var text = ""
            for (index, value) in values.enumerated() {
                text += index == values.count - 1 ? value : Terminal.padded(value, widths[index] + 2)
            }
            return text
        }
        Terminal.print("\(table.view) as of \(table.asOf.iso8601)")
        Terminal.print(line(table.columns.map(\.heading)))
        for row in cells { Terminal.print(line(row)) }
        if table.rows.isEmpty { Terminal.print("(nothing)") }
        Terminal.note(table.summary.map { "\($0.key) \(Terminal.grouped($0.value))" }.joined(separator: " · "))
        if !table.settings.isEmpty {
            Terminal.note("worked out with: " + table.settings.map(\.description).joined(separator: "; "))
        }
    }
}
