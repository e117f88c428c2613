import Casework
/// A planned `case.entry-corrected`: the event it corrects and what it changes.
struct SampleCorrection {
    var eventID: String
    var reason: String
    var changesJSON: String
}

/// The corrections a case has planned, by number, so that its intents stay plain values that
/// are cheap to move around.
struct SamplePlannedCorrections {
    private var corrections: [SampleCorrection?] = []

    mutating func add(_ correction: SampleCorrection) -> Int {
        corrections.append(correction)
        return corrections.count - 1
    }

    mutating func take(_ number: Int) -> SampleCorrection {
        defer { corrections[number] = nil }
        return corrections[number]!
    }
}
