/// One database's record as LMDB keeps it (`MDB_db`): on a meta page for the free-page and
/// main databases, and in the main database's leaves for each named database.
struct DatabaseRecord: Equatable, Sendable {
    /// On the free-page database's record on a meta page: the page size.
    let pad: UInt32
    let flags: UInt16
    let depth: UInt16
    let branchPages: UInt64
    let leafPages: UInt64
    let overflowPages: UInt64
    let entries: UInt64
    /// The root page, `PageLayout.noPage` when the database is empty.
    let root: UInt64

    /// The record in `bytes` at `offset`, which the caller has checked holds 48 bytes.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        pad = bytes.uint32(at: offset)
        flags = bytes.uint16(at: offset + 4)
        depth = bytes.uint16(at: offset + 6)
        branchPages = bytes.uint64(at: offset + 8)
        leafPages = bytes.uint64(at: offset + 16)
        overflowPages = bytes.uint64(at: offset + 24)
        entries = bytes.uint64(at: offset + 32)
        root = bytes.uint64(at: offset + 40)
    }

    var isEmpty: Bool { root == PageLayout.noPage }

    /// What is impossible about the record in a file whose last page is `lastPage`, or nil:
    /// an empty database has no depth, entries or pages; a tree's root is a page after the two
    /// meta pages, its depth within what LMDB's cursors hold, its pages no more than the file's.
    func impossibility(lastPage: UInt64) -> String? {
        if isEmpty {
            guard depth == 0, entries == 0, branchPages == 0, leafPages == 0, overflowPages == 0 else {
                return "it has no root page but says it has \(depth) levels, \(entries) entries and \(branchPages &+ leafPages &+ overflowPages) pages"
            }
            return nil
        }
        guard root >= 2, root <= lastPage else { return "its root page is \(root), outside pages 2 to \(lastPage)" }
        guard (1...UInt16(PageLayout.maximumDepth)).contains(depth) else {
            return "it says its tree has \(depth) levels (LMDB holds 1 to \(PageLayout.maximumDepth))"
        }
        let (sum, overflowed) = branchPages.addingReportingOverflow(leafPages)
        let (pages, overflowedAgain) = sum.addingReportingOverflow(overflowPages)
        guard !overflowed, !overflowedAgain, pages <= lastPage - 1, leafPages >= 1, branchPages >= UInt64(depth) - 1 else {
            return "it says it has \(branchPages) branch, \(leafPages) leaf and \(overflowPages) overflow pages in a tree of \(depth) levels, in a file of \(lastPage + 1) pages"
        }
        guard entries >= 1 else { return "it has a root page but no entries" }
        return nil
    }

    /// What is wrong with the record's flags, or nil: only the flags `mdb_dbi_open` keeps,
    /// and those that qualify duplicates only with sorted duplicates.
    var flagsImpossibility: String? {
        let known = PageLayout.reverseKey | PageLayout.duplicateSort | PageLayout.integerKey
            | PageLayout.duplicateFixed | PageLayout.integerDuplicate | PageLayout.reverseDuplicate
        let duplicateOnly = PageLayout.duplicateFixed | PageLayout.integerDuplicate | PageLayout.reverseDuplicate
        if flags & ~known != 0 { return "its flags are \(hex(flags)), which LMDB never writes" }
        if flags & duplicateOnly != 0 && flags & PageLayout.duplicateSort == 0 {
            return "its flags \(hex(flags)) qualify duplicates it does not keep"
        }
        return nil
    }
}

/// `0x0008`.
func hex(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
