import Casework
import EventLog

/// The panel's pack: the replay as one self-contained HTML page (inline CSS and SVG, no scripts,
/// no external resources) that reads well on screen and printed on A4: a cover with what was
/// read and why, the visual timeline, then every entry, each section starting a new page.
public enum ReplayHTML {
    /// The whole page.
    public static func render(_ replay: Replay) -> String {
        let reference = escape(replay.scope.reference)
        var html = ["<!DOCTYPE html>", "<html lang=\"en-GB\">", "<head>", "<meta charset=\"utf-8\">",
                    "<title>Panel pack: replay of \(reference)</title>", "<style>\(style)</style>", "</head>", "<body>"]
        html.append("<section class=\"cover\">")
        html.append("<p class=\"kicker\">Safeguarding panel pack</p>")
        html.append("<h1>Replay of \(reference)</h1>")
        html.append("<p class=\"lede\">Every entry of the case and of the streams related to it, ordered by when it "
            + "happened (London time), with when it was recorded and who recorded it. Nothing is edited: corrections "
            + "are shown beside the entries they correct.</p>")
        html.append("<ul class=\"facts\">")
        for line in ReplaySummary.lines(replay) { html.append("<li>\(escape(line))</li>") }
        html.append("</ul>")
        html.append("</section>")
        html.append(failures(replay.failures))
        html.append("<section class=\"timeline\">")
        html.append("<h2>Timeline of \(reference)</h2>")
        html.append(ReplayTimelineSVG.render(replay))
        html.append("<h2>Streams read</h2>")
        html.append("<table class=\"streams\"><thead><tr><th>Stream</th><th>Role</th><th>Why it is here</th>"
            + "<th class=\"count\">Entries</th></tr></thead><tbody>")
        for stream in replay.scope.streams {
            let count = replay.entries.filter { $0.stream == stream.name }.count
            html.append("<tr><td>\(swatch(stream.role))<strong>\(escape(stream.name))</strong></td>"
                + "<td>\(escape(stream.role.rawValue))</td><td>\(escape(stream.reason))</td><td class=\"count\">\(count)</td></tr>")
        }
        html.append("</tbody></table>")
        html.append("<h2>How to read this pack</h2>")
        html.append("<ul class=\"key\"><li><span class=\"flag late\">late entry</span> recorded more than 24 hours "
            + "after it happened: what the record showed in between did not include it.</li>"
            + "<li><span class=\"flag gap\">gap</span> more than \(replay.options.gapDays) days between consecutive "
            + "entries with nothing recorded; on the timeline a long gap is cut short and marked with a break.</li>"
            + "<li><span class=\"flag breach\">deadline missed</span> a step done after its due date, or not done by "
            + "\(replay.failures.judgedOn); on the timeline a red bar runs from the due date to when it was done (or to that date).</li>"
            + "<li><span class=\"flag voided\">voided</span> entered in error: struck through, kept, and counted in no deadline, view or report</li>"
            + "<li><span class=\"flag corrected\">corrected</span> the entry as first recorded, with the correction "
            + "beside it (when and by whom).</li>"
            + "<li>Numbers on the timeline are the entries' numbers in the table that follows.</li>"
            + "<li>Personal (†) fields are \(replay.options.includesPersonal ? "shown" : "withheld; the pack names them")."
            + "</li></ul>")
        html.append("</section>")
        html.append("<section class=\"entries\">")
        html.append("<h2>Entries</h2>")
        html.append("<table class=\"entries\"><thead><tr><th class=\"number\">#</th><th class=\"when\">Happened · recorded, by</th>"
            + "<th class=\"stream\">Stream</th><th>Event and details</th></tr></thead><tbody>")
        var number = 0
        for moment in replay.moments {
            switch moment {
            case .entry(let entry):
                number += 1
                html.append(row(entry, number: number, role: role(of: entry.stream, in: replay)))
            case .deadline(let deadline):
                html.append(row(deadline, judgedOn: replay.failures.judgedOn, role: role(of: deadline.stream, in: replay)))
            }
        }
        html.append("</tbody></table>")
        html.append("</section>")
        html += ["</body>", "</html>", ""]
        return html.joined(separator: "\n")
    }

