import Casework
import EventLog
import Codec

/// A subject access bundle as text, JSON or a page to print (`caselog subject-access`). Text and
/// HTML show London time to the minute; JSON shows UTC (RFC 3339). Each form ends with the
/// positions drawn on and the head position and hash, and says how to check them.
public enum SubjectAccessText {
    /// How to check the bundle against the chain, in every form.
    public static let howToCheck = "To check this bundle against the chain: `caselog verify` on the store must say the chain "
        + "holds; the line of `caselog export --from <head position> --without-personal` for the head position must carry the "
        + "bundle's head hash (the chain is only appended to, so a later `caselog verify --digest` still covers it); and each "
        + "position listed must, in the same export from position 1, be the event shown here, with the same stream, version "
        + "and type."

    /// The period the events cover, by when they happened: (first, last), nil when none.
    static func period(_ bundle: SubjectAccessBundle) -> (Timestamp, Timestamp)? {
        guard let first = bundle.events.map(\.occurredAt).min(), let last = bundle.events.map(\.occurredAt).max() else { return nil }
        return (first, last)
    }

    /// The summary lines shared by text and HTML.
    static func summary(_ bundle: SubjectAccessBundle) -> [String] {
        var lines = ["\(bundle.cases.count) case\(bundle.cases.count == 1 ? "" : "s") and the subject's own record; "
            + "\(bundle.events.count) event\(bundle.events.count == 1 ? "" : "s")"]
        if let (first, last) = period(bundle) {
            lines.append("from \(EuropeLondon.minuteText(of: first)) to \(EuropeLondon.minuteText(of: last)) (London time)")
        }
        lines.append("\(bundle.redactedCount) field\(bundle.redactedCount == 1 ? "" : "s") redacted as possibly another person's data")
        return lines
    }

    /// The events of `stream`, in log order.
    static func events(of stream: String, in bundle: SubjectAccessBundle) -> [SubjectAccessBundle.Event] {
        bundle.events.filter { $0.stream == stream }
    }

    /// The positions as one line: `1, 2, 5`.
    static func positionsText(_ bundle: SubjectAccessBundle) -> String {
        bundle.positions.map(String.init).joined(separator: ", ")
    }

    /// Plain text: a heading, the summary, each stream's events with their fields, then the positions.
    public static func text(_ bundle: SubjectAccessBundle) -> String {
        var lines = ["Subject access: everything held about \(bundle.subject)", ""] + summary(bundle).map { "  " + $0 }
        for stream in bundle.streams {
            lines += ["", "\(stream.name) (\(stream.caseType); \(stream.reason))"
                + (stream.showsPersonal ? "" : ": personal fields redacted")]
            for event in events(of: stream.name, in: bundle) {
                lines.append("  #\(event.position) v\(event.version) \(EuropeLondon.minuteText(of: event.occurredAt)) "
                    + "\(event.type) by \(ReplayText.oneLine(event.actor))")
                for field in event.fields {
                    lines.append("      \(field.name)\(field.isPersonal ? "†" : ""): \(ReplayText.oneLine(field.value))")
                }
                if event.isErased { lines.append("      (personal fields erased from the store)") }
            }
        }
        lines += ["", "Positions drawn on: \(positionsText(bundle))", "Head: \(bundle.head.position) \(bundle.head.hash)", "", howToCheck]
        return lines.joined(separator: "\n")
    }

