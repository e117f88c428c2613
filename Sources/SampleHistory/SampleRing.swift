import Casework
/// A fixed-size ring of recent values, oldest overwritten first: how the generator remembers
/// past subjects and cases in memory that does not grow with the history.
struct SampleRing<Element> {
    private var elements: [Element] = []
    private var nextIndex = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEmpty: Bool { elements.isEmpty }
    var count: Int { elements.count }

    mutating func append(_ element: Element) {
        if elements.count < capacity {
            elements.append(element)
        } else {
            elements[nextIndex] = element
            nextIndex = (nextIndex + 1) % capacity
        }
    }

    func randomElement(_ random: inout SampleRandom) -> Element? {
        elements.isEmpty ? nil : elements[random.below(elements.count)]
    }

    /// One of the `recent` most recently added elements.
    func recentElement(_ random: inout SampleRandom, within recent: Int) -> Element? {
        guard !elements.isEmpty else { return nil }
        let back = random.below(min(recent, elements.count))
        let newest = elements.count < capacity ? elements.count - 1 : (nextIndex + capacity - 1) % capacity
        return elements[(newest - back + capacity) % capacity]
    }
}
