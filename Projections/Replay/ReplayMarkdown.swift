import Casework
import EventLog

/// The replay as Markdown, for a panel's working notes: a list of the streams, then one item per
/// entry with its fields, flags and corrections. Times are London wall-clock time to the minute.
public enum ReplayMarkdown {
    /// The whole replay as one Markdown document.
    public static func render(_ replay: Replay) -> String {
        var lines = ["# Replay of \(escape(replay.scope.reference))", "",
                     "London time; ordered by when things happened.", "", "## Streams", ""]
        for stream in replay.scope.streams {
            lines.append("- **\(escape(stream.name))**: \(escape(stream.reason))")
        }
        lines.append("")
        lines += ReplaySummary.lines(replay).map { "- " + escape($0) }
        lines += ["", "## What went wrong", "", "Deadlines judged on \(replay.failures.judgedOn).", ""]
        for section in ReplayFailuresText.sections(replay.failures) {
            lines += ["### " + escape(section.title), ""]
            lines += section.lines.isEmpty ? ["- none"] : section.lines.map { "- " + escape(ReplayText.oneLine($0.text)) }
            lines.append("")
        }
        lines += ["## Entries", ""]
        for moment in replay.moments {
            guard case .entry(let entry) = moment else {
                if case .deadline(let deadline) = moment {
                    let line = escape(ReplayFailuresText.timelineLine(deadline, judgedOn: replay.failures.judgedOn))
                    lines.append(deadline.status.isBreach ? "- **\(line)**" : "- *\(line)*")
                }
                continue
            }
            if let gap = entry.gapDaysBefore { lines.append("- *gap of \(gap) days with nothing recorded*") }
            var line = "- **\(EuropeLondon.minuteText(of: entry.occurredAt))** · \(escape(entry.stream)) v\(entry.version) · "
                + "`\(entry.type)` · by \(escape(entry.recordedBy)) · recorded \(EuropeLondon.minuteText(of: entry.recordedAt))"
            let flags = entry.flags.filter { $0 != "corrected" && $0 != "voided" }
            if !flags.isEmpty { line += " · **" + flags.joined(separator: "; ") + "**" }
            if entry.voided != nil { line = "- ~~" + line.dropFirst(2) + "~~ · **voided**" }
            lines.append(line)
            if let void = entry.voided {
                lines.append("  - **voided**, entered in error, \(EuropeLondon.minuteText(of: void.recordedAt)) by \(escape(void.actor))"
                    + " (v\(void.version))" + (void.reason.map { ": " + escape(ReplayText.oneLine($0)) } ?? "")
                    + "; it counts in no deadline, view or report")
            }
            if !entry.fields.isEmpty { lines.append("  - " + escape(ReplayText.fieldsText(entry.fields))) }
            if let note = ReplayText.personalNote(entry.personal) { lines.append("  - *\(note)*") }
            for correction in entry.corrections {
                var text = "  - **corrected** \(EuropeLondon.minuteText(of: correction.recordedAt)) by \(escape(correction.actor))"
                    + " (v\(correction.version))" + (correction.reason.map { ": " + escape(ReplayText.oneLine($0)) } ?? "")
                if !correction.changes.isEmpty { text += " → " + escape(ReplayText.fieldsText(correction.changes)) }
                lines.append(text)
                if let note = ReplayText.personalNote(correction.personal) { lines.append("    - *\(note)*") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `TextEscaping.markdown`.
    static func escape(_ text: String) -> String { TextEscaping.markdown(text) }
}
