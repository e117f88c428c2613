import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The check of a data file against its meta pages that `Environment` makes before LMDB maps
/// it. LMDB 0.9 checks only a meta page's magic and version: a file cut short is mapped and
/// then read past its end (SIGBUS), and a changed page size, database flag or last page is
/// acted on (an assertion's abort, a hang, or an older snapshot read as the newest).
///
/// Cost: an `open`, an `fstat` and two `pread`s of 152 bytes; when the file ends before the
/// last page in use, also a walk of the free-page database to see that only free pages are
/// missing (LMDB leaves pages it freed before ever writing them out of the file).
enum DataFileCheck {
    /// Checks the data file at `path`. Returns false when it is empty (a store whose first
    /// pages were never written: LMDB starts it afresh), true when it was checked.
    ///
    /// - Throws: `LMDBError` `.invalid` or `.versionMismatch` for a file that is not an LMDB
    ///   data file this code reads, `.corrupted` with a `detail` naming the file, the size and
    ///   the size needed, or the field that is wrong. Nothing is thrown for a file that cannot
    ///   be opened: LMDB reports that itself.
    static func check(_ path: String) throws(LMDBError) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        // Another process may commit while this reads: its meta page can land between the
        // reads of the two meta pages, or after the file's length was taken, and the pages a
        // walk follows can be reused. What this saw is only trusted when the meta pages are
        // the same afterwards; when they changed, it looks again.
        var attempt = 0
        while true {
            var seen: [UInt64] = []
            do {
                return try checkOnce(descriptor, path: path, seen: &seen)
            } catch where error.returnCode == MDB_CORRUPTED && attempt < 1000 {
                attempt += 1
                if seen.isEmpty || transactionIDs(descriptor) == seen { throw error }
            }
        }
    }

    /// The transaction ids of the two meta pages as they are now, or none when they cannot be read.
    private static func transactionIDs(_ descriptor: Int32) -> [UInt64] {
        var ids: [UInt64] = []
        var offset = 0
        for index in 0..<2 {
            var buffer = [UInt8](repeating: 0, count: PageLayout.metaSize)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count == PageLayout.metaSize else { return [] }
            let page = buffer.withUnsafeBytes { MetaPage(index: index, bytes: $0) }
            ids.append(page.transactionID)
            offset = page.pageSize
        }
        return ids
    }

    private static func checkOnce(_ descriptor: Int32, path: String, seen: inout [UInt64]) throws(LMDBError) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return true }
        var size = Int(info.st_size)
        if size == 0 { return false }
        let first = try readMetaPage(0, at: 0, of: descriptor, path: path, size: size)
        let pageSize = first.pageSize
        guard PageLayout.pageSizes.contains(pageSize), pageSize & (pageSize - 1) == 0 else {
            throw damaged(path, "meta page 0 gives a page size of \(pageSize) (LMDB writes a power of two from 512 to 65,536)")
        }
        guard size >= 2 * pageSize else {
            throw damaged(path, "\(path) is \(grouped(size)) bytes, too short for its two meta pages (\(grouped(2 * pageSize)) bytes): it was cut short")
        }
        let second = try readMetaPage(1, at: pageSize, of: descriptor, path: path, size: size)
        guard second.pageSize == pageSize else {
            throw damaged(path, "meta page 1 gives a page size of \(second.pageSize), meta page 0 one of \(pageSize)")
        }
        seen = [first.transactionID, second.transactionID]
        let newest = try newestMetaPage(first, second, path: path)
        // The length after the meta pages: LMDB writes a commit's pages before its meta page.
        if fstat(descriptor, &info) == 0 { size = Int(info.st_size) }
        if let problem = newest.impossibility {
            throw damaged(path, "meta page \(newest.index) (transaction \(newest.transactionID)): \(problem)")
        }
        try checkLength(size, newest: newest, path: path)
        return true
    }

    /// The meta page LMDB will read: the one with the greater transaction id, after checking
    /// that the two ids are as LMDB writes them. Transaction N writes meta page N % 2, so the
    /// pages hold two consecutive transactions (both 0 in a new file, 0 and 1 in a compacted
    /// copy); an id changed by damage would make LMDB read an older snapshot as the newest,
    /// losing the last commit without a word.
    static func newestMetaPage(_ first: MetaPage, _ second: MetaPage, path: String) throws(LMDBError) -> MetaPage {
        for page in [first, second] where page.transactionID != 0 && page.transactionID % 2 != UInt64(page.index) {
            throw damaged(path, "meta page \(page.index) holds transaction \(page.transactionID), which LMDB writes only to meta page \(page.transactionID % 2): its transaction id was changed")
        }
        let (newest, older) = second.transactionID > first.transactionID ? (second, first) : (first, second)
        guard newest.transactionID == 0 || newest.transactionID - older.transactionID == 1 else {
            throw damaged(path, "the meta pages hold transactions \(first.transactionID) and \(second.transactionID), where LMDB writes consecutive ones in turn: a transaction id was changed")
        }
        return newest
    }

    /// Checks that every page in use is in the file: when the file ends before the newest meta
    /// page's last page, each missing page must be on the free list.
    private static func checkLength(_ size: Int, newest: MetaPage, path: String) throws(LMDBError) {
        let pageSize = newest.pageSize
        let filePages = UInt64(size / pageSize)
        guard filePages <= newest.lastPage else { return }
        let needed = (Int(newest.lastPage) + 1) * pageSize
        let cutShort = damaged(path, "\(path) is \(grouped(size)) bytes, but its meta page says pages up to \(newest.lastPage) are in use (\(grouped(needed)) bytes): it was cut short")
        for record in [newest.free, newest.main] where !record.isEmpty && record.root >= filePages { throw cutShort }
        // The free list holds at most a page number per 8 bytes of its pages, which are in the file.
        let missing = newest.lastPage + 1 - filePages
        guard missing <= filePages * UInt64(pageSize / 8) else { throw cutShort }
        var freeBeyondEnd: [UInt64] = []
        let file = try MappedDataFile(path: path, pageSize: pageSize)
        let walker = PageWalker(file: file, lastPage: newest.lastPage, trackedPages: min(filePages, file.pageCount))
        do throws(PageFault) {
            try walker.walk(newest.free, name: "the free-page database", keyOrder: .integer, isFreePages: true) { entry throws(PageFault) in
                try FreeList.forEachPage(in: entry) { page in
                    if page >= filePages { freeBeyondEnd.append(page) }
                }
            }
        } catch {
            throw damaged(path, error.problem)
        }
        freeBeyondEnd.sort()
        var distinct: UInt64 = 0
        for (index, page) in freeBeyondEnd.enumerated() where index == 0 || freeBeyondEnd[index - 1] != page { distinct += 1 }
        guard distinct == missing else { throw cutShort }
    }

    private static func readMetaPage(_ index: Int, at offset: Int, of descriptor: Int32, path: String, size: Int) throws(LMDBError) -> MetaPage {
        var buffer = [UInt8](repeating: 0, count: PageLayout.metaSize)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == PageLayout.metaSize else {
            if count < 0 { throw LMDBError(returnCode: errno, operation: "reading the meta pages of \(path)") }
            throw damaged(path, "\(path) is \(grouped(size)) bytes, too short for meta page \(index): it was cut short")
        }
        let page = buffer.withUnsafeBytes { MetaPage(index: index, bytes: $0) }
        guard page.isLMDBMetaPage else {
            throw LMDBError(returnCode: MDB_INVALID, operation: "opening \(path)",
                            detail: "page \(index) of \(path) is not an LMDB meta page: it is not an LMDB data file, or its start was overwritten")
        }
        guard page.version == PageLayout.dataVersion else {
            throw LMDBError(returnCode: MDB_VERSION_MISMATCH, operation: "opening \(path)",
                            detail: "meta page \(index) of \(path) is of LMDB data format \(page.version), where this LMDB reads \(PageLayout.dataVersion)")
        }
        return page
    }

    static func damaged(_ path: String, _ detail: String) -> LMDBError {
        LMDBError(returnCode: MDB_CORRUPTED, operation: "checking \(path)", detail: detail)
    }
}

/// `12345` as `12,345`.
func grouped(_ number: Int) -> String {
    let digits = Array(String(number))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return text
}
