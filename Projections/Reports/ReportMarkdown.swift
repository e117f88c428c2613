/// A learning report as Markdown: a heading, the period, a `figure | value | note` table, and
/// each list as a table. Cells have `|`, backslashes and line breaks escaped so that typed
/// text cannot break the table.
enum ReportMarkdown {
    static func render(_ result: ReportResult) -> String {
        var lines = ["# \(escape(result.title))", "", "Period: \(result.period.from) to \(result.period.to)" + ReportSettingsText.knownAt(result), "",
                     "| figure | value | note |", "|---|---:|---|"]
        for figure in result.figures {
            lines.append("| `\(figure.name)` | \(figure.value.text) | \(escape(figure.note ?? "")) |")
        }
        if !result.targets.isEmpty || result.name == ProgressReport.name {
            lines += ["", "## Targets", ""]
            if result.targets.isEmpty { lines.append(escape(ReportTargetsPrinting.noTargets)) }
            for group in ReportTargetsPrinting.rows(result) {
                lines += ["", "### \(escape(group.aim))", "", "| " + ReportTargetsPrinting.columns.joined(separator: " | ") + " |",
                          "|---|---|---:|---|---|"]
                for row in group.rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
            }
        }
        for list in result.lists {
            lines += ["", "## \(list.name)", ""]
            guard !list.rows.isEmpty else { lines.append("None in the period."); continue }
            lines.append("| " + list.columns.joined(separator: " | ") + " |")
            lines.append("|" + String(repeating: "---|", count: list.columns.count))
            for row in list.rows { lines.append("| " + row.cells.map { escape($0.text) }.joined(separator: " | ") + " |") }
        }
        lines += ["", "## Worked out with", ""] + result.settings.map { "- `\($0.name)` \(escape($0.value)) (\(escape($0.source)))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `TextEscaping.markdown`.
    static func escape(_ text: String) -> String { TextEscaping.markdown(text) }
}
