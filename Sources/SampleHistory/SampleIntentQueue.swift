import Casework
/// A case's own timetable: what it will do next and when, earliest first.
///
/// Small (a case rarely has more than a dozen things pending), so a sorted array beats a heap.
struct SampleIntentQueue<Intent> {
    private var items: [(time: Int64, order: Int, intent: Intent)] = []
    private var counter = 0

    var nextTime: Int64? { items.first?.time }
    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ intent: Intent, at time: Int64) {
        counter += 1
        var index = items.count
        while index > 0 && items[index - 1].time > time { index -= 1 }
        items.insert((time, counter, intent), at: index)
    }

    mutating func removeFirst() -> (time: Int64, intent: Intent) {
        let first = items.removeFirst()
        return (first.time, first.intent)
    }

    mutating func removeAll(where shouldRemove: (Intent) -> Bool) {
        items.removeAll { shouldRemove($0.intent) }
    }

    func contains(where matches: (Intent) -> Bool) -> Bool {
        items.contains { matches($0.intent) }
    }

    /// The latest time of the intents that match, if any.
    func latestTime(where matches: (Intent) -> Bool) -> Int64? {
        items.last { matches($0.intent) }?.time
    }
}
