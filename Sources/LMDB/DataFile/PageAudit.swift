/// What `Environment.auditPages(in:)` found in a snapshot's pages.
public enum PageAuditOutcome: Sendable, Equatable {
    /// Every page from 2 to the last is in exactly one tree or on the free list, and every
    /// tree is well formed: `pagesInUse` pages in trees, `freePages` free.
    case sound(pagesInUse: UInt64, freePages: UInt64)
    /// The first fault found: the page when it is one page's, and what is wrong.
    case damaged(page: UInt64?, problem: String)
}

extension Environment {
    /// Walks LMDB's own B+trees in `txn`'s snapshot, reading the data file itself with every
    /// offset and page number checked, so that a damaged page is reported rather than stepped
    /// on: the main database and each named database, the free-page database and the pages it
    /// lists. Checks that every page from 2 to the snapshot's last is reached exactly once
    /// (LMDB's own invariant, which its debug `mdb_audit` asserts: free pages + tree pages +
    /// the two meta pages = the last page + 1), that each page is of the kind its level needs
    /// and says it is the page it is, that nodes lie within their page and keys are in order
    /// and within their parent's bounds, and that each tree has the pages, depth and entries
    /// its record says.
    ///
    /// - Returns: the outcome, or nil when the snapshot's meta page was overwritten before it
    ///   could be read (two commits since `txn` began): run it again in a new transaction.
    /// - Throws: `LMDBError` when the data file cannot be opened or mapped.
    /// - Complexity: every page in use is read once and every key compared with its neighbour;
    ///   memory is a bit per page.
    public func auditPages(in txn: borrowing ReadTransaction) throws(LMDBError) -> PageAuditOutcome? {
        let file = try MappedDataFile(path: dataFilePath, pageSize: pageSize)
        guard let metaPages = file.pages(0, count: 2) else {
            return .damaged(page: nil, problem: "\(file.path) is \(grouped(file.size)) bytes, too short for its two meta pages: it was cut short")
        }
        let snapshot = txn.transactionID
        let metas = [0, 1].map { MetaPage(index: $0, bytes: UnsafeRawBufferPointer(rebasing: metaPages[($0 * pageSize)...])) }
        guard let meta = metas.first(where: { Int($0.transactionID) == snapshot }) else { return nil }
        if let problem = meta.impossibility {
            return .damaged(page: UInt64(meta.index), problem: "meta page \(meta.index) (transaction \(meta.transactionID)): \(problem)")
        }
        // Pages past the file's end can only be free; the free list names at most a page per
        // 8 bytes of its own pages, which are in the file.
        guard meta.lastPage < file.pageCount + file.pageCount * UInt64(pageSize / 8) else {
            return .damaged(page: UInt64(meta.index), problem: "meta page \(meta.index) says pages up to \(meta.lastPage) are in use, far past the end of \(file.path) (\(file.pageCount) pages)")
        }
        let walker = PageWalker(file: file, lastPage: meta.lastPage, trackedPages: meta.lastPage + 1)
        var freePages: UInt64 = 0
        do throws(PageFault) {
            try walkMainDatabase(meta.main, walker: walker)
            try walker.walk(meta.free, name: "the free-page database", keyOrder: .integer, isFreePages: true) { entry throws(PageFault) in
                try FreeList.forEachPage(in: entry) { page throws(PageFault) in
                    try walker.mark(page, by: "the free list")
                    freePages += 1
                }
            }
            for page in 2...max(2, meta.lastPage) where meta.lastPage >= 2 && !walker.hasReached(page) {
                throw PageFault(page: page, problem: "page \(page) is in no database and not on the free list: LMDB lost track of it")
            }
        } catch {
            return .damaged(page: error.page, problem: error.problem)
        }
        let inTrees = meta.lastPage + 1 - 2 - freePages
        return .sound(pagesInUse: inTrees, freePages: freePages)
    }

    /// The main database, and each named database its leaves hold a record of.
    private func walkMainDatabase(_ main: DatabaseRecord, walker: PageWalker) throws(PageFault) {
        try walker.walk(main, name: "the main database", keyOrder: PageWalker.KeyOrder(keyFlags: main.flags)) { entry throws(PageFault) in
            guard entry.flags & PageLayout.subDataNode != 0, entry.flags & PageLayout.duplicateDataNode == 0 else { return }
            let name = "the " + String(decoding: entry.key, as: UTF8.self) + " database"
            guard entry.data.count == PageLayout.databaseRecordSize else {
                throw PageFault(page: entry.page, problem: "the record of \(name) on page \(entry.page) is \(entry.data.count) bytes, not \(PageLayout.databaseRecordSize)")
            }
            let record = DatabaseRecord(entry.data, at: 0)
            if let problem = record.flagsImpossibility {
                throw PageFault(page: entry.page, problem: "the record of \(name) on page \(entry.page) is impossible: \(problem)")
            }
            let keepsDuplicates = record.flags & PageLayout.duplicateSort != 0
            try walker.walk(record, name: name, keyOrder: PageWalker.KeyOrder(keyFlags: record.flags),
                            countsEntries: !keepsDuplicates) { inner throws(PageFault) in
                // Sorted duplicates in a tree of their own: a record of it, walked in turn.
                guard keepsDuplicates, inner.flags & PageLayout.duplicateDataNode != 0, inner.flags & PageLayout.subDataNode != 0 else { return }
                guard inner.data.count == PageLayout.databaseRecordSize else {
                    throw PageFault(page: inner.page, problem: "a duplicates record of \(name) on page \(inner.page) is \(inner.data.count) bytes")
                }
                let duplicates = DatabaseRecord(inner.data, at: 0)
                try walker.walk(duplicates, name: "the duplicates of a key of \(name)",
                                keyOrder: PageWalker.KeyOrder(duplicateFlags: record.flags)) { _ throws(PageFault) in }
            }
        }
    }

    /// The data file of this environment.
    var dataFilePath: String { path + "/data.mdb" }
}
