import CLMDB

/// A named database inside an environment (LMDB's `MDB_dbi`).
///
/// Handles are opened once, when the environment is opened, and stay valid until it closes.
/// They are plain values: cheap to copy and safe to share between threads.
public struct Database: Hashable, Sendable {
    @usableFromInline init(handle: MDB_dbi, name: String) {
        self.handle = handle
        self.name = name
    }

    /// LMDB's handle.
    @usableFromInline let handle: MDB_dbi
    /// The name it was opened under.
    public let name: String

    /// The handle of a database the file does not have, in an environment opened read-only
    /// (where a missing database cannot be created): reads find nothing in it.
    @usableFromInline static let absentHandle = MDB_dbi.max

    /// A database named `name` that the environment does not have and cannot create because it
    /// is read-only, read as empty: no value, no entry for a cursor, no statistics.
    public static func absent(named name: String) -> Database { Database(handle: absentHandle, name: name) }

    /// True for `absent(named:)`.
    @inlinable public var isAbsent: Bool { handle == Self.absentHandle }

    /// How a database orders and stores its keys.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Keys are native-endian unsigned integers of 4 or 8 bytes (`MDB_INTEGERKEY`).
        public static let integerKeys = Flags(rawValue: UInt32(MDB_INTEGERKEY))
        /// Several sorted values per key (`MDB_DUPSORT`).
        public static let duplicateKeys = Flags(rawValue: UInt32(MDB_DUPSORT))
    }
}

/// Counts for one database (`mdb_stat`).
public struct DatabaseStatistics: Sendable, Equatable {
    /// Number of key/value pairs.
    public let entries: Int
    /// Height of the B+tree.
    public let depth: Int
    /// Pages: branch + leaf + overflow.
    public let pages: Int
    /// Size of a page in bytes.
    public let pageSize: Int

    init(_ stat: MDB_stat) {
        entries = Int(stat.ms_entries)
        depth = Int(stat.ms_depth)
        pages = Int(stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages)
        pageSize = Int(stat.ms_psize)
    }
}
