#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A page that is not what LMDB would have written, found by reading the file: the page
/// (nil when the fault is not one page's) and what is wrong with it.
struct PageFault: Error, Equatable, Sendable {
    let page: UInt64?
    let problem: String
}

/// Walks LMDB's B+trees in a mapped data file, checking every page as it goes: that it is in
/// the file, reached once, of the kind its level needs, its nodes inside it, its keys in order
/// and within the bounds its parent gives, and a tree's page and entry counts as its record says.
///
/// Nothing read is trusted: every offset and page number is checked before it is used, so a
/// damaged file gives a `PageFault`, never a read outside the map. Cost: each page of a tree
/// once, each key compared with its neighbour; no allocation per page.
final class PageWalker {
    let file: MappedDataFile
    let lastPage: UInt64
    /// A bit per page from 0 through `trackedPages - 1`: set once the page is reached.
    private var reached: [UInt64]
    let trackedPages: UInt64

    /// A walker of `file` whose snapshot ends at `lastPage`, remembering which of its first
    /// `trackedPages` pages it reached (pages past them it checks but does not remember).
    init(file: MappedDataFile, lastPage: UInt64, trackedPages: UInt64) {
        self.file = file
        self.lastPage = lastPage
        self.trackedPages = trackedPages
        reached = [UInt64](repeating: 0, count: Int((trackedPages + 63) / 64))
    }

    var pageSize: Int { file.pageSize }

    /// How keys compare in a tree (LMDB's `mdb_cmp_memn`, `mdb_cmp_memnr`, `mdb_cmp_int`).
    enum KeyOrder {
        case bytes, reversedBytes, integer

        /// The order of a tree's keys under `flags`.
        init(keyFlags flags: UInt16) {
            self = flags & PageLayout.integerKey != 0 ? .integer : flags & PageLayout.reverseKey != 0 ? .reversedBytes : .bytes
        }

        /// The order of a sorted-duplicates tree's values under its database's `flags`.
        init(duplicateFlags flags: UInt16) {
            self = flags & PageLayout.integerDuplicate != 0 ? .integer
                : flags & PageLayout.reverseDuplicate != 0 ? .reversedBytes : .bytes
        }
    }

    /// A leaf's entry: its key, flags and data (on its overflow pages when it has them).
    struct LeafEntry {
        let page: UInt64
        let key: UnsafeRawBufferPointer
        let flags: UInt16
        let data: UnsafeRawBufferPointer
    }

    /// True when page `page` has been reached.
    func hasReached(_ page: UInt64) -> Bool {
        page < trackedPages && reached[Int(page / 64)] & (1 << (page % 64)) != 0
    }

    /// Marks pages `first` through `first + count - 1` as reached, by `owner`.
    ///
    /// - Throws: when one is a meta page or past the last page, or was reached before.
    func mark(_ first: UInt64, count: UInt64 = 1, by owner: String) throws(PageFault) {
        guard first >= 2, count >= 1, first <= lastPage, count - 1 <= lastPage - first else {
            throw PageFault(page: first, problem: "\(owner) refers to page \(first)\(count > 1 ? " (and \(count - 1) after it)" : ""), outside pages 2 to \(lastPage)")
        }
        for page in first..<first + count where page < trackedPages {
            let (word, bit) = (Int(page / 64), UInt64(1) << (page % 64))
            guard reached[word] & bit == 0 else {
                throw PageFault(page: page, problem: "page \(page) is reached twice (again from \(owner))")
            }
            reached[word] |= bit
        }
    }

