import Codec

// A benchmark comparison printed: a table for the terminal, JSON, CSV and one HTML page
// (docs/BENCHMARK.md, "Comparing").

extension BenchmarkComparison {
    /// `91.9`, `92`, `83.25`: rounded to two decimal places, whole numbers without a point.
    public static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    /// A standing as a cell: `91.9 (1)`, `<5`, or `—` when not known or not given.
    static func cell(_ standing: Standing) -> String {
        guard let value = standing.value else { return standing.entry?.isSuppressed == true ? "<5" : "—" }
        return number(value) + (standing.place.map { " (\($0))" } ?? "")
    }

    /// An organisation's trend of `measure` as a cell: `100 → 90`, `—` for a period without a value.
    func trendCell(_ organisation: String, _ measure: String) -> String {
        trend(of: organisation, measure).map { Self.cell($0) }.joined(separator: " → ")
    }

    /// A statistic as a cell, `—` when there is none.
    static func cell(_ value: Double?) -> String { value.map(number) ?? "—" }

    /// The table for a terminal: per period, one line per figure (compared, withheld,
    /// quartiles, each organisation's value with its place in brackets), then the trends and
    /// the files with their heads. Typed text (organisation names) is printed as given; the
    /// printout makes control characters visible.
    public func table() -> String {
        var lines: [String] = []
        let width = max(6, BenchmarkMeasure.headline.map(\.id.count).max() ?? 0) + 2
        let columns = [("n", 4), ("<5", 4), ("lower q", 9), ("median", 9), ("upper q", 9)]
        let organisationWidths = organisations.map { max(10, $0.count + 2) }
        lines.append("Benchmark of \(organisations.count) organisation\(organisations.count == 1 ? "" : "s"), "
            + "\(periods.count) period\(periods.count == 1 ? "" : "s") (place in brackets, 1 = best; <5: withheld, a count under 5)")
        for period in periods {
            lines.append("")
            lines.append("Period \(period)")
            var header = Self.padded("figure", width) + columns.map { Self.padded($0.0, $0.1) }.joined()
            for (organisation, columnWidth) in zip(organisations, organisationWidths) { header += Self.padded(organisation, columnWidth) }
            lines.append(header.trimmingTrailingSpaces)
            for row in rows where row.period == period {
                var line = Self.padded(row.measure, width)
                line += zip([String(row.compared), String(row.suppressed), Self.cell(row.lowerQuartile), Self.cell(row.median),
                             Self.cell(row.upperQuartile)], columns).map { Self.padded($0, $1.1) }.joined()
                for (organisation, columnWidth) in zip(organisations, organisationWidths) {
                    let standing = row.standings.first { $0.organisation == organisation }
                    line += Self.padded(standing.map(Self.cell) ?? "", columnWidth)
                }
                lines.append(line.trimmingTrailingSpaces)
            }
            let withheld = rows.filter { $0.period == period }.map(\.suppressed).reduce(0, +)
            lines.append("\(withheld) value\(withheld == 1 ? "" : "s") withheld for a count under 5")
        }
        if hasTrends {
            lines.append("")
            lines.append("Trends (" + periods.map(\.description).joined(separator: " → ") + ")")
            let cells = BenchmarkMeasure.headline.map { measure in organisations.map { trendCell($0, measure.id) } }
            let widths = organisations.indices.map { index in max(organisationWidths[index], (cells.map { $0[index].count }.max() ?? 0) + 2) }
            lines.append((Self.padded("figure", width) + zip(organisations, widths).map { Self.padded($0, $1) }.joined()).trimmingTrailingSpaces)
            for (measure, row) in zip(BenchmarkMeasure.headline, cells) {
                lines.append((Self.padded(measure.id, width) + zip(row, widths).map { Self.padded($0, $1) }.joined()).trimmingTrailingSpaces)
            }
        }
        lines.append("")
        lines.append("Files")
        for source in sources {
            lines.append("\(source.file)  \(source.organisation)  \(source.period)  head \(source.headPosition) \(source.headDigest)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as one JSON object (docs/BENCHMARK.md): `files`, `organisations`,
    /// `periods`, `figures` (one per figure and period, with its statistics and standings) and,
    /// with several periods, `trends`.
    public func json() -> String {
        var json = JSONWriter(capacity: 16_384)
        json.beginObject()
        json.key("schema"); json.string(BenchmarkFile.schema + "-comparison")
        json.key("version"); json.integer(Int64(BenchmarkFile.version))
        json.key("files")
        json.beginArray()
        for source in sources {
            json.beginObject()
            json.key("file"); json.string(source.file)
            json.key("organisation"); json.string(source.organisation)
            Self.write(source.period, into: &json)
            json.key("head")
            json.beginObject()
            json.key("position"); json.unsigned(source.headPosition)
            json.key("digest"); json.string(source.headDigest)
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.key("organisations"); json.beginArray(); organisations.forEach { json.string($0) }; json.endArray()
        json.key("periods")
        json.beginArray()
        for period in periods {
            json.beginObject(); json.key("from"); json.string(period.from.iso8601); json.key("to"); json.string(period.to.iso8601); json.endObject()
        }
        json.endArray()
        json.key("figures")
        json.beginArray()
        for row in rows {
            let measure = BenchmarkMeasure.named(row.measure)
            json.beginObject()
            json.key("measure"); json.string(row.measure)
            json.key("label"); json.stringOrNull(measure?.label)
            json.key("unit"); json.stringOrNull(measure?.unit.rawValue)
            json.key("direction"); json.stringOrNull(measure?.direction.rawValue)
            Self.write(row.period, into: &json)
            json.key("compared"); json.integer(Int64(row.compared))
            json.key("suppressed"); json.integer(Int64(row.suppressed))
            json.key("missing"); json.integer(Int64(row.missing))
            for (key, value) in [("lowerQuartile", row.lowerQuartile), ("median", row.median), ("upperQuartile", row.upperQuartile)] {
                json.key(key); Self.write(value, into: &json)
            }
            json.key("organisations")
            json.beginArray()
            for standing in row.standings {
                json.beginObject()
                json.key("organisation"); json.string(standing.organisation)
                json.key("numerator"); BenchmarkFile.write(standing.entry?.numerator, into: &json)
                json.key("denominator"); BenchmarkFile.write(standing.entry?.denominator, into: &json)
                json.key("value"); Self.write(standing.value, into: &json)
                json.key("suppressed"); json.bool(standing.entry?.isSuppressed == true)
                json.key("place"); json.integerOrNull(standing.place.map(Int64.init))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        if hasTrends {
            json.key("trends")
            json.beginArray()
            for measure in BenchmarkMeasure.headline {
                for organisation in organisations {
                    json.beginObject()
                    json.key("measure"); json.string(measure.id)
                    json.key("organisation"); json.string(organisation)
                    json.key("values"); json.beginArray(); trend(of: organisation, measure.id).forEach { Self.write($0, into: &json) }; json.endArray()
                    json.endObject()
                }
            }
            json.endArray()
        }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    /// The comparison as CSV, one value a line: `from,to,measure,what,organisation,value,
    /// numerator,denominator,place`, where `what` is `organisation` (a standing; a withheld
    /// value is empty with its counts "<5"), `lower-quartile`, `median`, `upper-quartile`,
    /// `compared` or `suppressed`.
    public func csv() -> String {
        var lines = [CSV.line(["from", "to", "measure", "what", "organisation", "value", "numerator", "denominator", "place"])]
        for row in rows {
            let start = [row.period.from.iso8601, row.period.to.iso8601, row.measure]
            for standing in row.standings {
                lines.append(CSV.line(start + ["organisation", standing.organisation, standing.value.map(Self.number) ?? "",
                                               standing.entry?.numerator?.description ?? "", standing.entry?.denominator?.description ?? "",
                                               standing.place.map(String.init) ?? ""]))
            }
            let statistics: [(String, String)] = [
                ("lower-quartile", row.lowerQuartile.map(Self.number) ?? ""), ("median", row.median.map(Self.number) ?? ""),
                ("upper-quartile", row.upperQuartile.map(Self.number) ?? ""), ("compared", String(row.compared)),
                ("suppressed", String(row.suppressed)),
            ]
            for (what, value) in statistics { lines.append(CSV.line(start + [what, "", value, "", "", ""])) }
        }
        return lines.joined()
    }

    /// The comparison as one self-contained HTML page: per period a table of the figures
    /// (label, which way is better, quartiles, each organisation's value and place), the
    /// trends when several periods are given, and the files with their heads.
    public func html() -> String {
        func escape(_ text: String) -> String { TextEscaping.html(text) }
        var html = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <title>Benchmark of \(organisations.count) organisations</title>
            <style>
            @page { size: A4 landscape; margin: 10mm 12mm; }
            body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; line-height: 1.2; color: #111; max-width: 270mm; margin: auto; }
            @media print {
              body { font-size: 8.5pt; }
              h1 { font-size: 13pt; margin: 0 0 2pt; }
              h2 { font-size: 10.5pt; margin: 6pt 0 2pt; }
              p.note { margin: 0; }
            }
            h1 { font-size: 16pt; margin-bottom: 2pt; }
            h2 { font-size: 12pt; margin-top: 14pt; break-after: avoid; }
            table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
            thead { display: table-header-group; }
            th, td { border-bottom: 0.5pt solid #bbb; padding: 1pt 4pt; text-align: left; vertical-align: top; }
            td.n { text-align: right; white-space: nowrap; }
            td.stat { text-align: right; white-space: nowrap; background: #f3f3f3; }
            td.best { font-weight: bold; }
            tr { break-inside: avoid; }
            .note { color: #555; font-size: 8.5pt; }
            code { font-size: 0.8em; color: #444; }
            ul.files { margin: 0; padding-left: 12pt; }
            </style>
            </head>
            <body>
            <h1>Benchmark of \(organisations.count) organisation\(organisations.count == 1 ? "" : "s")</h1>
            <p class="note">Median and quartiles by linear interpolation (as Excel's QUARTILE.INC). Place 1 is the best by the \
            figure's direction; a figure that is context has none. &lt;5: withheld, a count under 5.</p>

            """
        for period in periods {
            html += "<h2>\(escape(period.description))</h2>\n<table>\n<thead><tr><th>figure</th><th>better</th><th>n</th><th>&lt;5</th>"
                + "<th>lower quartile</th><th>median</th><th>upper quartile</th>"
                + organisations.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n"
            for row in rows where row.period == period {
                let measure = BenchmarkMeasure.named(row.measure)
                html += "<tr><td>\(escape(measure?.label ?? row.measure))<br><code>\(escape(row.measure))</code></td>"
                    + "<td>\(escape(measure.map { Self.words($0.direction) } ?? ""))</td>"
                    + "<td class=\"n\">\(row.compared)</td><td class=\"n\">\(row.suppressed)</td>"
                    + [row.lowerQuartile, row.median, row.upperQuartile].map { "<td class=\"stat\">\(Self.cell($0))\(Self.unit(measure, $0))</td>" }.joined()
                for organisation in organisations {
                    let standing = row.standings.first { $0.organisation == organisation }
                    let best = standing?.place == 1 ? " best" : ""
                    html += "<td class=\"n\(best)\">\(escape(standing.map(Self.cell) ?? ""))</td>"
                }
                html += "</tr>\n"
            }
            html += "</table>\n"
        }
        if hasTrends {
            html += "<h2>Trends: " + periods.map { escape($0.description) }.joined(separator: " → ") + "</h2>\n<table>\n"
                + "<thead><tr><th>figure</th>" + organisations.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n"
            for measure in BenchmarkMeasure.headline {
                html += "<tr><td>\(escape(measure.label))</td>"
                    + organisations.map { "<td class=\"n\">\(trendCell($0, measure.id))</td>" }.joined() + "</tr>\n"
            }
            html += "</table>\n"
        }
        html += "<p class=\"note\"><b>Files</b> (each with its store's head: position and digest)</p>\n<ul class=\"note files\">\n"
        for source in sources {
            html += "<li>\(escape(source.file)): \(escape(source.organisation)), \(escape(source.period.description)), "
                + "<code>\(source.headPosition) \(escape(source.headDigest))</code></li>\n"
        }
        return html + "</ul>\n</body>\n</html>\n"
    }

    private static func words(_ direction: BenchmarkDirection) -> String {
        switch direction {
        case .higher: "higher"
        case .lower: "lower"
        case .context: "context"
        }
    }

    private static func unit(_ measure: BenchmarkMeasure?, _ value: Double?) -> String {
        guard value != nil, let measure else { return "" }
        switch measure.unit {
        case .percent: return "%"
        case .hours: return " h"
        case .days: return " days"
        case .perThousandHomes: return ""
        }
    }

    private static func write(_ period: ReportPeriod, into json: inout JSONWriter) {
        json.key("period")
        json.beginObject()
        json.key("from"); json.string(period.from.iso8601)
        json.key("to"); json.string(period.to.iso8601)
        json.endObject()
    }

    private static func write(_ value: Double?, into json: inout JSONWriter) {
        if let value { json.double((value * 100).rounded() / 100) } else { json.null() }
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
