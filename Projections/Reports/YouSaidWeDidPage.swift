import Casework

/// "You said, we did" as a page for tenants and the public (`YouSaidWeDidReport`): the HTML
/// (one self-contained A4 page, no scripts, nothing fetched) and the Markdown of `caselog
/// report you-said-we-did`. Both say the same in words: a summary, then by theme (the
/// complaint categories, named as people say them) what we changed, in which month, and
/// whether it is done, then the suggestions we adopted by theme and month. They print only
/// the report's lists and three figures, which hold nothing a tenant could be traced by.
enum YouSaidWeDidPage {
    /// One theme's section: its name and the learning items under it.
    struct Section {
        let theme: String
        let rows: [Line]
    }

    /// One line of a section: a change, the month we learnt of it, whether it is done, and
    /// from how many complaints (the same change learnt in the same month is one line).
    struct Line: Equatable {
        let month: String, change: String, done: String
        var complaints = 1

        /// `change`, with "(from N complaints)" when more than one.
        var changeText: String { complaints > 1 ? "\(change) (from \(complaints) complaints)" : change }
    }

    /// The page's parts, read from the report's result.
    struct Content {
        let title: String
        let period: String
        let summary: String
        let sections: [Section]
        let suggestions: [ReportList.Row]
    }

    static func content(_ result: ReportResult) -> Content {
        let learning = result.lists.first { $0.name == "youSaidWeDid" }?.rows ?? []
        let suggestions = result.lists.first { $0.name == "suggestionsAdopted" }?.rows ?? []
        func count(_ name: String) -> Int { Int(result.figure(name)?.value.number ?? 0) }
        let categories = Vocabulary.values(of: "categories", in: ComplaintsPerformanceReport.Kind.received)
        var themes = categories
        for row in learning { for theme in themeList(row) where !themes.contains(theme) { themes.append(theme) } }
        let sections = themes.compactMap { theme -> Section? in
            var lines: [Line] = []
            for row in learning where themeList(row).contains(theme) {
                let line = Line(month: row.cells[1].text, change: changeText(row), done: doneText(row))
                if let index = lines.firstIndex(of: line) { lines[index].complaints += 1 } else { lines.append(line) }
            }
            lines.sort { [$0.month, $0.change].lexicographicallyPrecedes([$1.month, $1.change]) }
            return lines.isEmpty ? nil : Section(theme: themeName(theme), rows: lines)
        }
        let changes = count("learning.identified"), made = count("learning.actioned"), adopted = count("suggestions.adopted")
        let summary = "From your complaints we planned \(plural(changes, "change")) and made \(plural(made, "change"))"
            + "; we adopted \(plural(adopted, "of your suggestions", singular: "one of your suggestions")) in this period."
        return Content(title: result.title, period: "\(dayText(result.period.from)) to \(dayText(result.period.to))",
                       summary: summary, sections: sections, suggestions: suggestions)
    }

