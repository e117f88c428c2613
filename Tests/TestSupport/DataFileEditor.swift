
/// The bytes of an environment's data.mdb, with just enough of LMDB 0.9's layout (64-bit) to
/// find a meta page, a named database's record and a page's nodes, so that a test can damage
/// one thing as a disk, a bug or a person might.
public struct DataFileEditor {
    public let path: String
    public var bytes: [UInt8]

    /// The file does not exist or cannot be read.
    public struct Unreadable: Error {}

    /// The data file of the environment in `directory`.
    public init(_ directory: String) throws {
        path = directory + "/data.mdb"
        guard let bytes = readFile(path) else { throw Unreadable() }
        self.bytes = bytes
    }

    public func save() { writeFile(path, bytes) }

    public var pageSize: Int { Int(uint32(at: 40)) }
    /// The file offset of the meta page LMDB reads (the greater transaction id).
    public var newestMeta: Int { uint64(at: pageSize + 144) > uint64(at: 144) ? pageSize : 0 }
    public var lastPage: Int { Int(uint64(at: newestMeta + 136)) }

    /// Offsets within a meta page.
    public enum Meta {
        public static let pageSize = 40, freeFlags = 44, freeDepth = 46, freeRoot = 80
        public static let mainFlags = 92, mainDepth = 94, mainRoot = 128, lastPage = 136, transaction = 144
    }

    /// The file offset of page `number`.
    public func page(_ number: Int) -> Int { number * pageSize }

    /// The file offsets of the nodes of page `number`.
    public func nodes(ofPage number: Int) -> [Int] {
        let start = page(number)
        let count = (Int(uint16(at: start + 12)) - 16) / 2
        return (0..<count).map { start + Int(uint16(at: start + 16 + 2 * $0)) }
    }

    /// The key of the node at file offset `node`.
    public func key(ofNode node: Int) -> [UInt8] { Array(bytes[node + 8..<node + 8 + Int(uint16(at: node + 6))]) }

    /// The child page of the branch node at `node`.
    public func child(ofNode node: Int) -> Int { Int(uint16(at: node)) | Int(uint16(at: node + 2)) << 16 | Int(uint16(at: node + 4)) << 32 }

    /// No named database of that name in a main database of one leaf.
    public struct NoSuchDatabase: Error { public let name: String }

    /// The file offset of the record of named database `name`, in a main database of one leaf.
    public func record(of name: String) throws -> Int {
        let root = Int(uint64(at: newestMeta + Meta.mainRoot))
        guard let node = nodes(ofPage: root).first(where: { key(ofNode: $0) == Array(name.utf8) }) else { throw NoSuchDatabase(name: name) }
        return node + 8 + Int(uint16(at: node + 6))
    }

    /// The root page of named database `name`.
    public func root(of name: String) throws -> Int { Int(uint64(at: try record(of: name) + 40)) }

    /// The transaction id on meta page `index`.
    public func transactionID(ofMeta index: Int) -> UInt64 { uint64(at: index * pageSize + Meta.transaction) }

    /// Drops the last page number of the first free-list entry (a leaf of the free-page
    /// database, one level, whose first node's data is the list: a count, then the pages), so
    /// that LMDB loses track of that page; returns it. Save to write it.
    ///
    /// - Throws: `Unreadable` when the free-page database is not one leaf with a non-empty list.
    public mutating func dropLastFreePage() throws -> UInt64 {
        let freeRoot = Int(uint64(at: newestMeta + Meta.freeRoot))
        guard uint16(at: newestMeta + Meta.freeDepth) == 1, let node = nodes(ofPage: freeRoot).first else { throw Unreadable() }
        let list = node + 8 + Int(uint16(at: node + 6))
        let count = uint64(at: list)
        guard count >= 1 else { throw Unreadable() }
        let dropped = uint64(at: list + 8 * Int(count))
        set(count - 1, at: list)
        return dropped
    }

    public func uint16(at offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
    public func uint32(at offset: Int) -> UInt32 { bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    public func uint64(at offset: Int) -> UInt64 { bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }

    public mutating func set(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8(value >> 8)
    }

    public mutating func set(_ value: UInt64, at offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }
}
