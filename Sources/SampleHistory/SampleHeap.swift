import Casework
/// A binary min-heap: the generator's agenda and its buffer of events waiting to be recorded.
///
/// Push and pop cost O(log n); memory is the elements held.
struct SampleHeap<Element: Comparable> {
    private(set) var elements: [Element] = []

    var count: Int { elements.count }
    var isEmpty: Bool { elements.isEmpty }
    var first: Element? { elements.first }

    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !(elements[child] < elements[parent]) { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        elements.swapAt(0, elements.count - 1)
        let smallest = elements.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= elements.count { break }
            let right = left + 1
            let child = right < elements.count && elements[right] < elements[left] ? right : left
            if !(elements[child] < elements[parent]) { break }
            elements.swapAt(child, parent)
            parent = child
        }
        return smallest
    }
}