    /// One JSON object: the subject, the head, the positions, the streams and the events.
    public static func json(_ bundle: SubjectAccessBundle) -> [UInt8] {
        var json = JSONWriter(capacity: 8192)
        json.beginObject()
        json.key("subject"); json.string(bundle.subject)
        json.key("head"); json.beginObject()
        json.key("position"); json.unsigned(bundle.head.position)
        json.key("hash"); json.string(bundle.head.hash.description)
        json.endObject()
        json.key("positions"); json.beginArray()
        for position in bundle.positions { json.unsigned(position) }
        json.endArray()
        json.key("howToCheck"); json.string(howToCheck)
        json.key("redactedText"); json.string(SubjectAccessBundle.redactedText)
        json.key("streams"); json.beginArray()
        for stream in bundle.streams {
            json.beginObject()
            json.key("stream"); json.string(stream.name)
            json.key("caseType"); json.string(stream.caseType)
            json.key("reason"); json.string(stream.reason)
            json.key("personalShown"); json.bool(stream.showsPersonal)
            json.endObject()
        }
        json.endArray()
        json.key("events"); json.beginArray()
        for event in bundle.events {
            json.beginObject()
            json.key("position"); json.unsigned(event.position)
            json.key("stream"); json.string(event.stream)
            json.key("version"); json.unsigned(event.version)
            json.key("type"); json.string(event.type)
            json.key("occurredAt"); json.string(event.occurredAt.iso8601)
            json.key("recordedAt"); json.string(event.recordedAt.iso8601)
            json.key("actor"); json.string(event.actor)
            json.key("fields"); json.beginArray()
            for field in event.fields {
                json.beginObject()
                json.key("name"); json.string(field.name)
                json.key("value"); json.string(field.value)
                json.key("personal"); json.bool(field.isPersonal)
                json.endObject()
            }
            json.endArray()
            json.key("redacted"); json.beginArray()
            for name in event.redacted { json.string(name) }
            json.endArray()
            json.key("erased"); json.bool(event.isErased)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    /// One self-contained page (inline CSS, no scripts) that reads well printed on A4: title, the
    /// person, a summary, each stream's events in order, and a footer with the positions and head.
    public static func html(_ bundle: SubjectAccessBundle) -> String {
        let subject = escape(bundle.subject)
        var html = ["<!DOCTYPE html>", "<html lang=\"en-GB\">", "<head>", "<meta charset=\"utf-8\">",
                    "<title>Subject access: \(subject)</title>", "<style>\(style)</style>", "</head>", "<body>"]
        html.append("<header>")
        html.append("<p class=\"kicker\">Subject access request</p>")
        html.append("<h1>Everything held about \(subject)</h1>")
        html.append("<p class=\"lede\">The subject's own record and every case about them, each event in the order "
            + "it was recorded, with all its fields. Personal (†) fields on a case about several people may be "
            + "another person's data and are shown as <span class=\"redacted\">\(escape(SubjectAccessBundle.redactedText))"
            + "</span>. Times are London time.</p>")
        html.append("<ul class=\"facts\">")
        for line in summary(bundle) { html.append("<li>\(escape(line))</li>") }
        html.append("</ul>")
        html.append("<table class=\"streams\"><thead><tr><th>Record</th><th>Kind</th><th>Why it is here</th>"
            + "<th>Personal fields</th><th class=\"count\">Events</th></tr></thead><tbody>")
        for stream in bundle.streams {
            html.append("<tr><td class=\"ref\"><strong>\(escape(stream.name))</strong></td><td>\(escape(stream.caseType))</td>"
                + "<td>\(escape(stream.reason))</td><td>\(stream.showsPersonal ? "shown" : "redacted")</td>"
                + "<td class=\"count\">\(events(of: stream.name, in: bundle).count)</td></tr>")
        }
        html.append("</tbody></table>")
        html.append("</header>")
        for stream in bundle.streams {
            html.append("<section>")
            html.append("<h2>\(escape(stream.name)) <span class=\"sub\">\(escape(stream.caseType)) · \(escape(stream.reason))</span></h2>")
            html.append("<table class=\"events\"><thead><tr><th class=\"when\">Happened</th>"
                + "<th>Event and fields</th><th class=\"count\">Position</th></tr></thead><tbody>")
            for event in events(of: stream.name, in: bundle) {
                var fields = event.fields.map { field in
                    let value = field.value == SubjectAccessBundle.redactedText && event.redacted.contains(field.name)
                        ? "<span class=\"redacted\">\(escape(field.value))</span>" : escape(field.value)
                    return "<tr><th>\(escape(field.name))\(field.isPersonal ? "†" : "")</th><td>\(value)</td></tr>"
                }
                if event.isErased { fields.append("<tr><th></th><td class=\"note\">personal fields erased from the store</td></tr>") }
                html.append("<tr><td class=\"when\"><strong>\(escape(EuropeLondon.minuteText(of: event.occurredAt)))</strong><br>"
                    + "<span class=\"muted\">recorded \(escape(EuropeLondon.minuteText(of: event.recordedAt)))<br>by \(escape(event.actor))</span></td>"
                    + "<td><div class=\"type\">\(escape(event.type)) <span class=\"muted\">v\(event.version)</span></div>"
                    + (fields.isEmpty ? "" : "<table class=\"fields\">\(fields.joined())</table>")
                    + "</td><td class=\"count\">\(event.position)</td></tr>")
            }
            html.append("</tbody></table>")
            html.append("</section>")
        }
        html.append("<footer>")
        html.append("<h2>Checking this bundle against the chain</h2>")
        html.append("<p>Positions drawn on: <span class=\"mono\">\(escape(positionsText(bundle)))</span></p>")
        html.append("<p>Head position <span class=\"mono\">\(bundle.head.position)</span>, head hash "
            + "<span class=\"mono hash\">\(bundle.head.hash)</span></p>")
        html.append("<p>\(codeSpans(escape(howToCheck)))</p>")
        html.append("</footer>")
        html += ["</body>", "</html>", ""]
        return html.joined(separator: "\n")
    }

    private static func escape(_ text: String) -> String { TextEscaping.html(text) }

    /// Escaped `text` with each `quoted` stretch set as code.
    private static func codeSpans(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { index, part in index % 2 == 1 ? "<code>\(part)</code>" : String(part) }.joined()
    }

    private static let style = """
        @page { size: A4; margin: 14mm 12mm 16mm; }
        * { box-sizing: border-box; }
        body { font: 10pt/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; \
        max-width: 186mm; padding: 10mm 0; }
        h1 { font-size: 20pt; margin: 0 0 6pt; color: #10263d; }
        h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #10263d; color: #10263d; }
        h2 .sub { font-size: 9pt; font-weight: normal; color: #5f6b73; }
        .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 9pt; color: #5f6b73; margin: 0; }
        .lede { font-size: 11pt; margin: 0 0 8pt; }
        .facts { padding-left: 1.2em; margin: 0 0 10pt; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 0.5pt solid #c5ccd3; }
        thead th { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.04em; color: #44505a; border-bottom: 1pt solid #44505a; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .count { text-align: right; width: 1%; white-space: nowrap; }
        td.ref, th.when { white-space: nowrap; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; background: #f1f3f5; padding: 0 2pt; }
        table.events { font-size: 9pt; }
        table.events td.when { white-space: nowrap; width: 1%; }
        .type { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; font-weight: bold; margin-bottom: 2pt; }
        table.fields th, table.fields td { border: none; padding: 0 4pt 1pt 0; font-size: 9pt; }
        table.fields th { font-weight: normal; color: #5f6b73; white-space: nowrap; width: 1%; }
        .muted { color: #5f6b73; font-size: 8pt; font-weight: normal; }
        .redacted { background: #eceff1; color: #37474f; font-style: italic; padding: 0 3pt; border-radius: 2pt; }
        .note { color: #5f6b73; font-style: italic; }
        .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
        .hash { word-break: break-all; }
        footer { margin-top: 14pt; break-inside: avoid; page-break-inside: avoid; }
        @media screen { body { padding: 12mm; } }
        @media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; page-break-after: avoid; } }
        """
}
