/// CSV as every caselog output writes it (RFC 4180): fields separated by commas, lines ended by
/// CR LF, a field quoted when it holds a comma, a quote or a line break (its quotes doubled).
///
/// Text typed by a caseworker can reach a spreadsheet, or a terminal, through CSV: its control
/// characters are shown as symbols (`TextEscaping.visible`: ESC as ␛, a carriage return as ␍),
/// keeping tabs and line feeds, so the only carriage returns in the output are its line ends.
/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab before one) as a
/// formula: such a field is prefixed with `'`, unless it is a plain number (`-3`).
///
/// CSV is written to standard output as it is (`Terminal.writeDocument`), not through the
/// terminal's own escaping, which would show the line ends' carriage returns as ␍.
public enum CSV {
    /// The end of every line.
    public static let lineEnd = "\r\n"

    /// `text` as one field: its control characters shown, defused, then quoted when it needs to be.
    public static func field(_ text: String) -> String {
        var text = TextEscaping.visible(text, keepingLineBreaks: true)
        if let first = text.unicodeScalars.first, "=+-@\t".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// `fields` as one line, each through `field(_:)`, with its line end.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + lineEnd
    }
}
