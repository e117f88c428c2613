/// A learning report for a terminal: the title and period, one line per figure (name, value,
/// and its note in brackets), then each list as an aligned table. Every list cell passes
/// through `visible`, since caseworkers typed it.
enum ReportText {
    static func render(_ result: ReportResult, visible: (String) -> String) -> String {
        var lines = [result.title, "\(result.period.from) to \(result.period.to)" + ReportSettingsText.knownAt(result), ""]
        let width = (result.figures.map(\.name.count).max() ?? 0) + 2
        for figure in result.figures {
            var line = pad(figure.name, width) + figure.value.text
            if let note = figure.note { line += "  (\(note))" }
            lines.append(line)
        }
        if !result.targets.isEmpty || result.name == ProgressReport.name {
            // The progress page has no figures: its targets follow the period's blank line.
            lines += targetLines(result, visible: visible).dropFirst(result.figures.isEmpty ? 1 : 0)
        }
        for list in result.lists {
            lines += ["", "\(list.name): \(list.rows.count) row\(list.rows.count == 1 ? "" : "s")"]
            guard !list.rows.isEmpty else { continue }
            let cells = list.rows.map { $0.cells.map { visible($0.text) } }
            let widths = list.columns.indices.map { column in
                max(list.columns[column].count, cells.map { $0[column].count }.max() ?? 0) + 2
            }
            lines.append(zip(list.columns, widths).map { pad($0, $1) }.joined())
            for row in cells { lines.append(zip(row, widths).map { pad($0, $1) }.joined()) }
        }
        lines += ["", "worked out with:"] + result.settings.map { "  " + visible($0.description) }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
    }

    /// The targets, by aim, as aligned rows.
    private static func targetLines(_ result: ReportResult, visible: (String) -> String) -> [String] {
        guard !result.targets.isEmpty else { return ["", ReportTargetsPrinting.noTargets] }
        var lines = ["", ReportTargetsPrinting.heading]
        let groups = ReportTargetsPrinting.rows(result)
        let all = [ReportTargetsPrinting.columns] + groups.flatMap(\.rows)
        let widths = ReportTargetsPrinting.columns.indices.map { column in (all.map { $0[column].count }.max() ?? 0) + 2 }
        for group in groups {
            lines += ["", "  " + visible(group.aim), "  " + zip(ReportTargetsPrinting.columns, widths).map { pad($0, $1) }.joined()]
            for row in group.rows { lines.append("  " + zip(row, widths).map { pad($0, $1) }.joined()) }
        }
        return lines
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
