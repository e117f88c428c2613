import Casework

/// A learning report as one self-contained HTML page for a board paper: inline CSS laid out
/// for A4; first the targets (each figure with a target: its status in words and colour, the
/// actual against the target, and a small chart of the periods before with the target drawn
/// across it); then a horizontal bar chart (inline SVG) for every group of counts (the figures
/// sharing a name up to the last dot, e.g. `receivedByCategory.*`), captioned in words, the
/// charts of one breakdown (the months of each complaint theme) on one scale; then the figures
/// and each list as tables whose headings repeat on every printed page and whose references
/// never break across lines. No scripts, no links, nothing fetched: it prints and archives as is.
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
            h3 { font-size: 10.5pt; margin: 10pt 0 2pt; break-after: avoid; }
            table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
            thead { display: table-header-group; }
            th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
            th { font-weight: 600; border-bottom: 1pt solid #555; }
            td.value { text-align: right; white-space: nowrap; }
            table.targets { table-layout: fixed; }
            table.targets th:nth-child(1) { width: 34%; } table.targets th:nth-child(2) { width: 17%; }
            table.targets th:nth-child(3) { width: 13%; } table.targets th:nth-child(4) { width: 12%; }
            table.targets td.value { white-space: normal; }
            td.target { white-space: nowrap; }
            code.id { overflow-wrap: anywhere; }
            td.ref, .ref { white-space: nowrap; }
            tr, figure { break-inside: avoid; }
            figure { margin: 6pt 0 10pt; }
            figcaption { font-weight: bold; margin-bottom: 2pt; }
            code.id { font-size: 7.5pt; color: #666; }
            .note { color: #555; font-size: 8.5pt; }
            .actual { font-size: 13pt; font-weight: 600; }
            .status { display: inline-block; padding: 1pt 5pt; border-radius: 3pt; font-weight: 600; color: #fff; }
            .green { background: #276749; } .amber { background: #b45309; } .red { background: #b91c1c; } .no-data { background: #6b7280; }
            svg text { font-size: 9px; fill: #111; }
            svg rect.bar { fill: #2b6cb0; }
            svg rect.past { fill: #a0aec0; }
            svg line.target { stroke: #111; stroke-width: 1.2; stroke-dasharray: 4 2; }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>
            <p>Period: \(result.period.from) to \(result.period.to)\(escape(ReportSettingsText.knownAt(result)))</p>

            """
        if !result.targets.isEmpty || result.name == ProgressReport.name { html += targets(result) }
        let groups = chartGroups(result.figures)
        if !groups.isEmpty {
            html += "<h2>Charts</h2>\n"
            let scales = sharedScales(groups)
            let targetsByFigure = Dictionary(result.targets.map { ($0.target.measure.figure, $0) }, uniquingKeysWith: { first, _ in first })
            for (group, figures) in groups { html += chart(group, figures, scale: scales[group] ?? 1, targets: targetsByFigure) }
        }
        if !result.figures.isEmpty {
            html += "<h2>Figures</h2>\n<table>\n<thead><tr><th>Figure</th><th>Value</th><th>Note</th></tr></thead>\n<tbody>\n"
            for figure in result.figures {
                html += "<tr><td>\(escape(ReportWords.figure(figure.name)))<br><code class=\"id\">\(escape(figure.name))</code></td>"
                    + "<td class=\"value\">\(escape(figure.value.text))</td><td class=\"note\">\(escape(figure.note ?? ""))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        for list in result.lists {
            html += "<h2>\(escape(ReportWords.figure(list.name)))</h2>\n"
            guard !list.rows.isEmpty else { html += "<p>None in the period.</p>\n"; continue }
            html += "<table>\n<thead><tr>" + list.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in list.rows {
                html += "<tr>" + row.cells.map { cell in
                    let text = cell.text
                    return (CaseReference(text) != nil ? "<td class=\"ref\">" : "<td>") + escape(text) + "</td>"
                }.joined() + "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<h2>Worked out with</h2>\n<ul class=\"note\">\n"
        for setting in result.settings {
            html += "<li><code>\(escape(setting.name))</code> \(escape(setting.value)) (\(escape(setting.source)))</li>\n"
        }
        html += "</ul>\n"
        return html + "</body>\n</html>\n"
    }

    // MARK: Targets

    /// The targets by aim: one table per aim, a row per figure.
    static func targets(_ result: ReportResult) -> String {
        var html = result.name == ProgressReport.name ? "" : "<h2>Targets</h2>\n"
        guard !result.targets.isEmpty else { return html + "<p>\(escape(ReportTargetsPrinting.noTargets))</p>\n" }
        for group in ProgressReport.groups(result.targets) {
            html += "<h3>\(escape(group.aim))</h3>\n<table class=\"targets\">\n<thead><tr><th>Measure</th><th>Target</th>"
                + "<th>Actual</th><th>Status</th><th>Trend, oldest first</th></tr></thead>\n<tbody>\n"
            for outcome in group.outcomes {
                html += "<tr><td>\(escape(outcome.label))<br><code class=\"id\">\(escape(ReportTargetsPrinting.measure(outcome, in: result)))</code></td>"
                    + "<td class=\"target\">\(escape(outcome.targetText))<br><span class=\"note\">"
                    + (outcome.target.amberWithin.map { "amber within \(escape(Target.number($0)))<br>" } ?? "")
                    + "from \(outcome.target.from)</span></td>"
                    + "<td class=\"value\"><span class=\"actual\">\(escape(outcome.figure.value.text))</span>"
                    + (outcome.figure.note.map { "<br><span class=\"note\">\(escape($0))</span>" } ?? "") + "</td>"
                    + "<td><span class=\"status \(outcome.status.rawValue)\">\(escape(statusWords(outcome.status)))</span></td>"
                    + "<td>" + (outcome.trend.contains { $0.value.number != nil } || outcome.figure.value.number != nil
                        ? "\(sparkline(outcome))<br><span class=\"note\">\(escape(ReportTargetsPrinting.trend(outcome)))</span>"
                        : "<span class=\"note\">no figure in this or the \(outcome.trend.count) periods before</span>") + "</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html
    }

    static func statusWords(_ status: Target.Status) -> String {
        switch status {
        case .green: "Met"
        case .amber: "Close"
        case .red: "Missed"
        case .noData: "No data"
        }
    }

    /// A small column chart of the figure in each period, oldest first, this period's column
    /// in its status colour, with the target drawn across as a dashed line.
    static func sparkline(_ outcome: TargetOutcome) -> String {
        let values = outcome.trend.map(\.value.number) + [outcome.figure.value.number]
        let columnWidth = 18, gap = 4, height = 44, top = 4
        let width = values.count * (columnWidth + gap) + 30
        let largest = max((values.compactMap { $0 } + [outcome.target.value]).max() ?? 1, 1e-9) * 1.1
        func y(_ value: Double) -> Int { top + Int((1 - value / largest) * Double(height - top)) }
        var svg = "<svg role=\"img\" aria-label=\"\(escape(outcome.label)): \(escape(outcome.trendText)); target \(escape(outcome.targetText))\" "
            + "width=\"\(width)\" height=\"\(height + 12)\" viewBox=\"0 0 \(width) \(height + 12)\">"
        for (index, value) in values.enumerated() {
            let x = index * (columnWidth + gap)
            let isNow = index == values.count - 1
            guard let value else {
                svg += "<text x=\"\(x + 5)\" y=\"\(height - 2)\">—</text>"
                continue
            }
            let barTop = min(y(value), height - 1)
            let fill = isNow ? " style=\"fill:\(statusColour(outcome.status))\"" : ""
            svg += "<rect class=\"\(isNow ? "bar" : "past")\"\(fill) x=\"\(x)\" y=\"\(barTop)\" width=\"\(columnWidth)\" height=\"\(height - barTop)\"></rect>"
        }
        let targetY = y(outcome.target.value)
        svg += "<line class=\"target\" x1=\"0\" x2=\"\(values.count * (columnWidth + gap))\" y1=\"\(targetY)\" y2=\"\(targetY)\"></line>"
        svg += "<text x=\"\(values.count * (columnWidth + gap) + 2)\" y=\"\(targetY + 3)\">\(escape(Target.number(outcome.target.value)))</text>"
        return svg + "</svg>"
    }

    static func statusColour(_ status: Target.Status) -> String {
        switch status {
        case .green: "#276749"
        case .amber: "#b45309"
        case .red: "#b91c1c"
        case .noData: "#6b7280"
        }
    }

    // MARK: Charts

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

    /// The largest count each chart is drawn to: charts of one breakdown (groups under the same
    /// parent, such as `themes.repairs` and `themes.damp-mould`) share the largest of them all,
    /// so that their bars compare; any other chart its own.
    static func sharedScales(_ groups: [(String, [ReportFigure])]) -> [String: Int] {
        func parent(_ group: String) -> String { group.lastIndex(of: ".").map { String(group[..<$0]) } ?? group }
        var largest: [String: Int] = [:]
        for (group, figures) in groups {
            let most = figures.map { Int($0.value.number ?? 0) }.max() ?? 0
            largest[parent(group)] = max(largest[parent(group)] ?? 1, most, 1)
        }
        return Dictionary(uniqueKeysWithValues: groups.map { ($0.0, largest[parent($0.0)] ?? 1) })
    }

    /// A horizontal bar chart of `figures`, labelled in words, drawn to `scale`, with a
    /// dashed line where a figure has a target.
    static func chart(_ group: String, _ figures: [ReportFigure], scale: Int, targets: [String: TargetOutcome]) -> String {
        let rowHeight = 16, labelWidth = 190, barWidth = 380, width = labelWidth + barWidth + 50
        let counts = figures.map { Int($0.value.number ?? 0) }
        let largest = max(scale, counts.max() ?? 0, 1)
        let caption = escape(ReportWords.caption(group))
        var svg = "<figure>\n<figcaption>\(caption) <code class=\"id\">\(escape(group))</code></figcaption>\n"
        svg += "<svg role=\"img\" aria-label=\"\(caption)\" width=\"\(width)\" height=\"\(rowHeight * figures.count + 4)\" "
            + "viewBox=\"0 0 \(width) \(rowHeight * figures.count + 4)\">\n"
        for (index, figure) in figures.enumerated() {
            let y = index * rowHeight + 2
            let key = figure.name.split(separator: ".").last.map(String.init) ?? figure.name
            let length = counts[index] * barWidth / largest
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 11)\" text-anchor=\"end\">\(escape(ReportWords.value(key)))</text>"
            svg += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(length)\" height=\"\(rowHeight - 4)\"></rect>"
            svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + 11)\">\(counts[index])</text>"
            if let target = targets[figure.name] {
                let x = labelWidth + Int(min(max(target.target.value, 0), Double(largest)) * Double(barWidth) / Double(largest))
                svg += "<line class=\"target\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(y)\" y2=\"\(y + rowHeight)\"><title>target \(escape(target.targetText))</title></line>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n</figure>\n"
    }

    /// `TextEscaping.html`.
    static func escape(_ text: String) -> String { TextEscaping.html(text) }
}
