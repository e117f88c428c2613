import Codec
import Projections

extension SubjectSearchResult {
    /// The forms `caselog find` prints.
    public static let formats: [OutputFormat] = [.table, .json]

    /// The subjects found as `caselog find --format FORMAT` prints them: reference, kind, name
    /// and date of birth (the user typed the terms), and whom a merged subject was merged into;
    /// none found is an empty list (a note says so), as `caselog cases` prints one.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        if format == .json {
            var json = JSONWriter(capacity: 256 + 128 * subjects.count)
            json.beginObject()
            json.key("subjects"); json.beginArray()
            for subject in subjects {
                json.beginObject()
                json.key("subject"); json.string(subject.reference)
                json.key("kind"); json.stringOrNull(subject.kind)
                json.key("name"); json.stringOrNull(subject.name)
                json.key("dateOfBirth"); json.stringOrNull(subject.dateOfBirth)
                json.key("mergedInto"); json.stringOrNull(subject.mergedInto)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            printout.write(json.bytes + [UInt8(ascii: "\n")])
        } else {
            let visible = { (text: String) in TextEscaping.visible(text) }
            let nameWidth = max(6, subjects.map { visible($0.name ?? "—").count }.max() ?? 0)
            printout.print(TextLayout.padded("subject", 10) + TextLayout.padded("kind", 11) + TextLayout.padded("name", nameWidth + 2)
                + TextLayout.padded("born", 12) + "merged into")
            for subject in subjects {
                printout.print(TextLayout.padded(subject.reference, 10) + TextLayout.padded(subject.kind ?? "—", 11)
                    + TextLayout.padded(visible(subject.name ?? "—"), nameWidth + 2) + TextLayout.padded(subject.dateOfBirth ?? "—", 12)
                    + (subject.mergedInto ?? ""))
            }
        }
        printout.note("\(subjects.count) subject\(subjects.count == 1 ? "" : "s") found")
        return printout
    }
}
