/// Typed text made safe for the page it lands on, the same way in every output: a caseworker's
/// words stay words, whatever characters they hold.
public enum TextEscaping {
    /// `text` on one line for Markdown: line breaks and tabs become spaces, other control
    /// characters U+FFFD, and Markdown's special characters (`` \ ` * _ [ ] < > # | ``) are
    /// escaped with a backslash, so a table cell stays one cell and nothing renders as markup.
    public static func markdown(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": escaped += " "
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|":
                escaped += "\\"
                escaped.unicodeScalars.append(scalar)
            default: append(scalar, to: &escaped)
            }
        }
        return escaped
    }

    /// `text` safe inside HTML text and attribute values: `& < > " '` as entities, line breaks
    /// and tabs as spaces, other control characters U+FFFD.
    public static func html(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\n", "\r", "\t": escaped += " "
            default: append(scalar, to: &escaped)
            }
        }
        return escaped
    }

    /// Appends `scalar`, or U+FFFD for a control character (C0 or C1).
    private static func append(_ scalar: Unicode.Scalar, to text: inout String) {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            text.unicodeScalars.append("\u{FFFD}")
        } else {
            text.unicodeScalars.append(scalar)
        }
    }
}
