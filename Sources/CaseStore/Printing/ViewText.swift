import Projections

/// A `ViewTable` as an aligned text table, for a terminal.
enum ViewText {
    /// The table's columns padded to their widest cell, then the summary as notes.
    static func table(_ table: ViewTable) -> Printout {
        var printout = Printout(.table)
        let cells = table.rows.map { row in row.map { cell -> String in
            if case .none = cell { return "—" }
            return TextEscaping.visible(cell.description, keepingLineBreaks: false)
        } }
        let widths = table.columns.indices.map { index in
            max(table.columns[index].heading.count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            var text = ""
            for (index, value) in values.enumerated() {
                text += index == values.count - 1 ? value : TextLayout.padded(value, widths[index] + 2)
            }
            return text
        }
        printout.print("\(table.view) as of \(table.asOf.iso8601)")
        printout.print(line(table.columns.map(\.heading)))
        for row in cells { printout.print(line(row)) }
        if table.rows.isEmpty { printout.print("(nothing)") }
        printout.note(table.summary.map { "\($0.key) \(TextLayout.grouped($0.value))" }.joined(separator: " · "))
        if !table.settings.isEmpty {
            printout.note("worked out with: " + table.settings.map(\.description).joined(separator: "; "))
        }
        return printout
    }
}