    /// The first section: what went wrong, each part a heading with its lines (deadlines
    /// breached as a table).
    private static func failures(_ failures: ReplayFailures) -> String {
        var html = ["<section class=\"failures\">", "<h2>What went wrong</h2>",
                    "<p class=\"judged\">Deadlines judged on \(failures.judgedOn); every deadline is also on the timeline.</p>"]
        for notice in failures.reviewsNotYetOpened { html.append("<p class=\"notice\">\(escape(notice.notice))</p>") }
        for section in ReplayFailuresText.sections(failures) where !section.title.hasPrefix("Known at") {
            html.append("<h3>\(escape(section.title))</h3>")
            if section.title.hasPrefix("Deadlines breached"), !failures.breaches.isEmpty {
                html.append("<table class=\"breaches\"><thead><tr><th>Case</th><th>Step</th><th>Owner</th><th>Due</th><th>Done</th>"
                    + "<th>Breach</th></tr></thead><tbody>")
                for breach in failures.breaches {
                    html.append("<tr><td>\(escape(breach.stream))</td><td>\(escape(breach.label))</td><td>\(escape(breach.owner ?? "—"))</td>"
                        + "<td>\(breach.due)</td><td>\(breach.done.map { "\($0)" } ?? "not done")</td>"
                        + "<td><span class=\"flag breach\">\(escape("\(breach.status) \(ReplayDeadline.days(breach.daysLate))"))</span>"
                        + (breach.isBeyondCodeLimit ? " extended beyond the Code's limit" : "") + "</td></tr>")
                }
                html.append("</tbody></table>")
                continue
            }
            guard !section.lines.isEmpty else {
                html.append("<p class=\"none\">None.</p>")
                continue
            }
            html.append("<ul>")
            for line in section.lines { html.append("<li\(line.isFailure ? " class=\"failure\"" : "")>\(escape(line.text))</li>") }
            html.append("</ul>")
        }
        html.append("</section>")
        return html.joined(separator: "\n")
    }

    /// The row of a deadline among the entries, at the end of its due day.
    private static func row(_ deadline: ReplayDeadline, judgedOn: CalendarDate, role: RelatedStreams.Role) -> String {
        "<tr class=\"deadline\(deadline.status.isBreach ? " breach" : "")\"><td class=\"number\"></td>"
            + "<td class=\"when\"><strong>\(deadline.due) end of day</strong></td>"
            + "<td class=\"stream\">\(swatch(role))\(escape(deadline.stream))</td>"
            + "<td>\(escape(ReplayFailuresText.timelineText(deadline, judgedOn: judgedOn)))</td></tr>"
    }

    /// The rows of one entry: a gap row before it when there is one, then the entry.
    private static func row(_ entry: ReplayEntry, number: Int, role: RelatedStreams.Role) -> String {
        var rows: [String] = []
        if let gap = entry.gapDaysBefore {
            rows.append("<tr class=\"gap\"><td colspan=\"4\">gap of \(gap) days with nothing recorded</td></tr>")
        }
        var details: [String] = []
        if let days = entry.lateDays {
            details.append("<span class=\"flag late\">late entry (recorded \(days) day\(days == 1 ? "" : "s") later)</span>")
        }
        if !entry.fields.isEmpty { details.append("<div class=\"fields\">\(fields(entry.fields))</div>") }
        if let note = ReplayText.personalNote(entry.personal) { details.append("<div class=\"personal\">\(escape(note))</div>") }
        for correction in entry.corrections {
            var text = "<div class=\"correction\"><span class=\"flag corrected\">corrected</span> "
                + "\(escape(EuropeLondon.minuteText(of: correction.recordedAt))) by \(escape(correction.actor)) "
                + "(v\(correction.version))" + (correction.reason.map { ": " + escape($0) } ?? "")
            if !correction.changes.isEmpty { text += " → " + fields(correction.changes) }
            if let note = ReplayText.personalNote(correction.personal) { text += " <span class=\"personal\">(\(escape(note)))</span>" }
            details.append(text + "</div>")
        }
        if let source = entry.source {
            details.append("<span class=\"flag migrated\">\(escape(source.description))</span>")
        }
        if let void = entry.voided {
            details.append("<div class=\"void\"><span class=\"flag voided\">voided: entered in error</span> "
                + "\(escape(EuropeLondon.minuteText(of: void.recordedAt))) by \(escape(void.actor)) (v\(void.version))"
                + (void.reason.map { ": " + escape($0) } ?? "") + "; it counts in no deadline, view or report</div>")
        }
        let classes = ["entry"] + (entry.isLate ? ["is-late"] : []) + (entry.corrections.isEmpty ? [] : ["is-corrected"])
            + (entry.voided == nil ? [] : ["is-voided"])
        rows.append("<tr class=\"\(classes.joined(separator: " "))\"><td class=\"number\">\(number)</td>"
            + "<td class=\"when\"><strong>\(escape(EuropeLondon.minuteText(of: entry.occurredAt)))</strong><br>"
            + "<span class=\"recorded\">\(escape(EuropeLondon.minuteText(of: entry.recordedAt)))<br>"
            + "\(escape(entry.recordedBy))</span></td>"
            + "<td class=\"stream\">\(swatch(role))\(escape(entry.stream)) <span class=\"version\">v\(entry.version)</span></td>"
            + "<td><div class=\"type\">\(escape(entry.type))</div>\(details.joined())</td></tr>")
        return rows.joined(separator: "\n")
    }

    private static func fields(_ fields: [ReplayField]) -> String {
        fields.map { field in
            "<span class=\"field\"><span class=\"name\">\(escape(field.name))\(field.isPersonal ? "†" : "")</span> "
                + "\(escape(field.value))</span>"
        }.joined(separator: " ")
    }

    private static func role(of stream: String, in replay: Replay) -> RelatedStreams.Role {
        replay.scope.streams.first { $0.name == stream }?.role ?? .linked
    }

    private static func swatch(_ role: RelatedStreams.Role) -> String {
        "<span class=\"swatch\" style=\"background:\(colour(of: role))\"></span>"
    }

    /// The colour of a lane of streams with `role`, in the timeline and the tables.
    static func colour(of role: RelatedStreams.Role) -> String {
        switch role {
        case .focus: "#1f4e79"
        case .incident: "#a23b2a"
        case .linked: "#2e7d32"
        case .subjectCase: "#6a4c93"
        case .subject: "#5f6b73"
        }
    }

    /// `TextEscaping.html`.
    static func escape(_ text: String) -> String { TextEscaping.html(text) }

    private static let style = """
        @page { size: A4; margin: 14mm 12mm 16mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font: 10pt/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; \
        max-width: 186mm; padding: 10mm 0; }
        h1 { font-size: 20pt; margin: 0 0 6pt; color: #10263d; }
        h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #10263d; color: #10263d; }
        .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 9pt; color: #5f6b73; margin: 0; }
        .lede { font-size: 11pt; margin: 0 0 8pt; }
        .facts { padding-left: 1.2em; margin: 0; }
        .facts li { margin: 2pt 0; }
        .key { padding-left: 1.2em; }
        .key li { margin: 4pt 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 0.5pt solid #c5ccd3; }
        th { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.04em; color: #44505a; border-bottom: 1pt solid #44505a; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        td.count, th.count { text-align: right; }
        section + section { break-before: page; page-break-before: always; }
        section.cover + section.failures { break-before: auto; page-break-before: auto; }
        h3 { font-size: 10.5pt; margin: 10pt 0 3pt; color: #10263d; }
        .failures ul { padding-left: 1.2em; margin: 0; }
        .failures li { margin: 1.5pt 0; }
        .failures li.failure::marker { color: #b3261e; }
        .failures .none { margin: 0; color: #5f6b73; font-style: italic; }
        .judged { margin: 0 0 4pt; color: #44505a; }
        .notice { margin: 4pt 0 6pt; padding: 5pt 8pt; border-left: 3pt solid #1f4e79; background: #eef4fa; font-weight: bold; }
        table.breaches { font-size: 9pt; }
        .flag.breach { background: #fbe3e1; color: #8c1d18; border: 0.5pt solid #b3261e; }
        tr.deadline td { font-size: 8pt; color: #44505a; background: #f7f9fb; }
        tr.deadline.breach td { color: #8c1d18; background: #fdf1f0; font-weight: bold; }
        table.entries td.number { color: #5f6b73; text-align: right; width: 1%; }
        svg.timeline { display: block; width: 100%; height: auto; margin-top: 6pt; }
        .swatch { display: inline-block; width: 8pt; height: 8pt; border-radius: 2pt; margin-right: 4pt; vertical-align: -1pt; }
        table.entries { font-size: 8.5pt; }
        table.entries td.when, table.entries td.stream { white-space: nowrap; width: 1%; }
        table.entries .type { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; font-weight: bold; margin-bottom: 1pt; }
        .recorded, .version { color: #5f6b73; font-size: 8pt; }
        .field { display: inline-block; margin: 0 6pt 1pt 0; }
        .field .name { color: #5f6b73; }
        .personal { color: #5f6b73; font-style: italic; }
        .flag { display: inline-block; font-weight: bold; font-size: 8pt; padding: 0 4pt; border-radius: 3pt; margin: 0 4pt 2pt 0; }
        .flag.late { background: #fde7cf; color: #7a3e00; border: 0.5pt solid #d9822b; }
        .flag.gap { background: #eceff1; color: #37474f; border: 0.5pt solid #90a4ae; }
        .flag.corrected { background: #f3e5f5; color: #5b1a70; border: 0.5pt solid #8e24aa; }
        .flag.migrated { background: #e6f4ea; color: #1e4620; border: 0.5pt solid #2e7d32; }
        .flag.voided { background: #eeeeee; color: #333; border: 0.5pt solid #555; text-decoration: none; }
        tr.is-voided .type, tr.is-voided .fields, tr.is-voided .when strong { text-decoration: line-through; color: #666; }
        tr.is-late td { background: #fff7ee; }
        tr.gap td { background: #eceff1; color: #37474f; font-style: italic; text-align: center; }
        .correction { margin-top: 3pt; padding: 2pt 4pt; border-left: 2pt solid #8e24aa; background: #faf5fb; }
        @media screen { body { padding: 12mm; } }
        @media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; page-break-after: avoid; } }
        """
}
