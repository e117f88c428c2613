import EventLog

extension OrganisationSettings {
    /// One event of the settings stream, as `caselog config history` lists it.
    public struct HistoryEntry: Sendable, Equatable {
        /// Where it is in the log.
        public let position: UInt64
        /// When the store wrote it.
        public let recordedAt: Timestamp
        /// Who made the change.
        public let actor: String
        /// What changed: "homes 12500 (was not set)", "bank holidays loaded from
        /// england-and-wales: 1 added, 0 removed; added 2026-06-15".
        public let change: String
    }

    /// Every change of a setting or of the bank holidays in `reader`'s snapshot, oldest first.
    ///
    /// - Complexity: one read of the settings stream.
    public static func history(in reader: borrowing LogReader) throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        try reader.scanStream(SettingsStream.name) { record in
            let data = record.data
            var change: String
            switch record.type {
            case SettingsStream.settingChanged:
                change = "\(data["name"]?.string ?? "?") \(data["value"]?.integer.map(String.init) ?? "?")"
                    + " (was \(data["previous"]?.integer.map(String.init) ?? "not set"))"
            case SettingsStream.holidaysLoaded:
                var added: [String] = [], removed: [String] = []
                data["added"]?.forEachElement { if let date = $0.string { added.append(date) } }
                data["removed"]?.forEachElement { if let date = $0.string { removed.append(date) } }
                change = "bank holidays loaded from \(data["division"]?.string ?? "?"): \(added.count) added, \(removed.count) removed"
                    + (data["forced"]?.bool == true ? ", with --force" : "")
                if !added.isEmpty { change += "; added " + listed(added) }
                if !removed.isEmpty { change += "; removed " + listed(removed) }
            case SettingsStream.targetSet:
                let change0 = Change(position: record.position, recordedAt: record.recordedAt, actor: record.actor)
                if let target = OrganisationSettings.target(from: data, change: change0) {
                    change = "target \(target.measure) \(target.words) from \(target.from)"
                        + (target.amberWithin.map { ", amber within \(Target.number($0))" } ?? "")
                } else {
                    change = record.type
                }
            default:
                change = record.type
            }
            entries.append(HistoryEntry(position: record.position, recordedAt: record.recordedAt, actor: record.actor, change: change))
        }
        return entries
    }

    /// The most dates a line names before it counts the rest: a forced load may change hundreds.
    public static let datesListed = 10

    /// `dates` joined with commas, the first `datesListed` of them and then how many more.
    public static func listed(_ dates: [String]) -> String {
        dates.prefix(datesListed).joined(separator: ", ") + (dates.count > datesListed ? " and \(dates.count - datesListed) more" : "")
    }
}
