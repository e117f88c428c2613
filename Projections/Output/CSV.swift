/// CSV as every caselog output writes it (RFC 4180): fields separated by commas, lines ended by
/// CR LF, a field quoted when it holds a comma, a quote or a line break (its quotes doubled).
///
/// Text typed by a caseworker can reach a spreadsheet through CSV, and a spreadsheet runs a
/// cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
/// formula: such a field is prefixed with `'`, unless it is a plain number (`-3`).
public enum CSV {
    /// The end of every line.
    public static let lineEnd = "\r\n"

    /// `text` as one field: defused, then quoted when it needs to be.
    public static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
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
