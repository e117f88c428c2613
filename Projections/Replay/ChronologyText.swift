import Casework
import EventLog
import Codec

/// A subject chronology as a table, CSV, Markdown or JSON (`caselog chronology`). Tables, CSV and
/// Markdown show London time to the minute; JSON shows UTC (RFC 3339).
public enum ChronologyText {
    private static let headings = ["occurred", "recorded", "case", "type", "event", "actor", "summary"]

    private static func cells(_ entry: SubjectChronology.Entry) -> [String] {
        [EuropeLondon.minuteText(of: entry.occurredAt), EuropeLondon.minuteText(of: entry.recordedAt), entry.stream,
         entry.caseType, entry.type, ReplayText.oneLine(entry.actor), ReplayText.oneLine(entry.summary)]
    }

    /// Aligned columns with a heading line.
    public static func table(_ chronology: SubjectChronology) -> String {
        let rows = [headings] + chronology.entries.map(cells)
        let widths = headings.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// CSV (`CSV`) with a heading row.
    public static func csv(_ chronology: SubjectChronology) -> String {
        ([headings] + chronology.entries.map(cells)).map(CSV.line).joined()
    }

    /// A Markdown table under a heading.
    public static func markdown(_ chronology: SubjectChronology) -> String {
        var lines = ["# Chronology of \(chronology.subject)", "", "London time; ordered by when things happened.", ""]
        lines.append("| " + headings.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: headings.count))
        for entry in chronology.entries {
            lines.append("| " + cells(entry).map(ReplayMarkdown.escape).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object: the subject, the streams read and why, and the entries.
    public static func json(_ chronology: SubjectChronology) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("subject"); json.string(chronology.subject)
        json.key("streams"); json.beginArray()
        for stream in chronology.scope.streams {
            json.beginObject()
            json.key("stream"); json.string(stream.name)
            json.key("reason"); json.string(stream.reason)
            json.endObject()
        }
        json.endArray()
        json.key("entries"); json.beginArray()
        for entry in chronology.entries {
            json.beginObject()
            json.key("position"); json.unsigned(entry.position)
            json.key("case"); json.string(entry.stream)
            json.key("caseType"); json.string(entry.caseType)
            json.key("version"); json.unsigned(entry.version)
            json.key("type"); json.string(entry.type)
            json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
            json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
            json.key("actor"); json.string(entry.actor)
            json.key("summary"); json.string(entry.summary)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }
}
