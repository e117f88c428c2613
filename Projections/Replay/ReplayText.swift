import Casework
import EventLog

/// The replay as plain text for a terminal (`caselog replay`, and `--step` one entry at a time).
/// Times are London wall-clock time to the minute.
public enum ReplayText {
    /// The whole replay: the header and what went wrong, then every entry with each deadline
    /// at the end of its due day.
    public static func render(_ replay: Replay) -> String {
        let moments = replay.moments.map { moment in
            switch moment {
            case .entry(let entry): self.entry(entry)
            case .deadline(let deadline): ReplayFailuresText.timelineLine(deadline, judgedOn: replay.failures.judgedOn)
            }
        }
        return ([header(replay)] + moments).joined(separator: "\n")
    }

    /// What is replayed and how it was cut (the streams and why each is there, the filters, what
    /// they hid), then what went wrong.
    public static func header(_ replay: Replay) -> String {
        var lines = ["Replay of \(replay.scope.reference) (London time; ordered by when things happened)"]
        lines.append("streams:")
        let width = replay.scope.streams.map(\.name.count).max() ?? 0
        for stream in replay.scope.streams {
            lines.append("  " + padded(stream.name, width) + "  " + stream.reason)
        }
        lines.append("")
        lines.append(contentsOf: ReplaySummary.lines(replay))
        lines.append("")
        lines.append(ReplayFailuresText.title(replay.failures))
        for section in ReplayFailuresText.sections(replay.failures) {
            lines.append("\(section.title):")
            lines += section.lines.isEmpty ? ["  none"] : section.lines.map { "  " + oneLine($0.text) }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// One entry, with the gap before it, its fields, flags and corrections.
    public static func entry(_ entry: ReplayEntry) -> String {
        var lines: [String] = []
        if let gap = entry.gapDaysBefore {
            lines.append("  ~~ gap of \(gap) days with nothing recorded ~~")
        }
        lines.append((entry.voided == nil ? "" : "VOIDED ") + EuropeLondon.minuteText(of: entry.occurredAt) + "  \(entry.stream) v\(entry.version)  \(entry.type)"
            + "  by \(oneLine(entry.recordedBy))  recorded \(EuropeLondon.minuteText(of: entry.recordedAt))")
        if !entry.fields.isEmpty { lines.append("    " + fieldsText(entry.fields)) }
        if let note = personalNote(entry.personal) { lines.append("    " + note) }
        for flag in entry.flags where flag != "corrected" && flag != "voided" { lines.append("    ! " + flag) }
        if let void = entry.voided {
            lines.append("    ! voided, entered in error: \(EuropeLondon.minuteText(of: void.recordedAt)) by \(oneLine(void.actor))"
                + " (v\(void.version))" + (void.reason.map { ": " + oneLine($0) } ?? "") + "; it counts in no deadline, view or report")
            if let note = personalNote(void.personal) { lines.append("      " + note) }
        }
        for correction in entry.corrections {
            var line = "    ! corrected \(EuropeLondon.minuteText(of: correction.recordedAt)) by \(oneLine(correction.actor))"
                + " (v\(correction.version))" + (correction.reason.map { ": " + oneLine($0) } ?? "")
            if !correction.changes.isEmpty { line += " -> " + fieldsText(correction.changes) }
            lines.append(line)
            if let note = personalNote(correction.personal) { lines.append("      " + note) }
        }
        return lines.joined(separator: "\n")
    }

    /// `name: value · name: value`, personal fields marked †.
    static func fieldsText(_ fields: [ReplayField]) -> String {
        fields.map { "\($0.name)\($0.isPersonal ? "†" : ""): \(oneLine($0.value))" }.joined(separator: " · ")
    }

    /// The line that says what became of personal fields, if anything is to be said.
    static func personalNote(_ personal: ReplayPersonal) -> String? {
        switch personal {
        case .none, .shown: nil
        case .withheld(let names): "personal fields withheld: " + names.joined(separator: ", ")
        case .erased: "personal fields erased from the store"
        }
    }

    /// `text` on one line: line breaks and tabs shown as spaces, so typed text keeps its entry's shape.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
