/// The free-page database's entries: key a transaction id, data the pages that transaction
/// freed as an `MDB_IDL` (a count n, then n page numbers, each 8 bytes). An entry may have
/// room for more than n (LMDB reserves room for its list of reusable pages, then fills less).
enum FreeList {
    /// Calls `body` with each page number in the entry.
    ///
    /// - Throws: `PageFault` when the entry is not a list of the length it states.
    static func forEachPage(in entry: PageWalker.LeafEntry, _ body: (UInt64) throws(PageFault) -> Void) throws(PageFault) {
        let data = entry.data
        guard entry.key.count == 8, data.count >= 8, data.uint64(at: 0) <= UInt64(data.count / 8 - 1) else {
            throw PageFault(page: entry.page, problem: "an entry of the free-page database on page \(entry.page) is not a list of free pages (\(data.count) bytes)")
        }
        let count = Int(data.uint64(at: 0))
        guard count > 0 else { return }
        for index in 1...count { try body(data.uint64(at: 8 * index)) }
    }
}
