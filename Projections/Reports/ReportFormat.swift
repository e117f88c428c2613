/// How a learning report is printed: `table` for a terminal, `json` for programs, `csv` for a
/// spreadsheet, `markdown` for a wiki or a pull request, `html` for a board paper (A4, charts).
/// "You said, we did" is written to be published: its HTML and Markdown are a page for tenants
/// (`YouSaidWeDidPage`) rather than a table of figures.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown, html

    /// `result` in this format, as text ending in a newline. `visible` is applied to every
    /// piece of text a caseworker typed that the table format prints (the CLI passes
    /// `Terminal.visible`); the other formats escape such text in their own way.
    public func render(_ result: ReportResult, visible: (String) -> String = { $0 }) -> String {
        switch self {
        case .table: ReportText.render(result, visible: visible)
        case .json: ReportJSON.render(result)
        case .csv: ReportCSV.render(result)
        case .markdown: result.name == YouSaidWeDidReport.name ? YouSaidWeDidPage.markdown(result) : ReportMarkdown.render(result)
        case .html: result.name == YouSaidWeDidReport.name ? YouSaidWeDidPage.html(result) : ReportHTML.render(result)
        }
    }

    /// The events of `--explain`: one per line (position, case, type, occurredAt) for `table`,
    /// a JSON array for every other format.
    public func renderExplanation(_ events: [TracedEvent], visible: (String) -> String = { $0 }) -> String {
        guard self == .table else { return ReportJSON.render(events) }
        return events.map { event in
            "\(event.position)  \(visible(event.reference))  \(event.type)  \(event.occurredAt.iso8601)"
        }.joined(separator: "\n") + (events.isEmpty ? "" : "\n")
    }
}
