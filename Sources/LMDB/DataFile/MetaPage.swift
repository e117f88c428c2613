/// One of the two meta pages at the start of an LMDB data file: where a snapshot starts.
/// Transaction N writes meta page N % 2, so the newer of the two is the store as committed.
struct MetaPage: Sendable {
    /// 0 or 1.
    let index: Int
    let pageFlags: UInt16
    let magic: UInt32
    let version: UInt32
    let free: DatabaseRecord
    let main: DatabaseRecord
    /// The last page in use (the file may end before it when the pages after its end are free).
    let lastPage: UInt64
    let transactionID: UInt64

    /// The meta page in `bytes` (at least `PageLayout.metaSize` of them).
    init(index: Int, bytes: UnsafeRawBufferPointer) {
        self.index = index
        pageFlags = bytes.uint16(at: PageLayout.flagsOffset)
        magic = bytes.uint32(at: PageLayout.metaMagicOffset)
        version = bytes.uint32(at: PageLayout.metaVersionOffset)
        free = DatabaseRecord(bytes, at: PageLayout.freeRecordOffset)
        main = DatabaseRecord(bytes, at: PageLayout.mainRecordOffset)
        lastPage = bytes.uint64(at: PageLayout.lastPageOffset)
        transactionID = bytes.uint64(at: PageLayout.transactionOffset)
    }

    /// The page size the file was written with (kept in the free-page database's record).
    var pageSize: Int { Int(free.pad) }

    /// True when LMDB would take it for a meta page of a file it can read: what
    /// `mdb_env_read_header` checks, without which LMDB refuses the file itself.
    var isLMDBMetaPage: Bool { pageFlags & PageLayout.metaPage != 0 && magic == PageLayout.magic }

    /// What is impossible about the snapshot this page starts, or nil: what LMDB would act on
    /// without checking (a page size, flags that change how it reads a tree, a root or a last
    /// page outside the file).
    var impossibility: String? {
        guard PageLayout.pageSizes.contains(pageSize), pageSize & (pageSize - 1) == 0 else {
            return "its page size is \(pageSize) (LMDB writes a power of two from 512 to 65,536)"
        }
        guard lastPage >= 1, lastPage < UInt64(Int.max / pageSize) else {
            return "its last page in use is \(lastPage)"
        }
        guard free.flags & ~PageLayout.environmentFlags == PageLayout.integerKey else {
            return "the free-page database's flags are \(hex(free.flags)), where LMDB writes \(hex(PageLayout.integerKey)) (integer keys)"
        }
        if let problem = free.impossibility(lastPage: lastPage) { return "the free-page database's record is impossible: \(problem)" }
        if let problem = main.flagsImpossibility { return "the main database's record is impossible: \(problem)" }
        if let problem = main.impossibility(lastPage: lastPage) { return "the main database's record is impossible: \(problem)" }
        return nil
    }
}