    /// Walks the tree of `record` (a database called `name`), calling `leaf` with each entry.
    ///
    /// - Throws: the first `PageFault`, or what `leaf` throws.
    ///
    /// - Parameter isFreePages: the free-page database, whose branch pages may hold one key
    ///   (LMDB asserts two in every other tree).
    func walk(_ record: DatabaseRecord, name: String, keyOrder: KeyOrder, countsEntries: Bool = true, isFreePages: Bool = false,
              leaf: (LeafEntry) throws(PageFault) -> Void) throws(PageFault) {
        if let problem = record.impossibility(lastPage: lastPage) {
            throw PageFault(page: nil, problem: "the record of \(name) is impossible: \(problem)")
        }
        guard !record.isEmpty else { return }
        var counts = TreeCounts()
        try descend(record.root, level: 1, record: record, name: name, order: keyOrder, fewestBranchKeys: isFreePages ? 1 : 2,
                    lower: nil, upper: nil, counts: &counts, leaf: leaf)
        let found = (counts.branch, counts.leaf, counts.overflow)
        guard found == (record.branchPages, record.leafPages, record.overflowPages) else {
            throw PageFault(page: record.root, problem: "\(name) has \(found.0) branch, \(found.1) leaf and \(found.2) overflow pages, but its record says \(record.branchPages), \(record.leafPages) and \(record.overflowPages)")
        }
        guard !countsEntries || counts.entries == record.entries else {
            throw PageFault(page: record.root, problem: "\(name) has \(counts.entries) entries, but its record says \(record.entries)")
        }
    }

    private struct TreeCounts {
        var branch: UInt64 = 0
        var leaf: UInt64 = 0
        var overflow: UInt64 = 0
        var entries: UInt64 = 0
    }

    private func descend(
        _ number: UInt64, level: Int, record: DatabaseRecord, name: String, order: KeyOrder, fewestBranchKeys: Int,
        lower: UnsafeRawBufferPointer?, upper: UnsafeRawBufferPointer?, counts: inout TreeCounts,
        leaf: (LeafEntry) throws(PageFault) -> Void
    ) throws(PageFault) {
        try mark(number, by: name)
        let page = try self.page(number, in: name)
        let isLeafLevel = level == Int(record.depth)
        let flags = page.uint16(at: PageLayout.flagsOffset)
        let expected = isLeafLevel ? PageLayout.leafPage : PageLayout.branchPage
        let isLeaf2 = isLeafLevel && flags == PageLayout.leafPage | PageLayout.leaf2Page
            && record.flags & PageLayout.duplicateFixed != 0
        guard flags == expected || isLeaf2 else {
            throw PageFault(page: number, problem: "page \(number) of \(name) has flags \(hex(flags)), where a \(isLeafLevel ? "leaf" : "branch") page at level \(level) of \(record.depth) was expected")
        }
        let lowerBound = Int(page.uint16(at: PageLayout.lowerOffset))
        let upperBound = Int(page.uint16(at: PageLayout.upperOffset))
        guard lowerBound >= PageLayout.headerSize + 2, lowerBound <= upperBound, upperBound <= pageSize,
              (lowerBound - PageLayout.headerSize) % 2 == 0
        else {
            throw PageFault(page: number, problem: "page \(number) of \(name) says its free space runs from \(lowerBound) to \(upperBound) in a page of \(pageSize) bytes")
        }
        let keyCount = (lowerBound - PageLayout.headerSize) / 2
        guard isLeafLevel || keyCount >= fewestBranchKeys else {
            throw PageFault(page: number, problem: "branch page \(number) of \(name) has \(keyCount) key, where LMDB needs \(fewestBranchKeys)")
        }
        if isLeafLevel { counts.leaf += 1 } else { counts.branch += 1 }
        if isLeaf2 {
            try checkLeaf2(page, number: number, keyCount: keyCount, name: name, order: order, lower: lower, upper: upper)
            counts.entries += UInt64(keyCount)
            return
        }
        var previous: UnsafeRawBufferPointer? = lower
        for index in 0..<keyCount {
            let offset = Int(page.uint16(at: PageLayout.headerSize + 2 * index))
            guard offset >= upperBound, offset + PageLayout.nodeHeaderSize <= pageSize else {
                throw PageFault(page: number, problem: "node \(index) of page \(number) of \(name) is at offset \(offset), outside the page's nodes (\(upperBound) to \(pageSize))")
            }
            let keySize = Int(page.uint16(at: offset + 6))
            let keyStart = offset + PageLayout.nodeHeaderSize
            guard keyStart + keySize <= pageSize else {
                throw PageFault(page: number, problem: "the key of node \(index) of page \(number) of \(name) runs past the end of the page")
            }
            let key = UnsafeRawBufferPointer(rebasing: page[keyStart..<keyStart + keySize])
            // A branch's first key is never read: its child holds everything below the second.
            if isLeafLevel || index > 0 {
                if let previous, Self.compare(previous, key, order) >= (index == 0 || (!isLeafLevel && index == 1) ? 1 : 0) {
                    throw PageFault(page: number, problem: "the keys of page \(number) of \(name) are out of order at node \(index)")
                }
                if let upper, Self.compare(key, upper, order) >= 0 {
                    throw PageFault(page: number, problem: "node \(index) of page \(number) of \(name) has a key beyond what its parent page allows")
                }
                previous = key
            }
            let low = page.uint16(at: offset), high = page.uint16(at: offset + 2), nodeFlags = page.uint16(at: offset + 4)
            if !isLeafLevel {
                let child = UInt64(low) | UInt64(high) << 16 | UInt64(nodeFlags) << 32
                let childUpper: UnsafeRawBufferPointer?
                if index + 1 < keyCount {
                    childUpper = try branchKey(page, index: index + 1, upperBound: upperBound, number: number, name: name)
                } else {
                    childUpper = upper
                }
                try descend(child, level: level + 1, record: record, name: name, order: order, fewestBranchKeys: fewestBranchKeys,
                            lower: index == 0 ? lower : key, upper: childUpper, counts: &counts, leaf: leaf)
                continue
            }
            let dataSize = Int(low) | Int(high) << 16
            let dataStart = keyStart + keySize
            let data: UnsafeRawBufferPointer
            if nodeFlags & PageLayout.bigDataNode != 0 {
                guard dataStart + 8 <= pageSize else {
                    throw PageFault(page: number, problem: "node \(index) of page \(number) of \(name) runs past the end of the page")
                }
                let first = page.uint64(at: dataStart)
                data = try overflowData(first, size: dataSize, name: name, counts: &counts)
            } else {
                guard dataStart + dataSize <= pageSize else {
                    throw PageFault(page: number, problem: "the data of node \(index) of page \(number) of \(name) runs past the end of the page")
                }
                data = UnsafeRawBufferPointer(rebasing: page[dataStart..<dataStart + dataSize])
            }
            if nodeFlags & PageLayout.duplicateDataNode != 0 && record.flags & PageLayout.duplicateSort == 0 {
                throw PageFault(page: number, problem: "node \(index) of page \(number) of \(name) holds duplicates, which \(name) does not keep")
            }
            counts.entries += 1
            try leaf(LeafEntry(page: number, key: key, flags: nodeFlags, data: data))
        }
    }

