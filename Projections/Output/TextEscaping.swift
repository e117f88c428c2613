import Codec
/// Typed text made safe for the page it lands on, the same way in every output: a caseworker's
/// words stay words, whatever characters they hold.
///
/// One rule per form, applied where the form is written: `visible` for a terminal and for CSV
/// (`CSV.field`), `markdown`, `html`; JSON escapes every control character itself (EventLog's
/// `JSONWriter`, as `\u001b`).
public enum TextEscaping {
    /// `text` with control characters shown as symbols: a C0 control as its Control Picture
    /// (ESC as ␛, a carriage return as ␍, a line feed as ␊), DEL as ␡, and a C1 control, a line
    /// or paragraph separator or a bidirectional override or isolate as U+FFFD. Typed text so
    /// shown can neither move a terminal's cursor, recolour it or make a link, nor start a
    /// second line that looks like output, nor show a cell's text in another order than it has.
    /// `keepingLineBreaks` keeps tabs and line feeds (text of several lines, a CSV field).
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A: !keepingLineBreaks
            case 0x00..<0x20, 0x7F...0x9F: true
            case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isControl(scalar) {
                shown.append(scalar)
            } else if scalar.value < 0x20 {
                shown.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                shown.append("\u{2421}")
            } else {
                shown.append("\u{FFFD}")
            }
        }
        return String(shown)
    }

    /// `text` on one line for Markdown: line breaks and tabs become spaces, other control
    /// characters, separators and bidirectional overrides U+FFFD, and Markdown's special characters (`` \ ` * _ [ ] < > # | ``) are
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
    /// and tabs as spaces, other control characters, separators and bidirectional overrides U+FFFD.
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

    /// Appends `scalar`, or U+FFFD for a control character (C0 or C1), a line or paragraph
    /// separator or a bidirectional override or isolate (as `visible` shows them).
    private static func append(_ scalar: Unicode.Scalar, to text: inout String) {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            text.unicodeScalars.append("\u{FFFD}")
        default:
            text.unicodeScalars.append(scalar)
        }
    }
}
