import Casework
import EventLog

/// The facts every form of the replay states under its title: the cut, the counts of what is
/// flagged, and what was hidden.
enum ReplaySummary {
    /// One line per fact, in plain text.
    static func lines(_ replay: Replay) -> [String] {
        let options = replay.options
        var lines: [String] = []
        if !replay.scope.subjects.isEmpty { lines.append("subjects: " + replay.scope.subjects.joined(separator: ", ")) }
        if let knownAt = options.knownAt {
            lines.append("known at \(EuropeLondon.minuteText(of: knownAt)): only what had been recorded by then"
                + " (\(replay.hiddenByKnownAt) recorded later not shown)")
        }
        if let asOf = options.asOf {
            lines.append("as of \(EuropeLondon.minuteText(of: asOf)): only what had happened by then"
                + " (\(replay.hiddenByAsOf) later not shown)")
        }
        let entries = replay.entries
        let late = entries.filter(\.isLate).count
        let corrected = entries.filter { !$0.corrections.isEmpty }.count
        let gaps = entries.filter { $0.gapDaysBefore != nil }.count
        lines.append("\(entries.count) entries; \(late) late (recorded more than 24 hours after), \(corrected) corrected, "
            + "\(gaps) gap\(gaps == 1 ? "" : "s") of more than \(options.gapDays) days"
            + (options.gapDaysSource.map { " (\($0))" } ?? ""))
        func isWithheld(_ personal: ReplayPersonal) -> Bool { if case .withheld = personal { true } else { false } }
        // A correction's changes may withhold personal fields too, where its entry has none.
        let withheld = entries.contains { isWithheld($0.personal) || $0.corrections.contains { isWithheld($0.personal) } }
        if options.includesPersonal {
            lines.append("personal (†) fields shown")
        } else if withheld {
            lines.append("personal (†) fields withheld; --include-personal shows them")
        }
        return lines
    }
}
