import Projections

/// What a command prints for one reading of the store, as bytes: its standard output, the
/// notes it gives on standard error, and the output's media type.
///
/// The command line writes a printout to the terminal; the server answers a GET with
/// `?format=` by sending it (the notes as `Caselog-Note` headers), and the command line run
/// with `--server` prints what it receives: so a command prints the same bytes whichever way
/// it reaches the store (DOMAIN.md §13).
public struct Printout: Sendable, Equatable {
    /// Standard output, exactly.
    public var output: [UInt8] = []
    /// The notes for standard error, one line each, without `note: `.
    public var notes: [String] = []
    /// The output's media type (`application/json`, `text/plain; charset=utf-8`, …).
    public var mediaType: String

    /// An empty printout of `format`.
    public init(_ format: OutputFormat) {
        mediaType = format.mediaType
    }

    /// A printout of what was received: `output`, `notes` and `mediaType` as given.
    public init(output: [UInt8], notes: [String], mediaType: String) {
        self.output = output
        self.notes = notes
        self.mediaType = mediaType
    }

    /// Adds a line of text: control characters a caseworker typed are shown as symbols
    /// (`TextEscaping.visible`), line breaks kept, and a line end added.
    public mutating func print(_ line: String) {
        output += Array((TextEscaping.visible(line, keepingLineBreaks: true) + "\n").utf8)
    }

    /// Adds a document that escapes typed text itself (JSON, CSV, HTML), as it is.
    public mutating func write(_ bytes: [UInt8]) {
        output += bytes
    }

    /// Adds a note for standard error.
    public mutating func note(_ line: String) {
        notes.append(TextEscaping.visible(line))
    }
}

/// The forms a reading is printed in (`--format`, `?format=`); each reading takes some of them.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, text, json, csv, markdown, html

    /// The media type of a printout in this form.
    public var mediaType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .table, .text: "text/plain; charset=utf-8"
        }
    }

    /// `format` when it is one of `accepted`, else a usage error naming them.
    ///
    /// - Throws: `CaselogError` `.usage`.
    public static func checked(_ format: String, of accepted: [OutputFormat]) throws(CaselogError) -> OutputFormat {
        guard let chosen = OutputFormat(rawValue: format), accepted.contains(chosen) else {
            let names = accepted.map(\.rawValue).joined(separator: ", ")
            throw CaselogError(.usage, "format \"\(format)\" is not one of \(names)", cause: FormatError(format: format))
        }
        return chosen
    }

    /// A format a reading does not take.
    public struct FormatError: Error, Sendable {
        public let format: String
    }
}

/// Layout helpers shared by the printouts and the terminal.
public enum TextLayout {
    /// `text` followed by spaces up to `width` characters, and at least one.
    public static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: some BinaryInteger) -> String {
        let digits = Array(String(value))
        var out: [Character] = []
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 && digit != "-" && digits[index - 1] != "-" { out.append(",") }
            out.append(digit)
        }
        return String(out)
    }

    /// `1536` → `1.5 KiB`.
    public static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
