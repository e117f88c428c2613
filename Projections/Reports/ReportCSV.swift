/// A learning report as CSV (`CSV`) with the header `figure,value`: one row per figure,
/// then one per cell of each list, named `list.rowKey.column` (a tidy long layout that a
/// spreadsheet pivots), then one per setting it used, `settings.NAME` (and `knownAt`, when
/// given). Missing values are empty.
enum ReportCSV {
    static func render(_ result: ReportResult) -> String {
        var lines = ["figure,value"]
        for figure in result.figures {
            lines.append(field(figure.name) + "," + (figure.value.number.map(number) ?? ""))
        }
        for list in result.lists {
            for row in list.rows {
                for (column, cell) in zip(list.columns, row.cells) {
                    let value: String
                    switch cell {
                    case .null: value = ""
                    case .integer(let integer): value = String(integer)
                    case .bool(let flag): value = flag ? "true" : "false"
                    case .text, .texts: value = field(cell.text)
                    }
                    lines.append(field("\(list.name).\(row.key).\(column)") + "," + value)
                }
            }
        }
        for outcome in result.targets {
            let name = "targets." + outcome.target.measure.description
            lines.append(field(name + ".target") + "," + number(outcome.target.value))
            lines.append(field(name + ".actual") + "," + (outcome.figure.value.number.map(number) ?? ""))
            lines.append(field(name + ".status") + "," + outcome.status.rawValue)
            for point in outcome.trend {
                lines.append(field(name + ".trend." + point.period.from.iso8601) + "," + (point.value.number.map(number) ?? ""))
            }
        }
        for setting in result.settings {
            lines.append(field("settings.\(setting.name)") + "," + field("\(setting.value) (\(setting.source))"))
        }
        if let knownAt = result.knownAt { lines.append("knownAt," + knownAt.iso8601) }
        return lines.joined(separator: CSV.lineEnd) + CSV.lineEnd
    }

    /// `1` for a whole number, `83.3` otherwise.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// One field (`CSV.field`).
    static func field(_ text: String) -> String { CSV.field(text) }
}
