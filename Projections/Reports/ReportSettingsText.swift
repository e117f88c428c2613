import Casework

/// How every form of a report says when it was known at (`--known-at`).
enum ReportSettingsText {
    /// ", as known at 2026-12-06 17:00 (London time)", or nothing when the report is as of now.
    static func knownAt(_ result: ReportResult) -> String {
        guard let knownAt = result.knownAt else { return "" }
        return ", as known at \(EuropeLondon.minuteText(of: knownAt)) (London time): only what had been recorded by then, "
            + "with the settings in force then"
    }
}
