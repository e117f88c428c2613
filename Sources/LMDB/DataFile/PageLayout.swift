/// Where LMDB 0.9 keeps what in its data file, on a 64-bit little-endian machine (mdb.c:
/// `MDB_page`, `MDB_node`, `MDB_db`, `MDB_meta`), for the checks that read the file themselves
/// (`DataFileCheck`, `PageAudit`). Every number read through it is checked before it is used
/// as an offset, a length or a page number: it comes from a file that may be damaged.
enum PageLayout {
    /// Bytes of a page header: page number (8), padding (2), flags (2), then either the lower
    /// and upper bounds of the free space (2 + 2) or, on an overflow page, its page count (4).
    static let headerSize = 16
    static let pageNumberOffset = 0
    /// On a LEAF2 page, the size of every key.
    static let padOffset = 8
    static let flagsOffset = 10
    static let lowerOffset = 12
    static let upperOffset = 14
    static let overflowCountOffset = 12

    /// Page flags.
    static let branchPage: UInt16 = 0x01
    static let leafPage: UInt16 = 0x02
    static let overflowPage: UInt16 = 0x04
    static let metaPage: UInt16 = 0x08
    static let leaf2Page: UInt16 = 0x20

    /// Bytes of a node header: two halves of the data size (or of a branch's child page
    /// number), flags (a branch's child page number's top 16 bits), key size.
    static let nodeHeaderSize = 8
    /// Leaf node flags: the data is on overflow pages; it is a database record (a named
    /// database, or a sorted-duplicates sub-database); it holds duplicates.
    static let bigDataNode: UInt16 = 0x01
    static let subDataNode: UInt16 = 0x02
    static let duplicateDataNode: UInt16 = 0x04

    /// Bytes of a database record (`MDB_db`).
    static let databaseRecordSize = 48
    /// The meta page: after the page header, magic (4), version (4), fixed map address (8),
    /// map size (8), the free-page and main databases' records, last page (8), transaction (8).
    static let metaMagicOffset = headerSize
    static let metaVersionOffset = headerSize + 4
    static let freeRecordOffset = headerSize + 24
    static let mainRecordOffset = freeRecordOffset + databaseRecordSize
    static let lastPageOffset = mainRecordOffset + databaseRecordSize
    static let transactionOffset = lastPageOffset + 8
    /// The bytes of a meta page LMDB reads.
    static let metaSize = transactionOffset + 8
    static let magic: UInt32 = 0xBEEF_C0DE
    static let dataVersion: UInt32 = 1

    /// The page number of an empty database's root.
    static let noPage = UInt64.max
    /// LMDB's cursors hold at most this many levels.
    static let maximumDepth = 32
    /// Page sizes LMDB writes: a power of two, at most 64 KiB.
    static let pageSizes = 512...65_536

    /// Database flags that are kept in the file (`PERSISTENT_FLAGS` of `mdb_dbi_open`).
    static let reverseKey: UInt16 = 0x02
    static let duplicateSort: UInt16 = 0x04
    static let integerKey: UInt16 = 0x08
    static let duplicateFixed: UInt16 = 0x10
    static let integerDuplicate: UInt16 = 0x20
    static let reverseDuplicate: UInt16 = 0x40
    /// The environment flags a meta page keeps beside the free-page database's flags
    /// (`MDB_FIXEDMAP`, `MDB_NOSUBDIR`).
    static let environmentFlags: UInt16 = 0x01 | 0x4000

    /// Overflow pages that hold `size` bytes of data (`OVPAGES`).
    static func overflowPages(holding size: Int, pageSize: Int) -> Int { (headerSize - 1 + size) / pageSize + 1 }
}

extension UnsafeRawBufferPointer {
    /// The little-endian integer at `offset`; the caller has checked that it is inside.
    func uint16(at offset: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    func uint32(at offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    func uint64(at offset: Int) -> UInt64 { UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
}