    /// The key of branch node `index` (checked to lie in the page), the upper bound of the child before it.
    private func branchKey(_ page: UnsafeRawBufferPointer, index: Int, upperBound: Int, number: UInt64, name: String) throws(PageFault) -> UnsafeRawBufferPointer {
        let offset = Int(page.uint16(at: PageLayout.headerSize + 2 * index))
        guard offset >= upperBound, offset + PageLayout.nodeHeaderSize <= pageSize else {
            throw PageFault(page: number, problem: "node \(index) of page \(number) of \(name) is at offset \(offset), outside the page's nodes (\(upperBound) to \(pageSize))")
        }
        let keyStart = offset + PageLayout.nodeHeaderSize
        let keySize = Int(page.uint16(at: offset + 6))
        guard keyStart + keySize <= pageSize else {
            throw PageFault(page: number, problem: "the key of node \(index) of page \(number) of \(name) runs past the end of the page")
        }
        return UnsafeRawBufferPointer(rebasing: page[keyStart..<keyStart + keySize])
    }

    /// A LEAF2 page (fixed-size duplicates): keys side by side after the header.
    private func checkLeaf2(_ page: UnsafeRawBufferPointer, number: UInt64, keyCount: Int, name: String, order: KeyOrder,
                            lower: UnsafeRawBufferPointer?, upper: UnsafeRawBufferPointer?) throws(PageFault) {
        let keySize = Int(page.uint16(at: PageLayout.padOffset))
        guard keySize > 0, PageLayout.headerSize + keyCount * keySize <= pageSize else {
            throw PageFault(page: number, problem: "page \(number) of \(name) holds \(keyCount) values of \(keySize) bytes, more than a page")
        }
        var previous = lower
        for index in 0..<keyCount {
            let start = PageLayout.headerSize + index * keySize
            let key = UnsafeRawBufferPointer(rebasing: page[start..<start + keySize])
            if let previous, Self.compare(previous, key, order) >= (index == 0 ? 1 : 0) {
                throw PageFault(page: number, problem: "the values of page \(number) of \(name) are out of order at \(index)")
            }
            if let upper, Self.compare(key, upper, order) >= 0 {
                throw PageFault(page: number, problem: "value \(index) of page \(number) of \(name) is beyond what its parent page allows")
            }
            previous = key
        }
    }

