import Synchronization

/// The heads that carry state from a `transition`, of the streams a write has appended to, as
/// they now are: written with the write's commit (`LogWriter.finish`).
///
/// Heads live in an array, each at a slot that the stream's entry in the tail also notes
/// (`PendingIndex.Stream.keptHead`), so that an append to a stream it has seen finds its head
/// through the tail look-up it makes anyway, instead of a second look-up by name: the importer
/// appends every line with a transition, and that look-up was a twentieth of its writing
/// thread. The name → slot table serves everything else.
struct KeptHeads {
    /// Tells one write's slots from another's: the tail, and the slots noted in it, outlive a
    /// write (`EventStore` keeps it for the next), the heads do not.
    let writeID: UInt64
    private(set) var slots: [String: Int] = [:]
    private(set) var heads: [StreamHead] = []

    private static let writes = Atomic<UInt64>(0)

    /// No heads yet, for a new write.
    init() {
        writeID = Self.writes.add(1, ordering: .relaxed).newValue
    }

    var isEmpty: Bool { heads.isEmpty }

    /// The slot of `name`'s head, when this write keeps one.
    func slot(of name: String) -> Int? { slots[name] }

    /// The head at `slot`.
    subscript(slot: Int) -> StreamHead {
        get { heads[slot] }
        set { heads[slot] = newValue }
    }

    /// Keeps `head`, whose stream has none kept yet; returns its slot.
    mutating func add(_ head: StreamHead) -> Int {
        let slot = heads.count
        heads.append(head)
        slots[head.name] = slot
        return slot
    }
}