    static func html(_ result: ReportResult) -> String {
        let page = content(result)
        var html = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <title>\(escape(page.title)), \(escape(page.period))</title>
            <style>
            @page { size: A4; margin: 18mm 15mm; }
            body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 11pt; color: #111; max-width: 180mm; margin: auto; line-height: 1.35; }
            h1 { font-size: 20pt; margin-bottom: 2pt; }
            h2 { font-size: 13pt; margin: 16pt 0 4pt; border-bottom: 1pt solid #2b6cb0; break-after: avoid; }
            p.period { color: #444; margin-top: 0; }
            p.summary { font-size: 12pt; }
            table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
            thead { display: table-header-group; }
            th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt 4pt; text-align: left; vertical-align: top; }
            th { font-weight: 600; color: #333; }
            td.month { white-space: nowrap; width: 22%; }
            td.done { white-space: nowrap; width: 22%; }
            td.count { text-align: right; width: 12%; }
            tr { break-inside: avoid; }
            .note { color: #555; font-size: 9pt; }
            </style>
            </head>
            <body>
            <h1>\(escape(page.title))</h1>
            <p class="period">\(escape(page.period))</p>
            <p class="summary">\(escape(page.summary))</p>

            """
        if page.sections.isEmpty { html += "<p>No changes from complaints to report in this period.</p>\n" }
        for section in page.sections {
            html += "<h2>\(escape(section.theme))</h2>\n<table>\n<thead><tr><th>You told us, in</th><th>We changed</th><th>Done</th></tr></thead>\n"
            for line in section.rows {
                html += "<tr><td class=\"month\">\(escape(monthName(line.month)))</td><td>\(escape(line.changeText))</td>"
                    + "<td class=\"done\">\(escape(line.done))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<h2>Your suggestions we adopted</h2>\n"
        if page.suggestions.isEmpty {
            html += "<p>None in this period.</p>\n"
        } else {
            html += "<table>\n<thead><tr><th>About</th><th>Adopted in</th><th>Suggestions</th></tr></thead>\n"
            for row in page.suggestions {
                html += "<tr><td>\(escape(themeList(row).map(themeName).joined(separator: ", ")))</td>"
                    + "<td class=\"month\">\(escape(monthName(row.cells[1])))</td><td class=\"count\">\(row.cells[2].text)</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<p class=\"note\">\(escape(footnote))</p>\n"
        return html + "</body>\n</html>\n"
    }

    static func markdown(_ result: ReportResult) -> String {
        let page = content(result)
        var lines = ["# \(md(page.title))", "", md(page.period), "", md(page.summary)]
        if page.sections.isEmpty { lines += ["", "No changes from complaints to report in this period."] }
        for section in page.sections {
            lines += ["", "## \(md(section.theme))", "", "| You told us, in | We changed | Done |", "|---|---|---|"]
            for line in section.rows {
                lines.append("| \(md(monthName(line.month))) | \(md(line.changeText)) | \(md(line.done)) |")
            }
        }
        lines += ["", "## Your suggestions we adopted", ""]
        if page.suggestions.isEmpty {
            lines.append("None in this period.")
        } else {
            lines += ["| About | Adopted in | Suggestions |", "|---|---|---:|"]
            for row in page.suggestions {
                lines.append("| \(md(themeList(row).map(themeName).joined(separator: ", "))) | \(md(monthName(row.cells[1]))) | \(row.cells[2].text) |")
            }
        }
        lines += ["", "_\(md(footnote))_"]
        return lines.joined(separator: "\n") + "\n"
    }

    static let footnote = "Themes are the subjects of complaints and suggestions; months are when we learnt or acted. "
        + "Nothing here names or describes a person or a case."

    // MARK: Words

    /// The theme codes of a row's first cell.
    static func themeList(_ row: ReportList.Row) -> [String] {
        if case .texts(let themes) = row.cells.first { return themes }
        return []
    }

    /// A complaint category as people say it: `damp-mould` is "Damp and mould".
    static func themeName(_ code: String) -> String {
        switch code {
        case "damp-mould": return "Damp and mould"
        case "anti-social-behaviour": return "Anti-social behaviour"
        case "rent-service-charges": return "Rent and service charges"
        case "safeguarding-response": return "Keeping people safe"
        default:
            let words = code.replacingOccurrences(of: "-", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                         "November", "December"]

    /// `2025-03` as "March 2025"; anything else as it is.
    static func monthName(_ cell: ReportList.Cell) -> String { monthName(cell.text) }

    /// `2025-03` as "March 2025"; anything else as it is.
    static func monthName(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return text }
        return "\(months[month - 1]) \(parts[0])"
    }

    /// "1 March 2025".
    static func dayText(_ date: CalendarDate) -> String { "\(date.day) \(months[date.month - 1]) \(date.year)" }

    /// What changed, with its service area when there is one.
    static func changeText(_ row: ReportList.Row) -> String {
        let weDid = row.cells[3].text, area = row.cells[2]
        if case .text(let name) = area { return "\(weDid) (\(name))" }
        return weDid
    }

    /// "Done, April 2025" or "In hand" (the change is planned, not yet made).
    static func doneText(_ row: ReportList.Row) -> String {
        row.cells[4] == .bool(true) ? "Done, \(monthName(row.cells[5]))" : "In hand"
    }

    static func plural(_ count: Int, _ noun: String, singular: String? = nil) -> String {
        switch count {
        case 0: "no " + (noun.hasPrefix("of ") ? "suggestions" : noun + "s")
        case 1: singular ?? "1 \(noun)"
        default: noun.hasPrefix("of ") ? "\(count) \(noun)" : "\(count) \(noun)s"
        }
    }

    static func escape(_ text: String) -> String { TextEscaping.html(text) }
    static func md(_ text: String) -> String { TextEscaping.markdown(text) }
}