    /// The `size` bytes of data on the overflow pages from `first`, marking them reached.
    private func overflowData(_ first: UInt64, size: Int, name: String, counts: inout TreeCounts) throws(PageFault) -> UnsafeRawBufferPointer {
        let header = try page(first, in: name)
        let pageCount = Int(header.uint32(at: PageLayout.overflowCountOffset))
        let needed = PageLayout.overflowPages(holding: size, pageSize: pageSize)
        guard header.uint64(at: PageLayout.pageNumberOffset) == first, header.uint16(at: PageLayout.flagsOffset) == PageLayout.overflowPage,
              pageCount >= needed
        else {
            throw PageFault(page: first, problem: "page \(first) of \(name) is not the overflow page of \(needed) pages its leaf says it is")
        }
        try mark(first, count: UInt64(pageCount), by: name)
        guard let pages = file.pages(first, count: pageCount) else {
            throw PageFault(page: first, problem: "overflow pages \(first) to \(first + UInt64(pageCount) - 1) of \(name) run past the end of \(file.path) (\(file.pageCount) pages): the file was cut short")
        }
        counts.overflow += UInt64(pageCount)
        return UnsafeRawBufferPointer(rebasing: pages[PageLayout.headerSize..<PageLayout.headerSize + size])
    }

    /// Page `number`, which must be in the file and say it is that page.
    private func page(_ number: UInt64, in name: String) throws(PageFault) -> UnsafeRawBufferPointer {
        guard let page = file.pages(number) else {
            throw PageFault(page: number, problem: "page \(number) of \(name) is past the end of \(file.path) (\(file.pageCount) pages): the file was cut short")
        }
        let stated = page.uint64(at: PageLayout.pageNumberOffset)
        guard stated == number else {
            throw PageFault(page: number, problem: "page \(number) of \(name) says it is page \(stated)")
        }
        return page
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ order: KeyOrder) -> Int {
        switch order {
        case .integer where a.count == b.count && (a.count == 8 || a.count == 4):
            let (x, y) = a.count == 8 ? (a.loadUnaligned(as: UInt64.self), b.loadUnaligned(as: UInt64.self))
                                      : (UInt64(a.loadUnaligned(as: UInt32.self)), UInt64(b.loadUnaligned(as: UInt32.self)))
            return x < y ? -1 : x == y ? 0 : 1
        case .reversedBytes:
            var (i, j) = (a.count, b.count)
            while i > 0 && j > 0 {
                i -= 1
                j -= 1
                if a[i] != b[j] { return Int(a[i]) - Int(b[j]) }
            }
            return a.count - b.count
        default:
            // Eight bytes at a time, read big-endian so that integer order is byte order: the
            // keys here are mostly 8 to 24 bytes, for which a call to memcmp costs more.
            let common = min(a.count, b.count)
            var offset = 0
            while offset + 8 <= common {
                let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                if x != y { return x < y ? -1 : 1 }
                offset += 8
            }
            while offset < common {
                if a[offset] != b[offset] { return Int(a[offset]) - Int(b[offset]) }
                offset += 1
            }
            return a.count - b.count
        }
    }
}
