/// A learning report as one self-contained HTML page for a board paper: inline CSS laid out
/// for A4, the figures in a table, a horizontal bar chart (inline SVG) for every group of
/// counts (the figures sharing a name up to the last dot, e.g. `receivedByCategory.*`), and
/// each list as a table. No scripts, no links, nothing fetched: it prints and archives as is.
enum ReportHTML {
    static func render(_ result: ReportResult) -> String {
        let title = escape(result.title)
        var html = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <title>\(title), \(result.period.from) to \(result.period.to)</title>
            <style>
            @page { size: A4; margin: 18mm 15mm; }
            body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: auto; }
            h1 { font-size: 16pt; margin-bottom: 2pt; }
            h2 { font-size: 12pt; margin-top: 14pt; break-after: avoid; }
            table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
            th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
            td.value { text-align: right; white-space: nowrap; }
            tr, figure { break-inside: avoid; }
            figure { margin: 6pt 0 10pt; }
            figcaption { font-weight: bold; margin-bottom: 2pt; }
            .note { color: #555; font-size: 8.5pt; }
            svg text { font-size: 9px; fill: #111; }
            svg rect { fill: #2b6cb0; }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>
            <p>Period: \(result.period.from) to \(result.period.to)\(escape(ReportSettingsText.knownAt(result)))</p>

            """
        html += "<h2>Charts</h2>\n"
        for (group, figures) in chartGroups(result.figures) { html += chart(group, figures) }
        html += "<h2>Figures</h2>\n<table>\n<tr><th>figure</th><th>value</th><th>note</th></tr>\n"
        for figure in result.figures {
            html += "<tr><td>\(escape(figure.name))</td><td class=\"value\">\(escape(figure.value.text))</td>"
                + "<td class=\"note\">\(escape(figure.note ?? ""))</td></tr>\n"
        }
        html += "</table>\n"
        for list in result.lists {
            html += "<h2>\(escape(list.name))</h2>\n"
            guard !list.rows.isEmpty else { html += "<p>None in the period.</p>\n"; continue }
            html += "<table>\n<tr>" + list.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            for row in list.rows { html += "<tr>" + row.cells.map { "<td>\(escape($0.text))</td>" }.joined() + "</tr>\n" }
            html += "</table>\n"
        }
        html += "<h2>Worked out with</h2>\n<ul class=\"note\">\n"
        for setting in result.settings {
            html += "<li><code>\(escape(setting.name))</code> \(escape(setting.value)) (\(escape(setting.source)))</li>\n"
        }
        html += "</ul>\n"
        return html + "</body>\n</html>\n"
    }

    /// Groups of two or more counts sharing a parent name, in the order of their first figure.
    static func chartGroups(_ figures: [ReportFigure]) -> [(String, [ReportFigure])] {
        var order: [String] = []
        var groups: [String: [ReportFigure]] = [:]
        for figure in figures {
            guard let dot = figure.name.lastIndex(of: ".") else { continue }
            let parent = String(figure.name[..<dot])
            if groups[parent] == nil { order.append(parent) }
            groups[parent, default: []].append(figure)
        }
        return order.compactMap { parent in
            guard let members = groups[parent], members.count >= 2, members.allSatisfy(\.value.isCount) else { return nil }
            return (parent, members)
        }
    }

    /// A horizontal bar chart of `figures`, labelled with the last part of each name.
    static func chart(_ group: String, _ figures: [ReportFigure]) -> String {
        let rowHeight = 16, labelWidth = 190, barWidth = 380, width = labelWidth + barWidth + 50
        let counts = figures.map { Int($0.value.number ?? 0) }
        let largest = max(counts.max() ?? 0, 1)
        var svg = "<figure>\n<figcaption>\(escape(group))</figcaption>\n"
        svg += "<svg role=\"img\" aria-label=\"\(escape(group))\" width=\"\(width)\" height=\"\(rowHeight * figures.count + 4)\" "
            + "viewBox=\"0 0 \(width) \(rowHeight * figures.count + 4)\">\n"
        for (index, figure) in figures.enumerated() {
            let y = index * rowHeight + 2
            let label = figure.name.split(separator: ".").last.map(String.init) ?? figure.name
            let length = counts[index] * barWidth / largest
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 11)\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(length)\" height=\"\(rowHeight - 4)\"></rect>"
            svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + 11)\">\(counts[index])</text>\n"
        }
        return svg + "</svg>\n</figure>\n"
    }

    /// `TextEscaping.html`.
    static func escape(_ text: String) -> String { TextEscaping.html(text) }
}
